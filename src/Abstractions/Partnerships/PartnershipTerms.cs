namespace Viidakko;

/// <summary>The agreed terms of a partnership, copied into each referral.</summary>
/// <param name="FeePercent">Referral fee as a percentage (0–50) of the won value.</param>
/// <param name="FeeCapMonths">The fee applies to at most this many months of the won contract; 0 = no cap.</param>
/// <param name="NonSolicitMonths">How long after a referral ends the receiver may not take the client as its own.</param>
/// <param name="Scope">Skills (service lines) that may be referred; empty = any.</param>
[GenerateSerializer, Immutable, Alias("viidakko.PartnershipTerms")]
public sealed record PartnershipTerms(decimal FeePercent, int FeeCapMonths, int NonSolicitMonths, IReadOnlyList<string> Scope);
