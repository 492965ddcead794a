using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>Persistent state of a firm.</summary>
[GenerateSerializer, Alias("viidakko.FirmState")]
public sealed class FirmState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public FirmProfile? Profile { get; set; }
    [Id(2)] public string ApiKeyHash { get; set; } = "";
    [Id(3)] public bool Suspended { get; set; }
    [Id(4)] public DateTime CreateTime { get; set; }
    [Id(5)] public DateTime UpdateTime { get; set; }
    [Id(6)] public ItemMap<PartnershipHalf> Partnerships { get; set; } = new();
    /// <summary>The firm's clients. Entries are changed in place: call <see cref="ItemMap{TValue}.MarkChanged"/>.</summary>
    [Id(7)] public ItemMap<ClientEntry> Clients { get; set; } = new();
    /// <summary>Every referral the firm took part in, as the referral grains last reported it (one storage row each).</summary>
    [Id(8)] public ItemMap<ReferralSummary> Referrals { get; set; } = new();
    /// <summary>Per skill: won referrals whose referrer confirmed the win.</summary>
    [Id(10)] public Dictionary<string, int> ConfirmedWins { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Referrals whose win was already counted in <see cref="ConfirmedWins"/>.</summary>
    [Id(11)] public HashSet<string> ConfirmedReferralIds { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Feedback on this firm's referrals, both given and received, keyed <c>referral/rater</c>.</summary>
    [Id(12)] public ItemMap<FeedbackRecord> Feedback { get; set; } = new();
    /// <summary>The skills under which this firm is listed in the network's index.</summary>
    [Id(13)] public List<string> IndexedSkills { get; set; } = [];
    /// <summary>Hash of the facts last given to the index, so unchanged facts are not pushed again.</summary>
    [Id(14)] public string? PublishedFingerprint { get; set; }
    /// <summary>
    /// Request ids this firm carried out within the retention, keyed by who sent them (the firm itself
    /// or the operator) and the id, with what each was for (see <see cref="RequestLog"/>).
    /// </summary>
    [Id(16)] public ItemMap<ProcessedRequest> ProcessedRequests { get; set; } = new();
    /// <summary>The firm's event feed: only its head lives here; each event is a row written with the change it describes.</summary>
    [Id(17)] public EventLog<FirmEvent> Events { get; set; } = new();
    /// <summary>When the firm's deadline reminder is set to wake (see <see cref="FirmDeadlines"/>); null when none is set.</summary>
    [Id(18)] public DateTime? DeadlineWake { get; set; }
    /// <summary>Sent referrals declined or expired with re-routing asked for, whose next hop is not made yet.</summary>
    [Id(19)] public HashSet<string> PendingReroutes { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Ratings this firm gave or received that are still sealed: its feed announces each when it unseals.</summary>
    [Id(20)] public HashSet<string> SealedFeedback { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Referrals (and introductions, returned needs) opened today, for the network's daily quota.</summary>
    [Id(21)] public FlowCount? ReferralsToday { get; set; }
    /// <summary>Partnership proposals made today, for the network's daily quota.</summary>
    [Id(22)] public FlowCount? ProposalsToday { get; set; }
    /// <summary>The key the last rotation replaced (its hash), working until <see cref="PreviousKeyUntil"/>.</summary>
    [Id(23)] public string? PreviousApiKeyHash { get; set; }
    [Id(24)] public DateTime? PreviousKeyUntil { get; set; }
}
