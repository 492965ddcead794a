using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>AIP-155: a member system that retries a call with the same request_id does it once.</summary>
public sealed class IdempotencyTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private async Task<(FirmApi A, FirmApi B)> SetUpAsync()
    {
        var networkId = await _hub.NewNetworkAsync("retry");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var b = await _hub.RegisterAsync(networkId, "firm-b");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await a.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "7777777-7");
        return (a, b);
    }

    [Fact]
    public async Task A_retried_create_referral_makes_one_referral()
    {
        var (a, b) = await SetUpAsync();
        var request = Scenario.ReferralRequest(a, b, "asiakas", requestId: "crm-7f3a-0001");
        request.Referral.Note = "CRM ticket 7f3a";

        var first = await a.Referrals.CreateReferralAsync(request);
        var retry = await a.Referrals.CreateReferralAsync(request);

        Assert.Equal(first.Name, retry.Name);
        Assert.Equal(first.Version, retry.Version);
        Assert.Single(retry.Timeline);
        Assert.Equal(first.Name, Assert.Single((await a.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name })).Referrals).Name);
        var listed = Assert.Single((await b.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = b.Name })).Referrals);
        Assert.Equal((first.Name, "CRM ticket 7f3a"), (listed.Name, listed.Note)); // lists carry the note too
        Assert.Equal(1, (await a.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = a.PartnershipWith(b) })).ReferralsSent);

        // The same request id for a different referral is a client bug, not a retry.
        var different = Scenario.ReferralRequest(a, b, "asiakas", skill: "basic-it", requestId: "crm-7f3a-0001");
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => a.Referrals.CreateReferralAsync(different));
        // Without a request id every call is a new referral.
        var other = await Scenario.ReferAsync(a, b, "asiakas");
        Assert.NotEqual(first.Name, other.Name);
        Assert.Equal(2, (await a.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name })).Referrals.Count);
    }

    [Fact]
    public async Task A_retried_log_entry_is_logged_once()
    {
        var (a, _) = await SetUpAsync();
        var client = a.Client("asiakas");
        var hassle = new LogHassleRequest { Parent = client, Kind = HassleKind.Call, Minutes = 40, Note = "Angry call", RequestId = "call-2024-05-01" };

        var first = await a.Clients.LogHassleAsync(hassle);
        var retry = await a.Clients.LogHassleAsync(hassle);
        await a.Clients.LogHassleAsync(new LogHassleRequest { Parent = client, Kind = HassleKind.Call, Minutes = 20, RequestId = "call-2024-05-02" });

        Assert.Equal(first, retry);
        var entries = (await a.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = client })).Entries;
        Assert.Equal(2, entries.Count);
        Assert.Single(entries, e => e.EntryId == first.EntryId);

        var revenue = new LogRevenueRequest { Parent = client, AmountCents = 50_000, RequestId = "invoice-1001" };
        var invoiced = await a.Clients.LogRevenueAsync(revenue);
        Assert.Equal(invoiced, await a.Clients.LogRevenueAsync(revenue));
        Assert.Single((await a.Clients.ListRevenueEntriesAsync(new ListRevenueEntriesRequest { Parent = client })).Entries);

        // The difficulty counts each entry once: 60 min for 500 € is 2 h per 1 000 €.
        var difficulty = (await a.Clients.GetClientAsync(new GetClientRequest { Name = client })).Difficulty;
        Assert.Equal(60, difficulty.HassleMinutes);
        Assert.Equal(50_000, difficulty.RevenueCents);
        Assert.Equal(2, difficulty.HassleByKind.Single(k => k.Kind == HassleKind.Call).Count);
        Assert.Equal(DifficultyLevel.Medium, difficulty.Level);
    }

    [Fact]
    public async Task A_retried_transition_returns_the_result_instead_of_failing()
    {
        var (a, b) = await SetUpAsync();
        var referral = await Scenario.ReferAsync(a, b, "asiakas");
        var accept = new AcceptReferralRequest { Name = referral.Name, RequestId = "accept-1" };

        var accepted = await b.Referrals.AcceptReferralAsync(accept);
        var retried = await b.Referrals.AcceptReferralAsync(accept);

        Assert.Equal(ReferralState.Accepted, retried.State);
        Assert.Equal(accepted.Version, retried.Version);
        Assert.Equal(2, retried.Timeline.Count);
        // A new request (another id) to accept again is a real, illegal second accept.
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION",
            () => b.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name, RequestId = "accept-2" }));
    }

    [Fact]
    public async Task A_retried_create_network_returns_the_network()
    {
        var request = new CreateNetworkRequest
        {
            NetworkId = TestData.UniqueId("retry-net"),
            Network = new Network { DisplayName = "Retried network", Region = "Varsinais-Suomi" },
            RequestId = "net-0001",
        };

        var first = await _hub.Admin.CreateNetworkAsync(request);
        var retry = await _hub.Admin.CreateNetworkAsync(request);

        Assert.Equal(first, retry);
        // A new request (no id, or another id) to create the same network is a real duplicate.
        await Rpc.Fails(StatusCode.AlreadyExists, "NETWORK_EXISTS", () => _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest(request) { RequestId = "" }));
        await Rpc.Fails(StatusCode.AlreadyExists, "NETWORK_EXISTS", () => _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest(request) { RequestId = "net-0002" }));
        Assert.Equal(first, await _hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = first.Name }));
    }

    [Fact]
    public async Task A_retried_register_firm_returns_the_firm_with_a_new_key_and_retires_the_first()
    {
        var networkId = await _hub.NewNetworkAsync("retry");
        var request = new RegisterFirmRequest
        {
            Parent = $"networks/{networkId}",
            FirmId = "firm-a",
            Firm = TestData.Plain("Firm A Oy"),
            RequestId = "register-0001",
        };
        var first = await _hub.Admin.RegisterFirmAsync(request);
        var withFirstKey = _hub.Firm(networkId, "firm-a", first.ApiKey);
        var getOwn = new GetFirmRequest { Name = withFirstKey.Name };
        await withFirstKey.Firms.GetFirmAsync(getOwn); // the first key is now verified (and cached)

        // The first answer may never have reached the caller: the retry issues the key it will use.
        var retry = await _hub.Admin.RegisterFirmAsync(request);

        Assert.Equal(first.Firm, retry.Firm);
        Assert.NotEqual(first.ApiKey, retry.ApiKey);
        var withRetryKey = _hub.Firm(networkId, "firm-a", retry.ApiKey);
        Assert.Equal(FirmView.Self, (await withRetryKey.Firms.GetFirmAsync(getOwn)).View);
        await Rpc.Fails(StatusCode.Unauthenticated, () => withFirstKey.Firms.GetFirmAsync(getOwn));
        Assert.Equal(1, (await _hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = $"networks/{networkId}" })).FirmCount);

        // Without the request id (or with another) it is a second registration: refused, and the key stays.
        await Rpc.Fails(StatusCode.AlreadyExists, "FIRM_EXISTS", () => _hub.Admin.RegisterFirmAsync(new RegisterFirmRequest(request) { RequestId = "" }));
        await Rpc.Fails(StatusCode.AlreadyExists, "FIRM_EXISTS", () => _hub.Admin.RegisterFirmAsync(new RegisterFirmRequest(request) { RequestId = "register-0002" }));
        Assert.Equal(FirmView.Self, (await withRetryKey.Firms.GetFirmAsync(getOwn)).View);
    }

    [Fact]
    public async Task A_retried_create_client_returns_the_client()
    {
        var (a, _) = await SetUpAsync();
        var request = new CreateClientRequest
        {
            Parent = a.Name,
            ClientId = "toistuva",
            Client = new Client { DisplayName = "Toistuva Oy", BusinessId = "5555555-5", Contact = new ClientContact { Email = "info@toistuva.fi" } },
            RequestId = "client-0001",
        };

        var first = await a.Clients.CreateClientAsync(request);
        var retry = await a.Clients.CreateClientAsync(request);

        Assert.Equal(first, retry);
        await Rpc.Fails(StatusCode.AlreadyExists, "CLIENT_EXISTS", () => a.Clients.CreateClientAsync(new CreateClientRequest(request) { RequestId = "" }));
        await Rpc.Fails(StatusCode.AlreadyExists, "CLIENT_EXISTS", () => a.Clients.CreateClientAsync(new CreateClientRequest(request) { RequestId = "client-0002" }));
        var clients = (await a.Clients.ListClientsAsync(new ListClientsRequest { Parent = a.Name })).Clients;
        Assert.Equal(new[] { a.Client("asiakas"), first.Name }, clients.Select(c => c.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Retried_partnership_proposal_and_acceptance_change_it_once()
    {
        var networkId = await _hub.NewNetworkAsync("retry");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var b = await _hub.RegisterAsync(networkId, "firm-b");
        var propose = new ProposePartnershipRequest
        {
            Parent = a.Name,
            Partner = b.Name,
            Terms = TestData.Terms(10),
            Message = "Shall we?",
            RequestId = "propose-0001",
        };

        var proposed = await a.Partnerships.ProposePartnershipAsync(propose);
        var proposeRetried = await a.Partnerships.ProposePartnershipAsync(propose);

        Assert.Equal((PartnershipState.Proposed, 1L), (proposeRetried.State, proposeRetried.Version));
        Assert.Equal(proposed.Version, proposeRetried.Version);
        await Rpc.Fails(StatusCode.AlreadyExists, "PARTNERSHIP_EXISTS",
            () => a.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest(propose) { RequestId = "" }));

        var accept = new AcceptPartnershipRequest { Name = b.PartnershipWith(a), Note = "Gladly", RequestId = "accept-0001" };
        var accepted = await b.Partnerships.AcceptPartnershipAsync(accept);
        var acceptRetried = await b.Partnerships.AcceptPartnershipAsync(accept);

        Assert.Equal((PartnershipState.Active, 2L), (acceptRetried.State, acceptRetried.Version));
        Assert.Equal(accepted.Version, acceptRetried.Version);
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION",
            () => b.Partnerships.AcceptPartnershipAsync(new AcceptPartnershipRequest(accept) { RequestId = "" }));

        // Both halves saw exactly two changes.
        var fromA = await a.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = a.PartnershipWith(b) });
        var fromB = await b.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = b.PartnershipWith(a) });
        Assert.Equal((PartnershipState.Active, 2L), (fromA.State, fromA.Version));
        Assert.Equal((PartnershipState.Active, 2L), (fromB.State, fromB.Version));
    }

    [Fact]
    public async Task A_retried_transition_after_a_later_one_returns_the_referral_as_it_is_now()
    {
        var (a, b) = await SetUpAsync();
        var referral = await Scenario.ReferAsync(a, b, "asiakas");
        var accept = new AcceptReferralRequest { Name = referral.Name, RequestId = "accept-A" };

        await b.Referrals.AcceptReferralAsync(accept);
        var started = await b.Referrals.StartReferralAsync(new StartReferralRequest { Name = referral.Name, RequestId = "start-B" });
        // The answer to the accept was lost; the member system retries it after it has started the work.
        var retried = await b.Referrals.AcceptReferralAsync(accept);

        Assert.Equal(ReferralState.InProgress, retried.State);
        Assert.Equal(started.Version, retried.Version);
        Assert.Equal(3, retried.Timeline.Count);
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION",
            () => b.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name }));
    }

    private static Google.Protobuf.WellKnownTypes.FieldMask Mask(params string[] paths)
    {
        var mask = new Google.Protobuf.WellKnownTypes.FieldMask();
        mask.Paths.AddRange(paths);
        return mask;
    }

    [Fact]
    public async Task A_retried_key_rotation_issues_a_key_that_replaces_the_first_attempts()
    {
        var networkId = await _hub.NewNetworkAsync("retry");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var rotate = new RotateFirmKeyRequest { Name = a.Name, RequestId = "rotate-0001" };
        var getOwn = new GetFirmRequest { Name = a.Name };

        var first = await _hub.Admin.RotateFirmKeyAsync(rotate);
        var withFirstKey = _hub.Firm(networkId, "firm-a", first.ApiKey);
        await withFirstKey.Firms.GetFirmAsync(getOwn); // verified (and cached)

        // The first answer may never have arrived: the key the retry returns replaces the first
        // attempt's, and the key from before the rotation keeps its grace (not the first attempt's).
        var retry = await _hub.Admin.RotateFirmKeyAsync(rotate);
        Assert.NotEqual(first.ApiKey, retry.ApiKey);
        await Rpc.Fails(StatusCode.Unauthenticated, () => withFirstKey.Firms.GetFirmAsync(getOwn));
        Assert.Equal(FirmView.Self, (await a.Firms.GetFirmAsync(getOwn)).View);
        Assert.Equal(first.PreviousKeyExpireTime, retry.PreviousKeyExpireTime);
        var withRetryKey = _hub.Firm(networkId, "firm-a", retry.ApiKey);
        Assert.Equal(FirmView.Self, (await withRetryKey.Firms.GetFirmAsync(getOwn)).View);

        // The same id on another request to this firm is a client bug: refused, nothing changes.
        var reused = await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED",
            () => _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = a.Name, Suspended = true, RequestId = "rotate-0001" }));
        Assert.Equal("request_id", Assert.Single(reused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations).Field);
        Assert.False((await withRetryKey.Firms.GetFirmAsync(getOwn)).Suspended);
    }

    [Fact]
    public async Task A_retried_suspension_returns_the_firm_and_suspends_nothing_again()
    {
        var networkId = await _hub.NewNetworkAsync("retry");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var getOwn = new GetFirmRequest { Name = a.Name };
        var suspend = new SetFirmSuspendedRequest { Name = a.Name, Suspended = true, RequestId = "suspend-0001" };

        var suspended = await _hub.Admin.SetFirmSuspendedAsync(suspend);
        Assert.True(suspended.Suspended);
        Assert.Equal(suspended, await _hub.Admin.SetFirmSuspendedAsync(suspend));

        var reinstated = await _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = a.Name, Suspended = false, RequestId = "reinstate-0001" });
        // A late retry of the suspension answers with the firm as it is now: still reinstated.
        var late = await _hub.Admin.SetFirmSuspendedAsync(suspend);
        Assert.Equal(reinstated, late);
        Assert.False((await a.Firms.GetFirmAsync(getOwn)).Suspended);

        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED",
            () => _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest(suspend) { Suspended = false }));
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED",
            () => _hub.Admin.RotateFirmKeyAsync(new RotateFirmKeyRequest { Name = a.Name, RequestId = "suspend-0001" }));
        Assert.Equal(FirmView.Self, (await a.Firms.GetFirmAsync(getOwn)).View); // the key was not rotated
    }

    [Fact]
    public async Task A_retried_firm_update_changes_nothing_again_and_a_different_one_with_its_id_is_refused()
    {
        var networkId = await _hub.NewNetworkAsync("retry");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var update = new UpdateFirmRequest
        {
            Firm = new Firm { Name = a.Name, City = "Tampere", Description = "outside the mask" },
            UpdateMask = Mask("city"),
            RequestId = "profile-0001",
        };

        var first = await a.Firms.UpdateFirmAsync(update);
        Assert.Equal(("Tampere", ""), (first.City, first.Description));
        var later = await a.Firms.UpdateFirmAsync(new UpdateFirmRequest { Firm = new Firm { Name = a.Name, City = "Oulu" }, UpdateMask = Mask("city") });

        // The retry does not put Tampere back over the later change.
        Assert.Equal(later, await a.Firms.UpdateFirmAsync(update));
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED",
            () => a.Firms.UpdateFirmAsync(new UpdateFirmRequest(update) { Firm = new Firm(update.Firm) { City = "Espoo" } }));
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED",
            () => a.Firms.UpdateFirmAsync(new UpdateFirmRequest(update) { UpdateMask = Mask("city", "description") }));
        Assert.Equal(later, await a.Firms.GetFirmAsync(new GetFirmRequest { Name = a.Name }));
    }

    [Fact]
    public async Task A_retried_client_update_changes_nothing_again_and_a_different_one_with_its_id_is_refused()
    {
        var (a, _) = await SetUpAsync();
        var name = a.Client("asiakas");
        var update = new UpdateClientRequest
        {
            Client = new Client { Name = name, Notes = "Pays late" },
            UpdateMask = Mask("notes"),
            RequestId = "client-notes-0001",
        };

        var first = await a.Clients.UpdateClientAsync(update);
        Assert.Equal("Pays late", first.Notes);
        var later = await a.Clients.UpdateClientAsync(new UpdateClientRequest { Client = new Client { Name = name, Notes = "Pays on time now" }, UpdateMask = Mask("notes") });

        Assert.Equal(later, await a.Clients.UpdateClientAsync(update));
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED",
            () => a.Clients.UpdateClientAsync(new UpdateClientRequest(update) { Client = new Client(update.Client) { Notes = "Something else" } }));
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED",
            () => a.Clients.UpdateClientAsync(new UpdateClientRequest(update) { Client = new Client(update.Client) { Keep = true }, UpdateMask = Mask("notes", "keep") }));
        Assert.Equal(later, await a.Clients.GetClientAsync(new GetClientRequest { Name = name }));
        Assert.False(later.Keep);
    }
}
