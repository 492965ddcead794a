namespace Viidakko;

/// <summary>
/// A network's own limits, set by the operator: rate limits in cost units a second (0: the hub's
/// default, <c>VIIDAKKO_FIRM_RATE_LIMIT</c> and <c>VIIDAKKO_NETWORK_RATE_LIMIT</c>), and business-flow
/// quotas per firm and day (0: <see cref="DefaultReferralsPerDay"/>, <see cref="DefaultProposalsPerDay"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.NetworkLimits")]
public sealed record NetworkLimits(
    [property: Id(0)] int FirmCostPerSecond,
    [property: Id(1)] int NetworkCostPerSecond,
    [property: Id(2)] int ReferralsPerFirmPerDay = 0,
    [property: Id(3)] int ProposalsPerFirmPerDay = 0)
{
    /// <summary>Highest limit the operator may set.</summary>
    public const int Max = 1_000_000;

    /// <summary>Referrals, introductions and returned needs one firm may open per day (UTC) unless the operator set another number.</summary>
    public const int DefaultReferralsPerDay = 500;

    /// <summary>Partnership proposals one firm may make per day (UTC) unless the operator set another number.</summary>
    public const int DefaultProposalsPerDay = 100;

    /// <summary>The hub's defaults everywhere.</summary>
    public static readonly NetworkLimits Default = new(0, 0);
}
