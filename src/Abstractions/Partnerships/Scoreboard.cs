namespace Viidakko;

/// <summary>A firm's scoreboard across its partnerships.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Scoreboard")]
public sealed record Scoreboard(IReadOnlyList<PartnerLedger> Partners, FirmStanding Standing);
