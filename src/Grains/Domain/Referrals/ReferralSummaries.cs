namespace Viidakko.Grains.Domain;

/// <summary>The entry a party's firm keeps of a referral, made from the referral grain's view.</summary>
public static class ReferralSummaries
{
    /// <summary>The summary of <paramref name="v"/> (as its custodian sees it) for a client with the identity in <paramref name="client"/>.</summary>
    public static ReferralSummary Of(ReferralView v, ClientSnapshot client) => new(
        v.ReferralId, v.Kind, v.Status, v.ReferrerFirmId, v.ReceiverFirmId, v.CustodianFirmId, v.ClientId, client.NormalizedIdentity,
        client.DisplayName, v.Need.Skills, v.FeeDueCents, v.ExpireTime, v.CreateTime, v.CustodyUntil, v.Version, v.CreateTime, v.UpdateTime,
        v.Terms.NonSolicitMonths, v.FeePaidCents, v.WonValueCents, v.Note,
        StepCount: v.Timeline.Count, Steps: v.Timeline, DeclineReason: v.DeclineReason, LostReason: v.LostReason, Deadline: v.Deadline,
        Difficulty: v.Disclosure?.Difficulty);
}
