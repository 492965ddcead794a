using System.Diagnostics;
using Grpc.Core;

namespace Viidakko.LoadTest;

// Inside the namespace, so the API's messages win over the domain types of the same names.
using Viidakko.Api.V1;

/// <summary>
/// The behaviours of simulated firms. Each operation makes one or more real gRPC calls; every
/// call is recorded under its own name.
/// </summary>
internal sealed class Workload(
    Hub hub, Population population, Recorder recorder, bool retryTransient = false, Journal? journal = null, FeedWatchers? watchers = null)
{
    public static readonly string[] Operations =
        ["match", "referral-lifecycle", "referral-flow", "directory", "scoreboard", "profile", "invalid", "ping", "referral-get", "referral-get-json"];

    /// <summary>A mix weighted like a busy network's day: mostly reading, a steady flow of referrals.</summary>
    public static Dictionary<string, double> DefaultMix() => new(StringComparer.Ordinal)
    {
        ["match"] = 20,
        ["referral-lifecycle"] = 25,
        ["directory"] = 15,
        ["scoreboard"] = 15,
        ["profile"] = 10,
        ["referral-flow"] = 10,
        ["invalid"] = 5,
    };

    private static readonly long TicksPerMicrosecond = Stopwatch.Frequency / 1_000_000;

    /// <summary>Runs one operation chosen by <paramref name="name"/>; <paramref name="scheduled"/> is when it should have started.</summary>
    public async Task RunAsync(string name, Random random, long scheduled, CancellationToken ct)
    {
        var invoker = hub.Invoker;
        switch (name)
        {
            case "ping":
                await Call("ping", scheduled, () => new HubService.HubServiceClient(invoker).PingAsync(new PingRequest { Payload = "ping" }, cancellationToken: ct));
                break;
            case "match":
                await MatchAsync(invoker, random, scheduled, ct);
                break;
            case "directory":
            {
                var firm = Pick(random);
                var skill = random.Next(3) == 0 ? "" : PopulationBuilder.Skills[random.Next(PopulationBuilder.Skills.Length)];
                await Call("directory.list", scheduled, () => new FirmService.FirmServiceClient(invoker).ListFirmsAsync(
                    new ListFirmsRequest { Parent = $"networks/{firm.NetworkId}", PageSize = 20, Skill = skill }, firm.Auth, cancellationToken: ct));
                break;
            }

            case "scoreboard":
            {
                var firm = Pick(random);
                await Call("scoreboard.get", scheduled, () => new PartnershipService.PartnershipServiceClient(invoker).GetScoreboardAsync(
                    new GetScoreboardRequest { Parent = firm.Name }, firm.Auth, cancellationToken: ct));
                break;
            }

            case "profile":
            {
                var firm = Pick(random);
                var update = new UpdateFirmRequest
                {
                    Firm = new Firm { Name = firm.Name, Capacity = (Capacity)random.Next(1, 3) },
                    UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "capacity" } },
                };
                await Call("profile.update", scheduled, () => new FirmService.FirmServiceClient(invoker).UpdateFirmAsync(update, firm.Auth, cancellationToken: ct));
                break;
            }

            case "referral-flow":
                await ReferralAsync(invoker, random, scheduled, lifecycle: false, ct);
                break;
            case "referral-lifecycle":
                await ReferralAsync(invoker, random, scheduled, lifecycle: true, ct);
                break;
            case "invalid":
                await InvalidAsync(invoker, random, scheduled, ct);
                break;
            case "referral-get":
            case "referral-get-json":
                await GetReferralAsync(invoker, random, scheduled, json: name.EndsWith("-json", StringComparison.Ordinal), ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown operation");
        }
    }

    /// <summary>
    /// GetReferral of a referral the firm sent, over gRPC or as HTTP/JSON (<c>GET /v1/{name}</c>): the
    /// same call through both encodings, to compare them in one run.
    /// </summary>
    private async Task GetReferralAsync(CallInvoker invoker, Random random, long scheduled, bool json, CancellationToken ct)
    {
        var firm = PickWith(random, f => f.Partners.Count > 0 && f.Clients.Count > 0);
        if (firm is null)
        {
            return;
        }

        // The first read of a firm sends it a referral to read (recorded as referral.create, once per firm).
        Task<string?> made;
        lock (firm)
        {
            made = firm.SampleReferral ??= MakeSampleReferralAsync(firm, ct);
        }

        if (await made is not { } name)
        {
            lock (firm)
            {
                firm.SampleReferral = null;
            }

            return;
        }

        if (!json)
        {
            await Call("referral.get", scheduled, () => new ReferralService.ReferralServiceClient(invoker).GetReferralAsync(
                new GetReferralRequest { Name = name }, firm.Auth, cancellationToken: ct));
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/" + name);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", firm.ApiKey);
        StatusCode code;
        try
        {
            using var response = await hub.Http.SendAsync(request, ct);
            // Read the whole body, as a client must to use it.
            await response.Content.ReadAsByteArrayAsync(ct);
            code = response.IsSuccessStatusCode ? StatusCode.OK : StatusCode.Unknown;
        }
        catch (HttpRequestException)
        {
            code = StatusCode.Unavailable;
        }

        recorder.Record("referral.get.json", Micros(scheduled), code);
    }

    private async Task<string?> MakeSampleReferralAsync(SimFirm firm, CancellationToken ct)
    {
        var created = await Call("referral.create", Now(), () => new ReferralService.ReferralServiceClient(hub.Invoker).CreateReferralAsync(new CreateReferralRequest
        {
            Parent = $"networks/{firm.NetworkId}",
            Referral = new Referral
            {
                Kind = ReferralKind.Referral,
                Receiver = firm.Partners[0].Name,
                Client = $"{firm.Name}/clients/{firm.Clients[0]}",
                Need = new Need { Skills = { "web" }, Description = "A read benchmark's referral" },
                Warmth = 3,
            },
        }, firm.Auth, cancellationToken: ct));
        return created?.Name;
    }

    private async Task MatchAsync(CallInvoker invoker, Random random, long scheduled, CancellationToken ct)
    {
        var firm = Pick(random);
        var request = new MatchPartnersRequest
        {
            Parent = firm.Name,
            PageSize = 10,
            City = random.Next(2) == 0 ? "Turku" : "",
            RemoteOk = true,
        };
        request.Skills.Add(new SkillRequirement { Skill = PopulationBuilder.Skills[random.Next(PopulationBuilder.Skills.Length)], MinLevel = random.Next(1, 4) });
        request.WantedTraits.Add(PopulationBuilder.Traits[random.Next(PopulationBuilder.Traits.Length)]);
        await Call("match.partners", scheduled, () => new MatchService.MatchServiceClient(invoker).MatchPartnersAsync(request, firm.Auth, cancellationToken: ct));
    }

    /// <summary>A referral between partners: create and accept, and for the whole lifecycle on to won or lost, feedback and fee.</summary>
    private async Task ReferralAsync(CallInvoker invoker, Random random, long scheduled, bool lifecycle, CancellationToken ct)
    {
        var from = PickWith(random, f => f.Partners.Count > 0 && f.Clients.Count > 0);
        if (from is null)
        {
            return;
        }

        var to = from.Partners[random.Next(from.Partners.Count)];
        var client = from.Clients[random.Next(from.Clients.Count)];
        var referrals = new ReferralService.ReferralServiceClient(invoker);
        // A retried create or accept takes the next channel of the pool: against a cluster, that is
        // the other gateway, as a member system's load balancer would send it.
        ReferralService.ReferralServiceClient Next() => new(hub.Invoker);
        var requestId = Guid.NewGuid().ToString("N");
        var note = "sim:" + requestId;
        var create = new CreateReferralRequest
        {
            Parent = $"networks/{from.NetworkId}",
            RequestId = requestId,
            Referral = new Referral
            {
                Kind = random.Next(4) == 0 ? ReferralKind.Introduction : ReferralKind.Referral,
                Receiver = to.Name,
                Client = $"{from.Name}/clients/{client}",
                Need = new Need { Description = "Simulated need", BudgetMinCents = 100_000, BudgetMaxCents = 500_000 },
                Warmth = random.Next(1, 6),
                // Names the operation, so a check afterwards can tell one create applied twice.
                Note = note,
            },
        };
        create.Referral.Need.Skills.Add(to.Skills[random.Next(to.Skills.Count)]);
        var created = await Call("referral.create", scheduled, () => Next().CreateReferralAsync(create, from.Auth, cancellationToken: ct));
        if (created is null)
        {
            return;
        }

        journal?.Created(from, to, created.Name, note);
        watchers?.Acknowledged(to, created.Name, EventType.ReferralReceived);
        watchers?.Acknowledged(from, created.Name, EventType.ReferralSent);

        if (lifecycle && random.Next(5) == 0)
        {
            await Call("referral.decline", Now(), () => referrals.DeclineReferralAsync(
                new DeclineReferralRequest { Name = created.Name, Reason = DeclineReason.NoCapacity }, to.Auth, cancellationToken: ct));
            return;
        }

        var accept = new AcceptReferralRequest { Name = created.Name, RequestId = Guid.NewGuid().ToString("N") };
        var accepted = await Call("referral.accept", Now(), () => Next().AcceptReferralAsync(accept, to.Auth, cancellationToken: ct));
        if (accepted is not null)
        {
            journal?.Accepted(to, created.Name);
            watchers?.Acknowledged(from, created.Name, EventType.ReferralAccepted);
        }

        if (!lifecycle || accepted is null)
        {
            return;
        }

        await Call("referral.start", Now(), () => referrals.StartReferralAsync(new StartReferralRequest { Name = created.Name }, to.Auth, cancellationToken: ct));
        var won = random.Next(5) < 3;
        var ended = won
            ? await Call("referral.won", Now(), () => referrals.MarkReferralWonAsync(
                new MarkReferralWonRequest { Name = created.Name, WonValueCents = random.Next(100_000, 3_000_000), ContractMonths = random.Next(1, 25) }, to.Auth, cancellationToken: ct))
            : await Call("referral.lost", Now(), () => referrals.MarkReferralLostAsync(
                new MarkReferralLostRequest { Name = created.Name, Reason = LostReason.Price }, to.Auth, cancellationToken: ct));
        if (ended is null)
        {
            return;
        }

        var feedback = new FeedbackService.FeedbackServiceClient(invoker);
        await Call("feedback.submit", Now(), () => feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest
        {
            Parent = created.Name,
            Feedback = Rating(random, withQuality: true),
        }, to.Auth, cancellationToken: ct));
        await Call("feedback.submit", Now(), () => feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest
        {
            Parent = created.Name,
            Feedback = Rating(random, withQuality: false),
        }, from.Auth, cancellationToken: ct));
        if (won && random.Next(2) == 0)
        {
            await Call("referral.fee-paid", Now(), () => referrals.MarkFeePaidAsync(new MarkFeePaidRequest { Name = created.Name }, to.Auth, cancellationToken: ct));
        }
    }

    /// <summary>Requests a member system gets wrong; each must be refused with INVALID_ARGUMENT.</summary>
    private async Task InvalidAsync(CallInvoker invoker, Random random, long scheduled, CancellationToken ct)
    {
        var firm = Pick(random);
        switch (random.Next(3))
        {
            case 0:
                await Call("invalid.partnership-fee", scheduled, () => new PartnershipService.PartnershipServiceClient(invoker).ProposePartnershipAsync(new ProposePartnershipRequest
                {
                    Parent = firm.Name,
                    Partner = firm.Partners.FirstOrDefault()?.Name ?? firm.Name,
                    Terms = new PartnershipTerms { ReferralFeePercent = 99 },
                }, firm.Auth, cancellationToken: ct), expect: StatusCode.InvalidArgument);
                break;
            case 1:
                await Call("invalid.firm-name", scheduled, () => new FirmService.FirmServiceClient(invoker).GetFirmAsync(
                    new GetFirmRequest { Name = $"networks/{firm.NetworkId}/firms/Not A Valid Id" }, firm.Auth, cancellationToken: ct), expect: StatusCode.InvalidArgument);
                break;
            default:
                await Call("invalid.page-size", scheduled, () => new FirmService.FirmServiceClient(invoker).ListFirmsAsync(
                    new ListFirmsRequest { Parent = $"networks/{firm.NetworkId}", PageSize = -1 }, firm.Auth, cancellationToken: ct), expect: StatusCode.InvalidArgument);
                break;
        }
    }

    private static Viidakko.Api.V1.Feedback Rating(Random random, bool withQuality)
    {
        var f = new Viidakko.Api.V1.Feedback
        {
            Communication = random.Next(2, 6),
            QualityOfWork = random.Next(2, 6),
            MarketingMind = random.Next(1, 6),
            WorkAgain = random.Next(2, 6),
        };
        if (withQuality)
        {
            f.ReferralQuality = new ReferralQualityRating { AsDisclosed = random.Next(1, 6), WorthTheHassle = random.Next(1, 6) };
        }

        return f;
    }

    /// <summary>
    /// Makes one call and records it; returns the response, or null when it failed. With retries
    /// on, a transient failure is recorded and the same request (same request_id) is sent again.
    /// </summary>
    private async Task<T?> Call<T>(string name, long started, Func<AsyncUnaryCall<T>> call, StatusCode expect = StatusCode.OK) where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await call();
                recorder.Record(name, Micros(started), StatusCode.OK);
                return response;
            }
            catch (RpcException e)
            {
                var expected = e.StatusCode == expect && expect != StatusCode.OK;
                recorder.Record(name, Micros(started), e.StatusCode, expectedError: expected);
                if (!expected)
                {
                    journal?.Error(name, e.StatusCode);
                }

                if (!retryTransient || attempt >= Transient.MaxAttempts || !Transient.IsTransient(e))
                {
                    return null;
                }

                await Task.Delay(Transient.Backoff(attempt));
                started = Now();
            }
        }
    }

    private SimFirm Pick(Random random) => population.Firms[random.Next(population.Firms.Count)];

    private SimFirm? PickWith(Random random, Func<SimFirm, bool> condition)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var firm = Pick(random);
            if (condition(firm))
            {
                return firm;
            }
        }

        return population.Firms.FirstOrDefault(condition);
    }

    public static long Now() => Stopwatch.GetTimestamp();

    private static long Micros(long started) => (Stopwatch.GetTimestamp() - started) / TicksPerMicrosecond;
}
