using System.Globalization;

namespace Viidakko.Gateway.Tests.Support;

// Inside the namespace, so the API's types win over the domain types of namespace Viidakko.
using Viidakko.Api.V1;

/// <summary>
/// One hub with a network of 50 seeded-random agencies plus a few firms whose place in the ranking
/// is known, built once per test class through the API:
/// <list type="bullet">
/// <item>Viidakkorumpu (the caller) looks for a mobile partner: min level 3, marketing-minded, in Turku.</item>
/// <item>Mobiilimestarit is the firm it should find: level 4, the caller's own traits, available, in
/// Turku, and with <see cref="ConfirmedWins"/> won mobile referrals from Videopaja, confirmed by
/// Videopaja's feedback. It is the caller's active partner.</item>
/// <item>Huippumobiili has the same profile but declares level 5 and has no evidence.</item>
/// <item>Ehdotettu-mobiili has a handshake proposed by the caller but not accepted.</item>
/// <item>Mainostoimisto does marketing only; it partners with Mobiili-kumppani, whose twin
/// Mobiili-kaksonen (same profile) it has never met.</item>
/// </list>
/// </summary>
public sealed class MatchNetworkFixture : IAsyncLifetime
{
    public const int RandomFirmCount = 50;
    public const int ConfirmedWins = 3;
    public const string CallerId = "viidakkorumpu";
    public const string BestId = "mobiilimestarit";
    public const string DeclaredTopId = "huippumobiili";
    public const string ProposedId = "ehdotettu-mobiili";
    public const string ReferrerId = "videopaja";
    public const string MarketingOnlyId = "mainostoimisto";
    public const string MeetingPartnerId = "mobiili-kumppani";
    public const string MeetingTwinId = "mobiili-kaksonen";

    private static readonly string[] Skills = ["basic-it", "flash-animation", "mobile", "marketing", "web", "video"];
    private static readonly string[] Traits = ["marketing-minded", "relaxed", "fast", "formal"];
    private static readonly string[] Cities = ["Turku", "Helsinki", "Tampere"];
    private static readonly string[] Roles = ["CEO", "designer", "lead developer", "producer"];

    private readonly HubFixture _hub = new();
    private readonly Dictionary<string, Firm> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FirmApi> _firms = new(StringComparer.Ordinal);

    /// <summary>The running hub.</summary>
    public HubHost Hub => _hub.Hub;

    /// <summary>The network's id.</summary>
    public string NetworkId { get; private set; } = "";

    /// <summary>Every registered firm's profile, by firm id.</summary>
    public IReadOnlyDictionary<string, Firm> Profiles => _profiles;

    /// <summary>The need's deadline, 30 days from now (fixed, so page tokens stay valid).</summary>
    public string Deadline { get; } = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public FirmApi Firm(string firmId) => _firms[firmId];
    public FirmApi Caller => _firms[CallerId];
    public FirmApi Best => _firms[BestId];
    public FirmApi DeclaredTop => _firms[DeclaredTopId];
    public FirmApi Proposed => _firms[ProposedId];
    public FirmApi Referrer => _firms[ReferrerId];
    public FirmApi MarketingOnly => _firms[MarketingOnlyId];
    public FirmApi MeetingPartner => _firms[MeetingPartnerId];
    public FirmApi MeetingTwin => _firms[MeetingTwinId];

    /// <summary>"Mobile, min level 3, marketing-minded, in Turku, in 30 days", asked by <see cref="Caller"/>.</summary>
    public MatchPartnersRequest MobileNeed(int pageSize = 0, string pageToken = "") => new()
    {
        Parent = Caller.Name,
        Skills = { new SkillRequirement { Skill = "mobile", MinLevel = 3 } },
        WantedTraits = { "marketing-minded" },
        City = "Turku",
        Deadline = Deadline,
        BudgetMinCents = 500_000,
        BudgetMaxCents = 2_000_000,
        PageSize = pageSize,
        PageToken = pageToken,
    };

    /// <summary>Firms that declare mobile at level 3 or more, other than the caller: exactly the candidates.</summary>
    public IReadOnlySet<string> MobileCandidates =>
        _profiles.Where(p => p.Key != CallerId && p.Value.Capabilities.Any(c => c.Skill == "mobile" && c.Level >= 3))
            .Select(p => _firms[p.Key].Name)
            .ToHashSet(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        await _hub.InitializeAsync();
        NetworkId = await Hub.NewNetworkAsync("match");

        var rng = new Random(20101027);
        for (var i = 0; i < RandomFirmCount; i++)
        {
            _profiles[$"firm-{i:00}"] = RandomProfile(rng, i);
        }

        _profiles[CallerId] = TestData.Viidakkorumpu();
        _profiles[BestId] = Profile("Mobiilimestarit Oy", "Turku", Capacity.Available, "Mira Mobiili", [("mobile", 4), ("web", 2)], "marketing-minded", "relaxed");
        _profiles[DeclaredTopId] = Profile("Huippumobiili Oy", "Turku", Capacity.Available, "Hannu Huippu", [("mobile", 5)], "marketing-minded", "relaxed");
        _profiles[ProposedId] = Profile("Ehdotettu Mobiili Oy", "Helsinki", Capacity.Busy, "Eero Ehdotettu", [("mobile", 3)], "fast");
        _profiles[ReferrerId] = Profile("Videopaja Oy", "Tampere", Capacity.Available, "Ville Video", [("video", 4)], "formal");
        _profiles[MarketingOnlyId] = Profile("Mainostoimisto Oy", "Turku", Capacity.Available, "Maija Mainos", [("marketing", 4)], "marketing-minded", "relaxed");
        _profiles[MeetingPartnerId] = Profile("Mobiili-kumppani Oy", "Helsinki", Capacity.Available, "Pekka Kumppani",
            [("mobile", 5), ("video", 5), ("web", 4)], "marketing-minded", "relaxed");
        _profiles[MeetingTwinId] = Profile("Mobiili-kaksonen Oy", "Helsinki", Capacity.Available, "Kalle Kaksonen",
            [("mobile", 5), ("video", 5), ("web", 4)], "marketing-minded", "relaxed");

        // Registration publishes to the match index synchronously, so the firms can join at once.
        var registered = await Task.WhenAll(_profiles.Select(async p => (p.Key, Api: await Hub.RegisterAsync(NetworkId, p.Key, p.Value))));
        foreach (var (id, api) in registered)
        {
            _firms[id] = api;
        }

        // Handshakes one after another: both firms of each take part in every step.
        await Scenario.PartnerAsync(Caller, Best, TestData.Terms(10));
        await Scenario.PartnerAsync(Referrer, Best, TestData.Terms(10));
        await Caller.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest
        {
            Parent = Caller.Name,
            Partner = Proposed.Name,
            Terms = TestData.Terms(10),
            Message = "Coffee first?",
        });
        await Scenario.PartnerAsync(MarketingOnly, MeetingPartner, TestData.Terms(5));

