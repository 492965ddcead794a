namespace Viidakko.Grains.Domain;

/// <summary>What a firm's referrals with one partner add up to, kept as running totals.</summary>
/// <param name="OwedToFirmCents">Fees due and not yet paid on referrals the firm sent.</param>
/// <param name="OwedByFirmCents">Fees due and not yet paid on referrals the firm received.</param>
/// <param name="Sent">Referrals and introductions the firm sent to the partner.</param>
/// <param name="Received">Referrals and introductions the firm received from the partner.</param>
public sealed record PartnerTotals(long OwedToFirmCents, long OwedByFirmCents, int Sent, int Received)
{
    /// <summary>No referrals either way.</summary>
    public static readonly PartnerTotals None = new(0, 0, 0, 0);

    /// <summary>These totals with <paramref name="r"/> added (<paramref name="sign"/> 1) or taken away (-1).</summary>
    public PartnerTotals With(ReferralSummary r, bool sent, int sign)
    {
        var owed = sign * (r.FeeDueCents - r.FeePaidCents);
        return sent
            ? this with { OwedToFirmCents = OwedToFirmCents + owed, Sent = Sent + sign }
            : this with { OwedByFirmCents = OwedByFirmCents + owed, Received = Received + sign };
    }
}
