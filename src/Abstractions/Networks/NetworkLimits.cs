namespace Viidakko;

/// <summary>
/// A network's own rate limits, set by the operator, in cost units a second (0: the hub's default,
/// <c>VIIDAKKO_FIRM_RATE_LIMIT</c> and <c>VIIDAKKO_NETWORK_RATE_LIMIT</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.NetworkLimits")]
public sealed record NetworkLimits([property: Id(0)] int FirmCostPerSecond, [property: Id(1)] int NetworkCostPerSecond)
{
    /// <summary>Highest limit the operator may set.</summary>
    public const int Max = 1_000_000;

    /// <summary>The hub's defaults everywhere.</summary>
    public static readonly NetworkLimits Default = new(0, 0);
}
