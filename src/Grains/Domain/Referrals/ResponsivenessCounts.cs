namespace Viidakko.Grains.Domain;

/// <summary>How one received referral counts in its receiver's <see cref="Responsiveness"/>.</summary>
public static class ResponsivenessCounts
{
    /// <summary><paramref name="counts"/> with the received referral <paramref name="r"/> added (<paramref name="sign"/> 1) or taken away (-1).</summary>
    public static Responsiveness With(Responsiveness counts, ReferralSummary r, int sign)
    {
        var answered = r.Status is ReferralStatus.Accepted or ReferralStatus.Declined or ReferralStatus.InProgress
            or ReferralStatus.Won or ReferralStatus.Lost;
        var started = r.Status is ReferralStatus.InProgress or ReferralStatus.Won or ReferralStatus.Lost;
        return counts with
        {
            Answered = counts.Answered + (answered ? sign : 0),
            Expired = counts.Expired + (r.Status == ReferralStatus.Expired ? sign : 0),
            FirstContactsOnTime = counts.FirstContactsOnTime + (started && !r.FirstContactMissed ? sign : 0),
            FirstContactsMissed = counts.FirstContactsMissed + (r.FirstContactMissed ? sign : 0),
        };
    }
}