        // Evidence: Videopaja refers mobile work to Mobiilimestarit, it is won, and both sides rate
        // (the referrer's rating of a won referral confirms the win; both ratings unseal).
        for (var i = 1; i <= ConfirmedWins; i++)
        {
            await Referrer.CreateClientAsync($"sovellus-{i}", $"Sovellus {i} Oy", businessId: $"765432{i}-1");
            var referral = await Scenario.ReferAsync(Referrer, Best, $"sovellus-{i}", skill: "mobile");
            await Outcomes.WinAsync(Best, referral.Name, 2_000_000);
            await Best.RateAsync(referral.Name, Outcomes.Rating(5, Outcomes.Quality(5, 5), Outcomes.Person("Mira Mobiili", "Ville Video", 5)));
            await Referrer.RateAsync(referral.Name, Outcomes.Rating(5, people: Outcomes.Person("Ville Video", "Mira Mobiili", 5)));
        }

        // Confirmed wins and ratings reach the index after a short debounce. Should that never
        // happen (see MatchingTests.Referral_and_feedback_changes_reach_the_index_on_their_own),
        // a profile update, which publishes at once, lets the ranking tests still run on this state.
        try
        {
            await Eventually.PollAsync(() => BestIndexedAsync(), indexed => indexed, "Mobiilimestarit's evidence in the match index",
                TimeSpan.FromSeconds(3));
            DebouncedIndexUpdateSeen = true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            await Outcomes.RepublishAsync(Best);
            Assert.True(await BestIndexedAsync(), "a profile update should publish Mobiilimestarit's evidence at once");
        }
    }

    /// <summary>True when the evidence reached the index by the debounced publish alone.</summary>
    public bool DebouncedIndexUpdateSeen { get; private set; }

    private async Task<bool> BestIndexedAsync()
    {
        var response = await Caller.Matches.MatchPartnersAsync(MobileNeed(pageSize: 100));
        return response.Candidates.FirstOrDefault(c => c.Firm == Best.Name) is { } best
            && best.RatingCount == ConfirmedWins
            && best.Breakdown.Single(p => p.Name == "skill_fit").Explanation.Contains($"{ConfirmedWins} confirmed wins", StringComparison.Ordinal);
    }

    public Task DisposeAsync() => _hub.DisposeAsync();

    private static Firm RandomProfile(Random rng, int i)
    {
        var capacity = (Capacity)rng.Next(1, 4);
        var firm = new Firm
        {
            DisplayName = $"Verkostoyritys {i:00} Oy",
            City = Cities[rng.Next(Cities.Length)],
            Description = "A member agency of the region.",
            Capacity = capacity,
            NextFreeDate = capacity == Capacity.Full
                ? DateTime.UtcNow.AddDays(rng.Next(1, 90)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : "",
        };
        firm.People.Add(new Person { Name = $"Henkilö {i:00}", Role = Roles[rng.Next(Roles.Length)] });

        // Every other firm does mobile work, so the need has a couple of dozen candidates to rank.
        var skills = Skills.Where(s => s != "mobile").OrderBy(_ => rng.Next()).Take(rng.Next(1, 3)).ToList();
        if (i % 2 == 0)
        {
            skills.Add("mobile");
        }

        firm.Capabilities.AddRange(skills.Select(s => new Capability { Skill = s, Level = rng.Next(1, 6) }));
        firm.Traits.AddRange(Traits.OrderBy(_ => rng.Next()).Take(rng.Next(0, 3)));
        return firm;
    }

    private static Firm Profile(string displayName, string city, Capacity capacity, string person, (string Skill, int Level)[] skills, params string[] traits)
    {
        var firm = new Firm { DisplayName = displayName, City = city, Capacity = capacity, Description = $"{displayName} in {city}." };
        firm.People.Add(new Person { Name = person, Role = "CEO", Email = $"{person.Split(' ')[0].ToLowerInvariant()}@example.fi" });
        firm.Capabilities.AddRange(skills.Select(s => new Capability { Skill = s.Skill, Level = s.Level }));
        firm.Traits.AddRange(traits);
        return firm;
    }
}
