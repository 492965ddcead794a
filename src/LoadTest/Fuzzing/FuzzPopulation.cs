using Grpc.Core;

namespace Viidakko.LoadTest.Fuzzing;

// Inside the namespace, so the API's messages win over the domain types of the same names.
using Viidakko.Api.V1;

/// <summary>
/// The small real world the fuzzer aims at: two networks, firms with their keys, partnerships,
/// clients with hassle and revenue, referrals in several states. Fuzzed messages name these
/// resources, so a share of them gets past validation into the grains.
/// </summary>
internal sealed class FuzzPopulation
{
    /// <summary>A population already built (tests make one without a hub).</summary>
    internal FuzzPopulation(NamePool names, IReadOnlyList<SimFirm> actors, IReadOnlyList<SimFirm> outsiders, string homeNetwork, string awayNetwork,
        IReadOnlyList<(SimFirm From, SimFirm To)>? partnerships = null)
    {
        _partnerships = partnerships ?? [];
        Names = names;
        Actors = actors;
        Outsiders = outsiders;
        HomeNetwork = homeNetwork;
        AwayNetwork = awayNetwork;
    }

    private readonly IReadOnlyList<(SimFirm From, SimFirm To)> _partnerships;

    public NamePool Names { get; }

    /// <summary>Firms whose keys fuzzed calls carry (never rotated or suspended by the run itself).</summary>
    public IReadOnlyList<SimFirm> Actors { get; }

    /// <summary>Firms that exist only to be named: the operator's methods may rotate their keys or suspend them.</summary>
    public IReadOnlyList<SimFirm> Outsiders { get; }
    public string HomeNetwork { get; }
    public string AwayNetwork { get; }

    /// <summary>Builds the population through the public API; ids come from the seed (and a run token when the hub is shared).</summary>
    public static async Task<FuzzPopulation> BuildAsync(Hub hub, int seed, bool sharedHub, Action<string> say, CancellationToken ct)
    {
        var random = new Random(seed);
        var prefix = $"fuzz-{(uint)seed}" + (sharedHub ? "-" + Guid.NewGuid().ToString("N")[..6] : "");
        var home = $"{prefix}-home";
        var away = $"{prefix}-away";
        var names = new NamePool();
        foreach (var network in new[] { home, away })
        {
            await hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
            {
                NetworkId = network,
                Network = new Network { DisplayName = $"Fuzz network {network}", Region = "Fuzz" },
            }, hub.AdminAuth, cancellationToken: ct);
            names.AddFixed(KnownName.Parse($"networks/{network}")!);
        }

        async Task<SimFirm> Register(string network, string id, int index)
        {
            var firm = Profile(random, index);
            var response = await hub.Admin.RegisterFirmAsync(new RegisterFirmRequest
            {
                Parent = $"networks/{network}",
                FirmId = id,
                Firm = firm,
            }, hub.AdminAuth, cancellationToken: ct);
            names.AddFixed(KnownName.Parse(response.Firm.Name)!);
            return new SimFirm(network, id, response.ApiKey, firm.Capabilities.Select(c => c.Skill).ToList(), firm.Traits.ToList());
        }

        var actors = new List<SimFirm>();
        var outsiders = new List<SimFirm>();
        for (var i = 0; i < 5; i++)
        {
            actors.Add(await Register(home, $"firm-{i}", i));
        }

        actors.Add(await Register(away, "firm-0", 10));
        actors.Add(await Register(away, "firm-1", 11));
        outsiders.Add(await Register(home, "spare-0", 20));
        outsiders.Add(await Register(home, "spare-1", 21));
        outsiders.Add(await Register(away, "spare-0", 22));
        foreach (var actor in actors)
        {
            names.Protect(actor.Name);
        }

        var h = actors.Take(5).ToList();
        var a = actors.Skip(5).ToList();
        (SimFirm, SimFirm)[] partnerships = [(h[0], h[1]), (h[1], h[2]), (h[0], h[3]), (h[3], h[4]), (a[0], a[1])];
        foreach (var (from, to) in partnerships)
        {
            await Partner(hub, names, from, to, accept: true, ct);
        }

        await Partner(hub, names, h[2], h[4], accept: false, ct);
        foreach (var firm in actors)
        {
            var count = firm.NetworkId == home ? 3 : 1;
            for (var c = 0; c < count; c++)
            {
                await AddClient(hub, names, firm, c, keep: c == 0 && firm == h[0], ct);
            }
        }

