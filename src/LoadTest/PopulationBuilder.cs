using Grpc.Core;

namespace Viidakko.LoadTest;

// Inside the namespace, so the API's messages win over the domain types of the same names.
using Viidakko.Api.V1;

/// <summary>
/// Builds a realistic, varied, seeded population through the public API. Every call has a request
/// id and is retried while the hub answers with a retryable status (a loaded or recovering cluster),
/// so a population is built whole or not at all.
/// </summary>
internal static class PopulationBuilder
{
    public static readonly string[] Skills = ["basic-it", "flash-animation", "mobile", "marketing", "web", "video"];
    public static readonly string[] Traits = ["marketing-minded", "relaxed", "fast", "formal", "creative", "thorough"];
    private static readonly string[] Cities = ["Turku", "Helsinki", "Tampere", "Oulu", "Espoo", "Salo", "Raisio"];
    private static readonly string[] FirstNames = ["Jari", "Mikko", "Anna", "Liisa", "Kalle", "Fanni", "Ville", "Kaisa", "Pekka", "Sanna", "Timo", "Aino"];
    private static readonly string[] Roles = ["CEO", "designer", "lead developer", "account manager", "producer", "marketer"];
    private static readonly HassleKind[] HassleKinds = [HassleKind.Call, HassleKind.Email, HassleKind.Meeting, HassleKind.AttitudeIncident, HassleKind.ScopeChange];

    /// <summary>How many population calls run at once.</summary>
    private const int Parallelism = 48;

    public static async Task<Population> BuildAsync(Hub hub, Options options, Action<string> progress, CancellationToken ct)
    {
        var random = new Random(options.Seed);
        // Ids carry a run token so several runs can share one hub; everything else comes from the seed.
        var run = Guid.NewGuid().ToString("N")[..6];
        var networks = Enumerable.Range(0, options.Networks).Select(i => $"sim-{options.Seed}-{run}-{i}").ToList();
        foreach (var network in networks)
        {
            await Transient.RetryAsync(() => hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
            {
                NetworkId = network,
                Network = new Network { DisplayName = $"Simulated network {network}", Region = "Simulation" },
                RequestId = $"network-{network}",
            }, hub.AdminAuth, cancellationToken: ct), ct);
        }

