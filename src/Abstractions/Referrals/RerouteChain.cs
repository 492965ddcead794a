namespace Viidakko;

/// <summary>
/// A referral whose referrer asked for automatic re-routing: on decline or expiry the hub offers the
/// same need to the next partner in the match ranking, up to <paramref name="MaxHops"/> more times,
/// excluding every partner that already had it. Every hop carries the whole history.
/// </summary>
/// <param name="OriginReferralId">The first referral of the chain.</param>
/// <param name="MaxHops">How many times the need may move on after the first (1–5).</param>
/// <param name="Earlier">The hops before this one, oldest first.</param>
[GenerateSerializer, Immutable, Alias("viidakko.RerouteChain")]
public sealed record RerouteChain(string OriginReferralId, int MaxHops, IReadOnlyList<ReferralHop> Earlier)
{
    /// <summary>Most hops a referrer may ask for.</summary>
    public const int Limit = 5;

    /// <summary>Hops left after this one.</summary>
    public int HopsLeft => Math.Max(0, MaxHops - Earlier.Count);
}
