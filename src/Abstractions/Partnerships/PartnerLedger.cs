namespace Viidakko;

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
