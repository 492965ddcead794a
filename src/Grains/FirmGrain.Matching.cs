using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>Matching, the index facts, feedback, chemistry and the scoreboard of a firm.</summary>
internal sealed partial class FirmGrain
{
    /// <summary>Changes that come in bursts (referral and feedback notifications) reach the index this much later, together.</summary>
    private static readonly TimeSpan PublishDelay = TimeSpan.FromMilliseconds(500);

    private IGrainTimer? _publishTimer;
    private IGrainTimer? _unsealTimer;
    private bool _deactivating;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A rating that unsealed while this firm was not active changes its standing: re-publish
        // if the facts differ from what the index was last given.
        if (S.Exists && S.Feedback.Count > 0)
        {
            SchedulePublish();
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A pending publish would only keep a leaving activation busy (during a silo's drain its
        // calls fail at once and would be retried every half second): the index is derived data,
        // and the shards read this firm's facts again when it next activates.
        _deactivating = true;
        _publishTimer?.Dispose();
        _publishTimer = null;
        _unsealTimer?.Dispose();
        _unsealTimer = null;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    // ------------------------------------------------------------------ standing and index facts

    private FirmStanding Standing()
    {
        var kept = S.Clients.Values.Count(c => c.Keep);
        var referredOut = S.Referrals.Values
            .Where(r => r.ReferrerFirmId == FirmId && r.CustodianFirmId == FirmId)
            .Select(r => r.ClientId)
            .Distinct(StringComparer.Ordinal)
            .Count();
        return Standings.Compute(FirmId, S.Feedback.Values, kept, referredOut, S.ConfirmedWins, Now);
    }

    public Task<FirmMatchFacts> GetMatchFactsAsync(CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return Task.FromResult(Facts());
    }

    private FirmMatchFacts Facts()
    {
        var now = Now;
        // Identities this firm must not be offered: its own clients, and clients it learned of
        // through another firm's referral while that referral's custody window is open.
        var identities = S.Clients.Values.Select(c => c.Identity)
            .Concat(S.Referrals.Values
                .Where(r => r.ReceiverFirmId == FirmId && r.CustodianFirmId != FirmId
                    && CustodyRules.IsOpen(r.CustodySince, CustodyUntil(r, now), now))
                .Select(r => r.ClientIdentity))
            .SelectMany(ClientIdentity.Parts)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new FirmMatchFacts(View(FirmVisibility.Public), identities);
    }

    /// <summary>Pushes this firm's facts to the all-firms shard and one shard per skill it offers.</summary>
    private async Task PublishFactsAsync(CancellationToken cancellationToken)
    {
        if (!S.Exists)
        {
            return;
        }

        var facts = Facts();
        var fingerprint = Fingerprint(facts);
        var skills = S.Profile!.Capabilities.Select(c => c.Skill).Distinct(StringComparer.Ordinal).ToList();
        var dropped = S.IndexedSkills.Except(skills, StringComparer.Ordinal).ToList();
        if (fingerprint == S.PublishedFingerprint && dropped.Count == 0)
        {
            return;
        }

        try
        {
            var shard = (string skill) => GrainFactory.GetGrain<IIndexShardGrain>(
                IndexShards.Key(NetworkId, skill, IndexShards.ShardOf(FirmId, skill)));
            await Task.WhenAll(
                skills.Prepend(IndexShards.All).Select(skill => shard(skill).UpsertAsync(facts, cancellationToken))
                    .Concat(dropped.Select(skill => shard(skill).RemoveAsync(FirmId, cancellationToken))));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Deactivation or shutdown: the shard reloads from this firm when it next activates.
            return;
        }
        catch (SiloUnavailableException)
        {
            // Either this silo is shutting down (this firm publishes again when it next activates) or
            // the shard's silo died (the shard reads every member's facts when it activates again):
            // retrying from here would only keep this activation busy.
            return;
        }
        catch (Exception e)
        {
            // The index is derived data: the profile change itself is saved, and the next change
            // (or the shard's own reload) brings the index up to date.
            logger.LogWarning(e, "Could not update the index for firm {Firm}", FirmId);
            SchedulePublish();
            return;
        }

        S.IndexedSkills = skills;
        S.PublishedFingerprint = fingerprint;
        await Writer.WriteAsync();
    }

    private void SchedulePublish()
    {
        if (_publishTimer is not null || _deactivating)
        {
            return;
        }

        _publishTimer = this.RegisterGrainTimer(
            async ct =>
            {
                // Dispose only afterwards: disposing a timer cancels the token of its running callback.
                var timer = _publishTimer;
                _publishTimer = null;
                try
                {
                    await PublishFactsAsync(ct);
                }
                finally
                {
                    timer?.Dispose();
                }
            },
            new GrainTimerCreationOptions(PublishDelay, Timeout.InfiniteTimeSpan));
    }

    private static string Fingerprint(FirmMatchFacts facts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(facts))))[..32];

