namespace Viidakko.Grains.Domain;

/// <summary>
/// The receiver of a referral or introduction learns of the client when it is proposed. From then
/// until <c>non_solicit_months</c> after the referral ends, the receiver may not take that client as
/// its own nor pass it on: the referrer must not lose the client for good by sharing it.
/// </summary>
public static class CustodyRules
{
    /// <summary>When the window closes for a referral in <paramref name="status"/>; null while it stays open.</summary>
    public static DateTime? WindowEnd(ReferralStatus status, DateTime endTime, int nonSolicitMonths) =>
        ReferralLifecycle.IsTerminal(status) ? endTime.AddMonths(nonSolicitMonths) : null;

    /// <summary>True while a window that opened at <paramref name="since"/> and closes at <paramref name="until"/> is open.</summary>
    public static bool IsOpen(DateTime since, DateTime? until, DateTime now) => now >= since && (until is null || now < until);

    /// <summary>
    /// Whether a block stops the receiver from using a client. A client the receiver registered
    /// before it ever heard of the referral is its own business (the conflict case), not a poach.
    /// </summary>
    public static bool Blocks(DateTime since, DateTime? until, DateTime now, DateTime? receiverClientCreated) =>
        IsOpen(since, until, now) && (receiverClientCreated is null || receiverClientCreated >= since);
}
