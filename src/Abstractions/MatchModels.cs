namespace Viidakko;

// Matching, feedback and the partnership scoreboard. Records with primary constructors get implicit
// serializer ids from parameter order: append new parameters at the end, never reorder.

/// <summary>A skill the need asks for, with the lowest acceptable declared level.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.SkillRequirement")]
public sealed record SkillRequirement(string Skill, int MinLevel);

/// <summary>What the caller is looking for in a partner.</summary>
/// <param name="ClientId">The caller's client the need is for, if any (for exclusions).</param>
[GenerateSerializer, Immutable, Alias("viidakko.MatchQuery")]
public sealed record MatchQuery(
    IReadOnlyList<SkillRequirement> Skills,
    IReadOnlyList<string> WantedTraits,
    long BudgetMinCents,
    long BudgetMaxCents,
    DateOnly? Deadline,
    string City,
    bool RemoteOk,
    string? ClientId);

/// <summary>One part of a candidate's score, readable by a person.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ScorePart")]
public sealed record ScorePart(string Name, double Score, double Weight, string Explanation);

/// <summary>A ranked candidate.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.MatchCandidate")]
public sealed record MatchCandidate(
    string FirmId,
    string DisplayName,
    string City,
    double Score,
    IReadOnlyList<ScorePart> Breakdown,
    bool Partner,
    string Suggestion,
    double? Reputation,
    int RatingCount);

/// <summary>Why a firm is not among the candidates.</summary>
[GenerateSerializer, Alias("viidakko.ExclusionReason")]
public enum ExclusionReason { Unspecified = 0, Self = 1, DeclinedClientBefore = 2, CustodyConflict = 3, Suspended = 4 }

/// <summary>A firm left out, with the reason; the firm id is empty where naming it would reveal another firm's data.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.MatchExclusion")]
public sealed record MatchExclusion(string FirmId, ExclusionReason Reason, string Explanation);

/// <summary>A page of candidates.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.MatchResult")]
public sealed record MatchResult(IReadOnlyList<MatchCandidate> Candidates, IReadOnlyList<MatchExclusion> Exclusions, int TotalSize, int? NextOffset);

/// <summary>
/// What an index shard holds about one firm: everything matching and the directory need without
/// calling the firm. <see cref="ClientIdentities"/> are the identities the firm may not be offered
/// (its own clients and clients under another firm's custody window); never shown to callers.
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.FirmMatchFacts")]
public sealed record FirmMatchFacts(FirmView PublicView, IReadOnlyList<string> ClientIdentities)
{
    /// <summary>The firm id.</summary>
    public string FirmId => PublicView.FirmId;
}

/// <summary>What one shard found for a match: its best candidates, how many qualified, and exclusions.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ShardMatch")]
public sealed record ShardMatch(IReadOnlyList<MatchCandidate> Top, int Qualified, IReadOnlyList<MatchExclusion> Exclusions);

/// <summary>The caller's side of a match, computed by its own firm grain.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.MatchCaller")]
public sealed record MatchCaller(
    string FirmId,
    IReadOnlyList<string> Traits,
    IReadOnlyList<string> Skills,
    IReadOnlyDictionary<string, PairFacts> Pairs,
    string ClientIdentity,
    IReadOnlyList<string> DeclinedBefore,
    DateOnly Today);

/// <summary>What the caller knows about its history with one other firm.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PairFacts")]
public sealed record PairFacts(bool Partner, double? Chemistry, int ChemistryCount, int GivenToCaller, int ReceivedFromCaller);

/// <summary>A suggested first meeting between two named people.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.MeetingSuggestion")]
public sealed record MeetingSuggestion(
    string FirmId,
    string DisplayName,
    double Score,
    IReadOnlyList<string> ComplementarySkills,
    IReadOnlyList<string> SharedTraits,
    string YourPerson,
    string TheirPerson,
    string Explanation);

// ---------------------------------------------------------------- feedback

/// <summary>A rating between two people of the two firms.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PersonRating")]
public sealed record PersonRating(string FromPerson, string ToPerson, int Chemistry);

/// <summary>The receiver's rating of a referral's quality.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralQualityRating")]
public sealed record ReferralQualityRating(int AsDisclosed, int WorthTheHassle);

/// <summary>What a firm submits about the other party of a referral.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FeedbackInput")]
public sealed record FeedbackInput(
    int Communication,
    int QualityOfWork,
    int MarketingMind,
    int WorkAgain,
    string Comment,
    ReferralQualityRating? ReferralQuality,
    IReadOnlyList<PersonRating> PersonRatings,
    string? RequestId);

/// <summary>One side's feedback on one referral, as stored.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FeedbackRecord")]
public sealed record FeedbackRecord(
    string ReferralId,
    string RaterFirmId,
    string RateeFirmId,
    FeedbackInput Input,
    DateTime CreateTime,
    DateTime UnsealTime)
{
    /// <summary>The overall score: the mean of the four firm criteria.</summary>
    public double Overall => (Input.Communication + Input.QualityOfWork + Input.MarketingMind + Input.WorkAgain) / 4.0;

    /// <summary>True once the rated side may see it.</summary>
    public bool IsUnsealed(DateTime now) => now >= UnsealTime;
}

/// <summary>Feedback on one referral as one party may see it.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralFeedback")]
public sealed record ReferralFeedback(IReadOnlyList<FeedbackRecord> Visible, bool OtherSideSealed);

/// <summary>A page of ratings about a firm.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FeedbackPage")]
public sealed record FeedbackPage(IReadOnlyList<FeedbackRecord> Feedback, int SealedCount, int? NextOffset);

/// <summary>Chemistry between two people.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PeopleChemistryView")]
public sealed record PeopleChemistryView(string YourPerson, string TheirPerson, double Score, int RatingCount);

/// <summary>Chemistry between the caller's firm and another.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ChemistryView")]
public sealed record ChemistryView(string OtherFirmId, double? Score, int RatingCount, IReadOnlyList<PeopleChemistryView> People);

// ---------------------------------------------------------------- scoreboard

/// <summary>Referrals in one direction between two partners.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.DirectionLedger")]
public sealed record DirectionLedger(
    int Referrals,
    int Introductions,
    int Accepted,
    int Won,
    long WonValueCents,
    long FeesDueCents,
    long FeesPaidCents,
    double? AverageReferralQuality,
    int ReferralQualityCount);

/// <summary>The ledger with one partner, both directions, and who owes whom.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PartnerLedger")]
public sealed record PartnerLedger(
    string PartnerFirmId,
    PartnershipStatus Status,
    DirectionLedger Sent,
    DirectionLedger Received,
    int CountBalance,
    long ValueBalanceCents,
    string ReturnTheBall);

/// <summary>A firm's scoreboard across its partnerships.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Scoreboard")]
public sealed record Scoreboard(IReadOnlyList<PartnerLedger> Partners, FirmStanding Standing);