    // ------------------------------------------------------------------ matching

    private MatchCaller Caller(string? clientId)
    {
        var clientIdentity = "";
        var declined = new List<string>();
        if (clientId is not null)
        {
            if (!S.Clients.TryGetValue(clientId, out var client))
            {
                throw DomainException.NotFound("Client");
            }

            clientIdentity = client.Identity;
            declined = S.Referrals.Values
                .Where(r => r.ReferrerFirmId == FirmId && r.ClientId == clientId && r.Status == ReferralStatus.Declined)
                .Select(r => r.ReceiverFirmId)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }

        var now = Now;
        var partnerships = S.Partnerships.ToDictionary(p => p.Key, p => p.Value.Status, StringComparer.Ordinal);
        var pairs = Standings.Pairs(FirmId, partnerships, S.Referrals.Values, S.Feedback.Values.ToList(), now);
        return new MatchCaller(
            FirmId,
            S.Profile!.Traits,
            S.Profile.Capabilities.Select(c => c.Skill).ToList(),
            pairs,
            clientIdentity,
            declined,
            DateOnly.FromDateTime(now));
    }

    public async Task<MatchResult> MatchPartnersAsync(MatchQuery query, int offset, int pageSize, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        if (query.Skills.Count == 0)
        {
            throw DomainException.Invalid("skills", "name at least one skill");
        }

        var caller = Caller(query.ClientId);
        // Every candidate must offer every wanted skill, so the shards of the first one hold them all.
        var skill = query.Skills[0].Skill;
        var limit = offset + pageSize;
        var shards = await Task.WhenAll(IndexShards.Keys(NetworkId, skill)
            .Select(key => GrainFactory.GetGrain<IIndexShardGrain>(key).MatchAsync(query, caller, limit, cancellationToken)));

        var ranked = MatchScoring.Rank(shards.SelectMany(s => s.Top)).ToList();
        var total = shards.Sum(s => s.Qualified);
        var exclusions = offset == 0
            ? shards.SelectMany(s => s.Exclusions).OrderBy(e => e.Reason).ThenBy(e => e.FirmId, StringComparer.Ordinal).ToList()
            : [];
        int? next = offset + pageSize < total ? offset + pageSize : null;
        return new MatchResult(ranked.Skip(offset).Take(pageSize).ToList(), exclusions, total, next);
    }

    public async Task<IReadOnlyList<MeetingSuggestion>> SuggestMeetingsAsync(int limit, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        var caller = Caller(null);
        var person = S.Profile!.People.FirstOrDefault() is { } p ? (p.Role.Length > 0 ? $"{p.Name} ({p.Role})" : p.Name) : "";
        var shards = await Task.WhenAll(IndexShards.Keys(NetworkId, IndexShards.All)
            .Select(key => GrainFactory.GetGrain<IIndexShardGrain>(key).SuggestAsync(caller, person, limit, cancellationToken)));
        return MeetingSuggestions.Rank(shards.SelectMany(s => s)).Take(limit).ToList();
    }

    // ------------------------------------------------------------------ feedback and scoreboard

