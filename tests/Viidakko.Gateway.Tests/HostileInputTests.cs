using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// What no user means is refused with a field violation, and nothing is stored: control
/// characters (NUL, terminal escapes) and text-direction overrides in names and notes, dates like
/// 0001-01-01, and sums of money near 2^63.
/// </summary>
public sealed class HostileInputTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private async Task<FirmApi> FirmAsync()
    {
        var networkId = await _hub.NewNetworkAsync("hostile");
        var firm = await _hub.RegisterAsync(networkId, "firm-a");
        await firm.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "1234567-8");
        return firm;
    }

    public static TheoryData<string> Hostile => new()
    {
        "Viidakko\u0000rumpu",          // NUL
        "Viidakko\u001b[2Jrumpu",       // a terminal escape sequence
        "invoice\u202Egnp.exe",         // right-to-left override
        "name\u2066isolated\u2069",     // a bidirectional isolate
        "bell\u0007",
        "\ufeffbom",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Names_refuse_control_and_direction_characters(string text)
    {
        var firm = await FirmAsync();
        await Rpc.Invalid(() => _hub.Admin.RegisterFirmAsync(new RegisterFirmRequest
        {
            Parent = firm.Network, FirmId = "toinen", Firm = TestData.Plain(text),
        }), "firm.display_name");
        await Rpc.Invalid(() => firm.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = firm.Name, ClientId = "uusi", Client = new Client { DisplayName = "Uusi Oy", Contact = new ClientContact { PersonName = text } },
        }), "client.contact.person_name");
        await Rpc.Fails(StatusCode.NotFound, () => firm.Clients.GetClientAsync(new GetClientRequest { Name = firm.Client("uusi") }));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Notes_refuse_them_too(string text)
    {
        var firm = await FirmAsync();
        await Rpc.Invalid(() => firm.Clients.LogHassleAsync(new LogHassleRequest
        {
            Parent = firm.Client("asiakas"), Kind = HassleKind.Call, Minutes = 10, Note = text,
        }), "note");
        Assert.Empty((await firm.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = firm.Client("asiakas") })).Entries);
    }

    [Fact]
    public async Task Notes_keep_line_breaks_and_tabs_but_names_do_not()
    {
        var firm = await FirmAsync();
        var note = "First line\nSecond line\r\n\tindented";
        var entry = await firm.Clients.LogHassleAsync(new LogHassleRequest { Parent = firm.Client("asiakas"), Kind = HassleKind.Call, Minutes = 10, Note = note });
        Assert.Equal(note, entry.Note);

        await Rpc.Invalid(() => firm.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = firm.Name, ClientId = "kaksi", Client = new Client { DisplayName = "Kaksi\nOy" },
        }), "client.display_name");
        // Finnish letters and other scripts are people's names, not hostile input.
        await firm.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = firm.Name, ClientId = "aakkoset", Client = new Client { DisplayName = "Ääkkönen & Örö Oy — Ελληνικά 日本" },
        });
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1999-12-31")]
    [InlineData("9999-12-31")]
    public async Task Implausible_dates_are_refused(string date)
    {
        var firm = await FirmAsync();
        await Rpc.Invalid(() => firm.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = new Firm { Name = firm.Name, NextFreeDate = date },
            UpdateMask = new FieldMask { Paths = { "next_free_date" } },
        }), "firm.next_free_date");
    }

    [Fact]
    public async Task Undefined_capacity_values_are_refused_and_ignored_when_not_masked()
    {
        // Found by the fuzzer: these answered INTERNAL once.
        var firm = await FirmAsync();
        var undefined = TestData.Plain("Uusi");
        undefined.Capacity = (Capacity)99;
        await Rpc.Invalid(() => _hub.Admin.RegisterFirmAsync(new RegisterFirmRequest { Parent = firm.Network, FirmId = "uusi", Firm = undefined }), "firm.capacity");
        await Rpc.Invalid(() => firm.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = new Firm { Name = firm.Name, Capacity = (Capacity)99 },
            UpdateMask = new FieldMask { Paths = { "capacity" } },
        }), "firm.capacity");

        var renamed = await firm.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = new Firm { Name = firm.Name, DisplayName = "Renamed", Capacity = (Capacity)(-1) },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        });
        Assert.Equal("Renamed", renamed.DisplayName);
        Assert.Equal(Capacity.Available, renamed.Capacity);
    }

    [Fact]
    public async Task An_undefined_overlap_default_is_refused_and_ignored_when_not_masked()
    {
        // Found by the fuzzer: these answered INTERNAL once.
        var firm = await FirmAsync();
        await Rpc.Invalid(() => _hub.Admin.UpdateNetworkAsync(new UpdateNetworkRequest
        {
            Network = new Network { Name = firm.Network, OverlapDefault = (OverlapSharing)25 },
            UpdateMask = new FieldMask { Paths = { "overlap_default" } },
        }), "network.overlap_default");
        var renamed = await _hub.Admin.UpdateNetworkAsync(new UpdateNetworkRequest
        {
            Network = new Network { Name = firm.Network, DisplayName = "Renamed", OverlapDefault = (OverlapSharing)(-1) },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        });
        Assert.Equal(("Renamed", OverlapSharing.Nothing), (renamed.DisplayName, renamed.OverlapDefault));
    }

    [Fact]
    public async Task Implausible_timestamps_are_refused()
    {
        var firm = await FirmAsync();
        await Rpc.Invalid(() => firm.Clients.LogRevenueAsync(new LogRevenueRequest
        {
            Parent = firm.Client("asiakas"), AmountCents = 100, OccurTime = Timestamp.FromDateTime(new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
        }), "occur_time");
        await Rpc.Invalid(() => firm.Clients.LogRevenueAsync(new LogRevenueRequest
        {
            Parent = firm.Client("asiakas"), AmountCents = 100, OccurTime = Timestamp.FromDateTime(new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
        }), "occur_time");
        Assert.Empty((await firm.Clients.ListRevenueEntriesAsync(new ListRevenueEntriesRequest { Parent = firm.Client("asiakas") })).Entries);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MaxValue / 2)]
    [InlineData(10_000_000_001)]
    public async Task Sums_beyond_the_documented_maximum_are_refused(long cents)
    {
        var firm = await FirmAsync();
        await Rpc.Invalid(() => firm.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = firm.Client("asiakas"), AmountCents = cents }), "amount_cents");
        await Rpc.Invalid(() => firm.Matches.MatchPartnersAsync(new MatchPartnersRequest
        {
            Parent = firm.Name, Skills = { new SkillRequirement { Skill = "web" } }, BudgetMaxCents = cents,
        }), "budget_max_cents");
    }

    [Fact]
    public async Task The_documented_maximum_itself_is_accepted()
    {
        var firm = await FirmAsync();
        var entry = await firm.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = firm.Client("asiakas"), AmountCents = 10_000_000_000 });
        Assert.Equal(10_000_000_000, entry.AmountCents);
    }
}
