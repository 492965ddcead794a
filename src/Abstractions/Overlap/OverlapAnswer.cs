namespace Viidakko;

/// <summary>
/// What the firm asked about answers the asking firm's overlap grain: the level both share, and the
/// asker's clients it has too with its own names for them (names only at <see cref="OverlapSharing.Names"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.OverlapAnswer")]
public sealed record OverlapAnswer(OverlapSharing Sharing, IReadOnlyList<string> MatchedClientIds, IReadOnlyDictionary<string, string> PartnerNames);