    public async Task OnFeedbackChangedAsync(ReferralSummary summary, IReadOnlyList<FeedbackRecord> feedback, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var changed = ApplySummary(summary);
        foreach (var record in feedback)
        {
            var key = $"{record.ReferralId}/{record.RaterFirmId}";
            // A record never changes once given, except when it unseals.
            if (!S.Feedback.TryGetValue(key, out var known) || known.UnsealTime != record.UnsealTime)
            {
                S.Feedback[key] = record;
                changed = true;
            }
        }

        changed |= ConfirmWin(summary, feedback);
        if (changed)
        {
            await Writer.WriteAsync();
            SchedulePublish();
            ScheduleUnsealPublish();
        }
    }

    /// <summary>The referrer's rating of a won referral this firm received confirms the win, once per referral.</summary>
    private bool ConfirmWin(ReferralSummary summary, IReadOnlyList<FeedbackRecord> feedback)
    {
        if (summary.ReceiverFirmId != FirmId || summary.Status != ReferralStatus.Won
            || !feedback.Any(f => f.RaterFirmId == summary.ReferrerFirmId)
            || !S.ConfirmedReferralIds.Add(summary.ReferralId))
        {
            return false;
        }

        foreach (var skill in summary.Skills.Distinct(StringComparer.Ordinal))
        {
            S.ConfirmedWins[skill] = S.ConfirmedWins.GetValueOrDefault(skill) + 1;
        }

        return true;
    }

    /// <summary>While active, re-publish when the next sealed rating about this firm unseals.</summary>
    private void ScheduleUnsealPublish()
    {
        var now = Now;
        var next = S.Feedback.Values.Where(f => f.RateeFirmId == FirmId && f.UnsealTime > now).Select(f => f.UnsealTime).DefaultIfEmpty().Min();
        if (next == default)
        {
            return;
        }

        var due = next - now + TimeSpan.FromSeconds(1);
        _unsealTimer?.Dispose();
        _unsealTimer = this.RegisterGrainTimer(async ct => await PublishFactsAsync(ct), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    public async Task OnClientKeepChangedAsync(string clientId, bool keep, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        if (keep)
        {
            var now = Now;
            var open = S.Referrals.Values.FirstOrDefault(r =>
                r.ClientId == clientId && r.CustodianFirmId == FirmId && r.ReferrerFirmId == FirmId
                && !ReferralLifecycle.IsTerminal(ReferralLifecycle.Effective(r.Status, r.ExpireTime, now)));
            if (open is not null)
            {
                throw DomainException.Precondition(Reasons.ClientBeingReferred,
                    $"This client is in an open referral ('{open.ReferralId}'): it can be kept once that referral ends or is cancelled.");
            }
        }

        if (S.Clients.TryGetValue(clientId, out var entry) && entry.Keep != keep)
        {
            entry.Keep = keep;
            S.Clients.MarkChanged(clientId);
            await Writer.WriteAsync();
            SchedulePublish();
        }
    }

    public Task<FeedbackPage> ListFeedbackAboutFirmAsync(int pageSize, int offset, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var now = Now;
        var aboutMe = S.Feedback.Values.Where(f => f.RateeFirmId == FirmId).ToList();
        var visible = aboutMe.Where(f => f.IsUnsealed(now))
            .OrderByDescending(f => f.CreateTime).ThenBy(f => f.ReferralId, StringComparer.Ordinal)
            .ToList();
        int? next = offset + pageSize < visible.Count ? offset + pageSize : null;
        return Task.FromResult(new FeedbackPage(visible.Skip(offset).Take(pageSize).ToList(), aboutMe.Count - visible.Count, next));
    }

    public Task<ChemistryView> GetChemistryAsync(string otherFirmId, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return Task.FromResult(Standings.Chemistry(FirmId, otherFirmId, S.Feedback.Values, Now));
    }

    public Task<Scoreboard> GetScoreboardAsync(CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var now = Now;
        var partnerships = S.Partnerships.ToDictionary(p => p.Key, p => p.Value.Status, StringComparer.Ordinal);
        var referrals = S.Referrals.Values
            .Select(r => r with { Status = ReferralLifecycle.Effective(r.Status, r.ExpireTime, now) })
            .ToList();
        var ledgers = Standings.Ledgers(FirmId, partnerships, referrals, S.Feedback.Values.ToList(), now);
        return Task.FromResult(new Scoreboard(ledgers, Standing()));
    }
}
