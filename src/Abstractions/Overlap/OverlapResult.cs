namespace Viidakko;

/// <summary>The clients a firm has in common with a partner, as far as both share.</summary>
/// <param name="Sharing">The lesser of the two firms' choices: what the answer could show.</param>
/// <param name="CommonClients">How many in common; null when not shown (nothing shared, or fewer than the threshold with counts only).</param>
/// <param name="FewerThanThree">Counts only: fewer than <see cref="OverlapLimits.CountThreshold"/> in common.</param>
/// <param name="Clients">Names only: the common clients.</param>
[GenerateSerializer, Immutable, Alias("viidakko.OverlapResult")]
public sealed record OverlapResult(string PartnerFirmId, OverlapSharing Sharing, int? CommonClients, bool FewerThanThree, IReadOnlyList<CommonClient> Clients);
