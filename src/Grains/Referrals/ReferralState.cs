using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>Persistent state of a referral or introduction.</summary>
[GenerateSerializer, Alias("viidakko.ReferralState")]
public sealed class ReferralState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public ReferralDraft? Draft { get; set; }
    [Id(2)] public ReferralStatus Status { get; set; }
    [Id(3)] public ClientContact? RevealedContact { get; set; }
    [Id(4)] public DeclineReason DeclineReason { get; set; }
    [Id(5)] public LostReason LostReason { get; set; }
    [Id(6)] public long WonValueCents { get; set; }
    [Id(7)] public int ContractMonths { get; set; }
    [Id(8)] public long FeeDueCents { get; set; }
    [Id(9)] public DateTime? CustodyUntil { get; set; }
    [Id(10)] public List<ReferralEvent> Timeline { get; set; } = [];
    [Id(11)] public long Version { get; set; }
    [Id(12)] public DateTime CreateTime { get; set; }
    [Id(13)] public DateTime UpdateTime { get; set; }
    [Id(15)] public long FeePaidCents { get; set; }
    /// <summary>Each side's feedback, at most one per side.</summary>
    [Id(16)] public List<FeedbackRecord> Feedback { get; set; } = [];
    /// <summary>
    /// Request ids of actions within the retention, keyed <c>firm:id</c>, so a retried action returns
    /// the referral instead of failing (see <see cref="RequestLog"/>).
    /// </summary>
    [Id(17)] public ItemMap<ProcessedRequest> ProcessedRequests { get; set; } = new();
    /// <summary>
    /// The client was already the receiver's own when the referral reached it: no fee is due, and
    /// the referrer is told only when the receiver says so (see <see cref="ReferralLifecycle.OwnClientDisclosed"/>).
    /// </summary>
    [Id(18)] public bool ReceiversOwnClient { get; set; }
    /// <summary>The receiver was warned that the proposal is about to expire.</summary>
    [Id(19)] public bool DeadlineWarned { get; set; }
    /// <summary>Once accepted: the first-contact deadline (see <see cref="ReferralDeadlines"/>).</summary>
    [Id(20)] public FirstContact? FirstContact { get; set; }
    /// <summary>Once the referrer's firm re-routed the need: the next hop's referral id (the referrer's view only).</summary>
    [Id(21)] public string? ReroutedTo { get; set; }
}
