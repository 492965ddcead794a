namespace Viidakko.Grains.Domain;

/// <summary>
/// The feedback on a firm's referrals, given and received, as the referral grains report it, and
/// the wins it confirms: the referrer's rating of a won referral this firm received counts as
/// evidence of the firm's skills, once per referral. Only unsealed ratings ever count.
/// </summary>
public sealed class FeedbackLedger(
    string firmId, ItemMap<FeedbackRecord> records, Dictionary<string, int> confirmedWins, HashSet<string> confirmedReferrals)
{
    /// <summary>Every record, sealed ones included (callers filter).</summary>
    public IReadOnlyCollection<FeedbackRecord> All => records.Values;

    /// <summary>Per skill: won referrals whose referrer confirmed the win.</summary>
    public IReadOnlyDictionary<string, int> ConfirmedWins => confirmedWins;

    /// <summary>The record with <paramref name="key"/> (<see cref="FeedbackUnseals.Key"/>), if known.</summary>
    public FeedbackRecord? Find(string key) => records.GetValueOrDefault(key);

    /// <summary>True when there is any feedback at all.</summary>
    public bool Any => records.Count > 0;

    /// <summary>
    /// Takes the feedback of one referral as its grain reports it; false when nothing changed. A
    /// record never changes once given, except when it unseals.
    /// </summary>
    public bool Apply(ReferralSummary summary, IReadOnlyList<FeedbackRecord> feedback)
    {
        var changed = false;
        foreach (var record in feedback)
        {
            var key = $"{record.ReferralId}/{record.RaterFirmId}";
            if (!records.TryGetValue(key, out var known) || known.UnsealTime != record.UnsealTime)
            {
                records[key] = record;
                changed = true;
            }
        }

        return ConfirmWin(summary, feedback) | changed;
    }

    /// <summary>When the next sealed rating about this firm unseals (its standing changes then), if any.</summary>
    public DateTime? NextUnseal(DateTime now)
    {
        DateTime? next = null;
        foreach (var f in records.Values)
        {
            if (f.RateeFirmId == firmId && f.UnsealTime > now && (next is null || f.UnsealTime < next))
            {
                next = f.UnsealTime;
            }
        }

        return next;
    }

    /// <summary>Unsealed ratings about this firm, newest first, and how many are still sealed.</summary>
    public FeedbackPage AboutFirm(int pageSize, int offset, DateTime now)
    {
        var aboutMe = records.Values.Where(f => f.RateeFirmId == firmId).ToList();
        var visible = aboutMe.Where(f => f.IsUnsealed(now))
            .OrderByDescending(f => f.CreateTime).ThenBy(f => f.ReferralId, StringComparer.Ordinal)
            .ToList();
        int? next = offset + pageSize < visible.Count ? offset + pageSize : null;
        return new FeedbackPage(visible.Skip(offset).Take(pageSize).ToList(), aboutMe.Count - visible.Count, next);
    }

    private bool ConfirmWin(ReferralSummary summary, IReadOnlyList<FeedbackRecord> feedback)
    {
        if (summary.ReceiverFirmId != firmId || summary.Status != ReferralStatus.Won
            || !feedback.Any(f => f.RaterFirmId == summary.ReferrerFirmId)
            || !confirmedReferrals.Add(summary.ReferralId))
        {
            return false;
        }

        foreach (var skill in summary.Skills.Distinct(StringComparer.Ordinal))
        {
            confirmedWins[skill] = confirmedWins.GetValueOrDefault(skill) + 1;
        }

        return true;
    }
}