        // Draw every profile up front, in order, so the seed alone decides them.
        var plans = Enumerable.Range(0, options.Firms).Select(i => (Network: networks[i % networks.Count], Id: $"firm-{i:D6}", Firm: RandomFirm(random, i))).ToList();
        var firms = new SimFirm?[plans.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, plans.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (i, token) =>
        {
            var plan = plans[i];
            var response = await Transient.RetryAsync(() => hub.Admin.RegisterFirmAsync(new RegisterFirmRequest
            {
                Parent = $"networks/{plan.Network}",
                FirmId = plan.Id,
                Firm = plan.Firm,
                RequestId = $"register-{plan.Network}-{plan.Id}", // operator ids span every network
            }, hub.AdminAuth, cancellationToken: token), token);
            firms[i] = new SimFirm(plan.Network, plan.Id, response.ApiKey, plan.Firm.Capabilities.Select(c => c.Skill).ToList(), plan.Firm.Traits.ToList());
            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                progress($"registered {done}/{plans.Count} firms");
            }
        });

        var all = firms.Select(f => f!).ToList();
        await PartnerAsync(hub, all, options.PartnersPerFirm, progress, ct);
        await AddClientsAsync(hub, all, options.ClientsPerFirm, options.Seed, progress, ct);
        return new Population(all, networks);
    }

    /// <summary>Each firm proposes to the next few firms of its network, and they accept.</summary>
    private static async Task PartnerAsync(Hub hub, List<SimFirm> firms, int perFirm, Action<string> progress, CancellationToken ct)
    {
        var pairs = new List<(SimFirm A, SimFirm B)>();
        foreach (var group in firms.GroupBy(f => f.NetworkId))
        {
            var members = group.ToList();
            for (var i = 0; i < members.Count; i++)
            {
                for (var k = 1; k <= Math.Min(perFirm, members.Count - 1); k++)
                {
                    var other = members[(i + k) % members.Count];
                    // In a small network the same two firms can come up from both sides; in a large one they cannot.
                    if (members.Count > 2 * perFirm || !pairs.Any(p => p.A == other && p.B == members[i]))
                    {
                        pairs.Add((members[i], other));
                    }
                }
            }
        }

        pairs = pairs.DistinctBy(p => string.CompareOrdinal(p.A.FirmId, p.B.FirmId) < 0 ? (p.A.Name, p.B.Name) : (p.B.Name, p.A.Name)).ToList();
        var done = 0;
        await Parallel.ForEachAsync(pairs, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (pair, token) =>
        {
            await Transient.RetryAsync(() => hub.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest
            {
                Parent = pair.A.Name,
                Partner = pair.B.Name,
                Message = "Let's work together",
                Terms = new PartnershipTerms { ReferralFeePercent = 10, FeeCapMonths = 12, NonSolicitMonths = 6 },
                RequestId = $"propose-{pair.A.FirmId}-{pair.B.FirmId}",
            }, pair.A.Auth, cancellationToken: token), token);
            await Transient.RetryAsync(() => hub.Partnerships.AcceptPartnershipAsync(new AcceptPartnershipRequest
            {
                Name = $"{pair.B.Name}/partnerships/{pair.A.FirmId}",
                RequestId = $"accept-{pair.A.FirmId}-{pair.B.FirmId}",
            }, pair.B.Auth, cancellationToken: token), token);
            lock (pair.A.Partners)
            {
                pair.A.Partners.Add(pair.B);
            }

            lock (pair.B.Partners)
            {
                pair.B.Partners.Add(pair.A);
            }

            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                progress($"partnered {done}/{pairs.Count} pairs");
            }
        });
    }

    /// <summary>Each firm registers clients with hassle and revenue histories.</summary>
    private static async Task AddClientsAsync(Hub hub, List<SimFirm> firms, int perFirm, int seed, Action<string> progress, CancellationToken ct)
    {
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, firms.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (i, token) =>
        {
            var firm = firms[i];
            var random = new Random(HashCode.Combine(seed, i));
            for (var c = 0; c < perFirm; c++)
            {
                var clientId = $"client-{c}";
                var number = i * 10 + c;
                var personName = FirstNames[random.Next(FirstNames.Length)];
                var keep = c == 0 && random.Next(4) == 0 && perFirm > 1;
                await Transient.RetryAsync(() => hub.Clients.CreateClientAsync(new CreateClientRequest
                {
                    Parent = firm.Name,
                    ClientId = clientId,
                    RequestId = $"client-{firm.FirmId}-{c}",
                    Client = new Client
                    {
                        DisplayName = $"Asiakas {number} Oy",
                        // Unique per firm and network, so custody never blocks the population itself.
                        BusinessId = $"{firm.NetworkId}-{number:D7}",
                        Contact = new ClientContact { PersonName = personName, Email = $"info@asiakas{number}.example" },
                        Keep = keep,
                    },
                }, firm.Auth, cancellationToken: token), token);
                var clientName = $"{firm.Name}/clients/{clientId}";
                for (var h = random.Next(1, 5); h > 0; h--)
                {
                    var hassle = new LogHassleRequest
                    {
                        Parent = clientName,
                        Kind = HassleKinds[random.Next(HassleKinds.Length)],
                        Minutes = random.Next(10, 180),
                        Note = "Simulated",
                        RequestId = $"hassle-{firm.FirmId}-{c}-{h}",
                    };
                    await Transient.RetryAsync(() => hub.Clients.LogHassleAsync(hassle, firm.Auth, cancellationToken: token), token);
                }

                var revenue = new LogRevenueRequest
                {
                    Parent = clientName,
                    AmountCents = random.Next(20_000, 2_000_000),
                    Note = "Simulated",
                    RequestId = $"revenue-{firm.FirmId}-{c}",
                };
                await Transient.RetryAsync(() => hub.Clients.LogRevenueAsync(revenue, firm.Auth, cancellationToken: token), token);
                if (c > 0 || perFirm == 1)
                {
                    lock (firm.Clients)
                    {
                        firm.Clients.Add(clientId);
                    }
                }
            }

            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                progress($"added clients for {done}/{firms.Count} firms");
            }
        });
    }

    private static Firm RandomFirm(Random random, int index)
    {
        var firm = new Firm
        {
            DisplayName = $"Sim Agency {index}",
            City = Cities[random.Next(Cities.Length)],
            Description = "A simulated agency",
            Capacity = (Capacity)random.Next(1, 4),
        };
        if (firm.Capacity == Capacity.Full)
        {
            firm.NextFreeDate = DateTime.UtcNow.AddDays(random.Next(5, 90)).ToString("yyyy-MM-dd");
        }

        foreach (var skill in Skills.OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
        {
            firm.Capabilities.Add(new Capability { Skill = skill, Level = random.Next(1, 6) });
        }

        firm.Traits.AddRange(Traits.OrderBy(_ => random.Next()).Take(random.Next(1, 4)));
        for (var p = random.Next(1, 4); p > 0; p--)
        {
            firm.People.Add(new Person
            {
                Name = FirstNames[random.Next(FirstNames.Length)],
                Role = Roles[random.Next(Roles.Length)],
                Email = $"person{p}@agency{index}.example",
            });
        }

        return firm;
    }
}
