using System.Collections.Concurrent;
using System.Text.Json;
using Grpc.Core;

namespace Viidakko.LoadTest;

// Inside the namespace, so the API's messages win over the domain types of the same names.
using Viidakko.Api.V1;

/// <summary>
/// Checks a <see cref="Journal"/> against the hub through its public API: every acknowledged
/// referral exists with (at least) its acknowledged state; no operation was applied twice (each
/// create names its operation in the note); both firms of each referral list it; and every firm's
/// ledger counts exactly the referrals it lists.
/// </summary>
internal static class Verifier
{
    private const int Parallelism = 32;
    private const int MaxListed = 20;

    public static async Task<int> RunAsync(Hub hub, Options options, TextWriter output, CancellationToken ct)
    {
        var result = await VerifyAsync(hub, Journal.Read(options.JournalPath!), ct);
        Print(result, output);
        if (options.JsonPath is { } json)
        {
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }), ct);
        }

        return result.Passed ? 0 : 1;
    }

    public static async Task<VerifyResult> VerifyAsync(Hub hub, IReadOnlyList<JournalEntry> journal, CancellationToken ct)
    {
        var keys = journal.Where(e => e.Kind == Journal.FirmKind).ToDictionary(e => e.Firm!, e => new Metadata { { "authorization", "Bearer " + e.Key } });
        var created = journal.Where(e => e.Kind == Journal.CreatedKind).GroupBy(e => e.Referral!).ToDictionary(g => g.Key, g => g.First());
        var accepted = journal.Where(e => e.Kind == Journal.AcceptedKind).Select(e => e.Referral!).ToHashSet();
        var errors = journal.Where(e => e.Kind == Journal.ErrorKind).ToList();
        var involved = created.Values.SelectMany(e => new[] { e.Firm!, e.To! }).Distinct().ToList();

        var missing = new ConcurrentBag<string>();
        var wrongState = new ConcurrentBag<string>();
        var mismatches = new ConcurrentBag<string>();
        var sent = new ConcurrentDictionary<string, IReadOnlyList<Referral>>();
        var received = new ConcurrentDictionary<string, IReadOnlyList<Referral>>();
        var referrals = new ReferralService.ReferralServiceClient(hub.Invoker);
        var partnerships = new PartnershipService.PartnershipServiceClient(hub.Invoker);

        // Each firm's own view: what it lists, sent and received, and its ledger of both.
        await Parallel.ForEachAsync(involved, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (firm, token) =>
        {
            var auth = keys[firm];
            var mineSent = await ListAsync(referrals, firm, ReferralRole.Sent, auth, token);
            var mineReceived = await ListAsync(referrals, firm, ReferralRole.Received, auth, token);
            sent[firm] = mineSent;
            received[firm] = mineReceived;
            var board = await partnerships.GetScoreboardAsync(new GetScoreboardRequest { Parent = firm }, auth, cancellationToken: token);
            foreach (var ledger in board.Partners)
            {
                Compare(firm, ledger.Partner, "sent", ledger.Sent, mineSent.Where(r => r.Receiver == ledger.Partner).ToList(), mismatches);
                Compare(firm, ledger.Partner, "received", ledger.Received, mineReceived.Where(r => r.Referrer == ledger.Partner).ToList(), mismatches);
            }

            var ledgerPartners = board.Partners.Select(p => p.Partner).ToHashSet();
            foreach (var other in mineSent.Select(r => r.Receiver).Concat(mineReceived.Select(r => r.Referrer)).Distinct().Where(p => !ledgerPartners.Contains(p)))
            {
                mismatches.Add($"{firm}: referrals with {other} but no ledger for it");
            }
        });

        // The source of truth: each acknowledged referral, read from its own grain.
        await Parallel.ForEachAsync(created.Values, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (entry, token) =>
        {
            Referral referral;
            try
            {
                referral = await referrals.GetReferralAsync(new GetReferralRequest { Name = entry.Referral }, keys[entry.Firm!], cancellationToken: token);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                missing.Add($"{entry.Referral}: acknowledged at {entry.UnixMs}, not found");
                return;
            }

            var wanted = accepted.Contains(entry.Referral!) ? new[] { ReferralState.Accepted } : [ReferralState.Proposed, ReferralState.Accepted];
            if (!wanted.Contains(referral.State))
            {
                wrongState.Add($"{entry.Referral}: acknowledged {string.Join(" or ", wanted)}, found {referral.State}");
            }

            // Both firms keep their own copy (their lists and ledgers): each must have caught up with the grain.
            foreach (var (side, list) in new[] { ("referrer", sent[entry.Firm!]), ("receiver", received[entry.To!]) })
            {
                var listed = list.FirstOrDefault(r => r.Name == entry.Referral);
                if (listed is null)
                {
                    missing.Add($"{entry.Referral}: not in the {side}'s list");
                }
                else if (listed.State != referral.State)
                {
                    wrongState.Add($"{entry.Referral}: the {side} lists it {listed.State}, the referral is {referral.State}");
                }
            }
        });

        // One operation, one referral: a retried create that was applied twice shows as two with one note.
        var simulated = sent.Values.SelectMany(list => list).Where(r => r.Note.StartsWith("sim:", StringComparison.Ordinal)).ToList();
        var twice = simulated.GroupBy(r => r.Note).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {g.Count()} referrals ({string.Join(", ", g.Select(r => r.Name))})").ToList();
        var notes = created.Values.Select(e => e.Note).ToHashSet();

        return new VerifyResult(
            created.Count,
            accepted.Count,
            involved.Count,
            simulated.Count,
            simulated.Count(r => !notes.Contains(r.Note)),
            Limit(missing),
            Limit(wrongState),
            twice.Take(MaxListed).ToList(),
            Limit(mismatches),
            errors.GroupBy(e => e.Code!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            errors.Select(e => e.UnixMs).Order().ToList());
    }

    public static void Print(VerifyResult r, TextWriter w)
    {
        w.WriteLine();
        w.WriteLine("== verify");
        w.WriteLine($"acknowledged: {r.AcknowledgedCreates} creates, {r.AcknowledgedAccepts} accepts, over {r.Firms} firms; {r.ReferralsFound} simulated referrals found ({r.AppliedButNotAcknowledged} applied but never acknowledged)");
        w.WriteLine($"missing {r.Missing.Count}, wrong state {r.WrongState.Count}, applied twice {r.AppliedTwice.Count}, ledger mismatches {r.LedgerMismatches.Count}");
        w.WriteLine("failed calls by code: " + (r.ErrorsByCode.Count == 0 ? "none" : string.Join(", ", r.ErrorsByCode.Select(kv => $"{kv.Key} {kv.Value}"))));
        foreach (var line in r.Missing.Concat(r.WrongState).Concat(r.AppliedTwice).Concat(r.LedgerMismatches))
        {
            w.WriteLine("  " + line);
        }

        w.WriteLine(r.Passed ? "verify: PASSED" : "verify: FAILED");
    }

    private static void Compare(string firm, string partner, string direction, DirectionLedger ledger, IReadOnlyList<Referral> listed, ConcurrentBag<string> mismatches)
    {
        var count = ledger.Referrals + ledger.Introductions;
        var acceptedListed = listed.Count(r => r.State is ReferralState.Accepted or ReferralState.InProgress or ReferralState.Won or ReferralState.Lost);
        if (count != listed.Count || ledger.Accepted != acceptedListed)
        {
            mismatches.Add($"{firm} {direction} with {partner}: ledger {count} ({ledger.Accepted} accepted), listed {listed.Count} ({acceptedListed} accepted)");
        }
    }

    private static async Task<IReadOnlyList<Referral>> ListAsync(ReferralService.ReferralServiceClient client, string firm, ReferralRole role, Metadata auth, CancellationToken ct)
    {
        var all = new List<Referral>();
        var token = "";
        do
        {
            var page = await client.ListReferralsAsync(new ListReferralsRequest { Parent = firm, Role = role, PageSize = 1000, PageToken = token }, auth, cancellationToken: ct);
            all.AddRange(page.Referrals);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    private static List<string> Limit(IEnumerable<string> lines) => lines.Order(StringComparer.Ordinal).Take(MaxListed).ToList();
}
