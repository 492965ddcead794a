namespace Viidakko.Grains.Domain;

/// <summary>The referral fee owed on a won deal.</summary>
public static class FeeCalculator
{
    /// <summary>
    /// Percent of the won value; when the contract runs longer than the fee cap, only the capped
    /// months' share of the value carries a fee. Rounded half away from zero to whole cents.
    /// </summary>
    public static long FeeDueCents(PartnershipTerms terms, long wonValueCents, int contractMonths)
    {
        if (wonValueCents <= 0 || terms.FeePercent <= 0)
        {
            return 0;
        }

        var months = Math.Max(1, contractMonths);
        decimal feeBase = wonValueCents;
        if (terms.FeeCapMonths > 0 && months > terms.FeeCapMonths)
        {
            feeBase = feeBase * terms.FeeCapMonths / months;
        }

        return (long)Math.Round(feeBase * terms.FeePercent / 100m, MidpointRounding.AwayFromZero);
    }
}
