namespace Viidakko.Grains.Domain;

/// <summary>
/// Business-flow quotas (OWASP API6): a firm may open so many referrals, and make so many partnership
/// proposals, per day (UTC). A new day starts from zero; the refusal says when the next one is
/// allowed (the next midnight, UTC).
/// </summary>
public static class FlowQuotas
{
    /// <summary>The count after one more use at <paramref name="now"/>; RESOURCE_EXHAUSTED (FLOW_QUOTA_EXCEEDED) when <paramref name="limit"/> is used up.</summary>
    public static FlowCount Take(FlowCount? current, DateTime now, int limit, string what)
    {
        var today = DateOnly.FromDateTime(now);
        var used = current is { } c && c.Day == today ? c.Used : 0;
        if (used >= limit)
        {
            var tomorrow = today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            throw DomainException.Exhausted(Reasons.FlowQuotaExceeded,
                $"Your firm has made {limit} {what} today (UTC), as many as its network allows a day; the next one is allowed after midnight UTC.",
                tomorrow - now);
        }

        return new FlowCount(today, used + 1);
    }

    /// <summary>The day's limit: the network's own, or the hub's default.</summary>
    public static int Limit(int own, int fallback) => own > 0 ? own : fallback;
}