        // Referrals in several states, between partners: proposed, accepted, in progress, won.
        var referrals = new ReferralService.ReferralServiceClient(hub.Invoker);
        async Task Refer(SimFirm from, SimFirm to, int clientIndex, int steps)
        {
            var client = from.Clients[clientIndex];
            var created = await referrals.CreateReferralAsync(new CreateReferralRequest
            {
                Parent = $"networks/{from.NetworkId}",
                RequestId = $"fuzz-refer-{from.FirmId}-{to.FirmId}",
                Referral = new Referral
                {
                    Kind = ReferralKind.Referral,
                    Receiver = to.Name,
                    Client = $"{from.Name}/clients/{client}",
                    Need = new Need { Description = "Fuzz population", BudgetMinCents = 100_000, BudgetMaxCents = 500_000, Skills = { to.Skills[0] } },
                    Warmth = 3,
                },
            }, from.Auth, cancellationToken: ct);
            names.AddFixed(new KnownName(ResourceKind.Referral, created.Name, from.NetworkId, from.FirmId, to.FirmId));
            if (steps >= 1)
            {
                await referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = created.Name }, to.Auth, cancellationToken: ct);
            }

            if (steps >= 2)
            {
                await referrals.StartReferralAsync(new StartReferralRequest { Name = created.Name }, to.Auth, cancellationToken: ct);
            }

            if (steps >= 3)
            {
                await referrals.MarkReferralWonAsync(new MarkReferralWonRequest { Name = created.Name, WonValueCents = 1_000_000, ContractMonths = 12 }, to.Auth, cancellationToken: ct);
            }
        }

        await Refer(h[0], h[1], 0, 0);
        await Refer(h[1], h[0], 0, 1);
        await Refer(h[0], h[3], 1, 2);
        await Refer(h[3], h[4], 0, 3);
        await Refer(a[0], a[1], 0, 0);
        say($"fuzz population: networks {home} and {away}, {actors.Count} firms acting, {outsiders.Count} spare, {names.Count} names");
        return new FuzzPopulation(names, actors, outsiders, home, away, partnerships);
    }

    /// <summary>
    /// Makes the population's partnerships active again where fuzzed messages ended or declined them,
    /// so referrals between partners stay possible for the whole run. These calls are not counted.
    /// </summary>
    public async Task RestoreAsync(Hub hub, CancellationToken ct)
    {
        foreach (var (from, to) in _partnerships)
        {
            try
            {
                await hub.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest
                {
                    Parent = from.Name,
                    Partner = to.Name,
                    Terms = new PartnershipTerms { ReferralFeePercent = 10, FeeCapMonths = 12, NonSolicitMonths = 6 },
                }, from.Auth, cancellationToken: ct);
            }
            catch (RpcException)
            {
                // Still active, or a proposal is pending: accepting below settles the latter.
            }

            try
            {
                await hub.Partnerships.AcceptPartnershipAsync(new AcceptPartnershipRequest { Name = $"{to.Name}/partnerships/{from.FirmId}" }, to.Auth, cancellationToken: ct);
            }
            catch (RpcException)
            {
            }
        }
    }

    private static async Task Partner(Hub hub, NamePool names, SimFirm from, SimFirm to, bool accept, CancellationToken ct)
    {
        var proposed = await hub.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest
        {
            Parent = from.Name,
            Partner = to.Name,
            Message = "Fuzz population",
            Terms = new PartnershipTerms { ReferralFeePercent = 10, FeeCapMonths = 12, NonSolicitMonths = 6 },
        }, from.Auth, cancellationToken: ct);
        names.AddFixed(KnownName.Parse(proposed.Name)!);
        names.AddFixed(KnownName.Parse($"{to.Name}/partnerships/{from.FirmId}")!);
        if (accept)
        {
            await hub.Partnerships.AcceptPartnershipAsync(new AcceptPartnershipRequest { Name = $"{to.Name}/partnerships/{from.FirmId}" }, to.Auth, cancellationToken: ct);
            from.Partners.Add(to);
            to.Partners.Add(from);
        }
    }

    private static async Task AddClient(Hub hub, NamePool names, SimFirm firm, int c, bool keep, CancellationToken ct)
    {
        var clientId = $"client-{c}";
        var client = await hub.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = firm.Name,
            ClientId = clientId,
            Client = new Client
            {
                DisplayName = $"Fuzz Asiakas {firm.FirmId} {c} Oy",
                BusinessId = $"{firm.NetworkId}-{firm.FirmId}-{c}",
                Contact = new ClientContact { PersonName = "Liisa", Email = $"info@{firm.FirmId}-{c}.{firm.NetworkId}.example" },
                Keep = keep,
            },
        }, firm.Auth, cancellationToken: ct);
        names.AddFixed(KnownName.Parse(client.Name)!);
        await hub.Clients.LogHassleAsync(new LogHassleRequest { Parent = client.Name, Kind = HassleKind.Call, Minutes = 45, Note = "Fuzz population" }, firm.Auth, cancellationToken: ct);
        await hub.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = client.Name, AmountCents = 250_000, Note = "Fuzz population" }, firm.Auth, cancellationToken: ct);
        if (!keep)
        {
            firm.Clients.Add(clientId);
        }
    }

    private static Firm Profile(Random random, int index)
    {
        var firm = new Firm
        {
            DisplayName = $"Fuzz Agency {index}",
            City = index % 2 == 0 ? "Turku" : "Helsinki",
            Description = "A firm the fuzzer aims at",
            Capacity = Capacity.Available,
        };
        foreach (var skill in PopulationBuilder.Skills.OrderBy(_ => random.Next()).Take(2))
        {
            firm.Capabilities.Add(new Capability { Skill = skill, Level = random.Next(1, 6) });
        }

        firm.Traits.AddRange(PopulationBuilder.Traits.OrderBy(_ => random.Next()).Take(2));
        firm.People.Add(new Person { Name = "Jari", Role = "CEO", Email = $"jari@agency{index}.example" });
        firm.People.Add(new Person { Name = "Anna", Role = "designer", Email = $"anna@agency{index}.example" });
        return firm;
    }
}
