using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// The request ids (AIP-155) a grain remembers: retries recognised, reuse refused, ids forgotten
/// after the retention, memory bounded, and every change visible to storage.
/// </summary>
public sealed class RequestLogTests
{
    private static readonly DateTime T0 = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_remembered_id_is_a_retry_of_the_same_target_only()
    {
        var log = new ItemMap<ProcessedRequest>();
        Assert.False(RequestLog.IsRetry(log, "r1", "accept:beta", T0));
        RequestLog.Remember(log, "r1", "accept:beta", T0);

        Assert.True(RequestLog.IsRetry(log, "r1", "accept:beta", T0.AddMinutes(5)));
        var error = Assert.Throws<DomainException>(() => RequestLog.IsRetry(log, "r1", "end:beta", T0.AddMinutes(5)));
        Assert.Equal(Reasons.RequestIdReused, error.Reason);
        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Throws<DomainException>(() => RequestLog.IsRetry(log, "r1", "accept:beta-2", T0));
        Assert.False(RequestLog.IsRetry(log, "r2", "accept:beta", T0));
    }

    [Fact]
    public void No_id_is_never_a_retry_and_is_not_remembered()
    {
        var log = new ItemMap<ProcessedRequest>();
        RequestLog.Remember(log, null, "accept:beta", T0);
        RequestLog.Remember(log, "", "accept:beta", T0);
        Assert.Empty(log);
        Assert.False(RequestLog.IsRetry(log, null, "accept:beta", T0));
        Assert.False(RequestLog.IsRetry(log, "", "accept:beta", T0));
    }

    [Fact]
    public void Retention_is_24_hours()
    {
        Assert.Equal(TimeSpan.FromHours(24), RequestLog.Retention);
        Assert.Equal(10_000, RequestLog.Capacity);
        Assert.True(RequestLog.IsRemembered(T0, T0 + RequestLog.Retention - TimeSpan.FromTicks(1)));
        Assert.False(RequestLog.IsRemembered(T0, T0 + RequestLog.Retention));
    }

    [Fact]
    public void An_id_is_a_retry_until_the_retention_ends_and_a_new_request_after_it()
    {
        var log = new ItemMap<ProcessedRequest>();
        RequestLog.Remember(log, "r1", "suspend", T0);

        Assert.True(RequestLog.IsRetry(log, "r1", "suspend", T0.AddHours(23.9)));
        Assert.Throws<DomainException>(() => RequestLog.IsRetry(log, "r1", "reinstate", T0.AddHours(23.9)));

        // After the retention the id is forgotten, even before anything prunes it: neither a retry
        // nor a reuse, so the same id may now do something else.
        Assert.False(RequestLog.IsRetry(log, "r1", "suspend", T0.AddHours(24)));
        Assert.False(RequestLog.IsRetry(log, "r1", "reinstate", T0.AddHours(25)));
        RequestLog.Remember(log, "r1", "reinstate", T0.AddHours(25));
        Assert.Equal(new ProcessedRequest("reinstate", T0.AddHours(25)), log["r1"]);
        Assert.True(RequestLog.IsRetry(log, "r1", "reinstate", T0.AddHours(26)));
    }

    [Fact]
    public void Remember_prunes_ids_past_the_retention_and_storage_sees_the_removals()
    {
        var log = new ItemMap<ProcessedRequest>();
        RequestLog.Remember(log, "old", "t", T0);
        RequestLog.Remember(log, "newer", "t", T0.AddHours(12));
        ((IItemMap)log).TakeChanges();

        // Pruning happens on any remember, also one without an id.
        RequestLog.Remember(log, null, "t", T0.AddHours(24));

        Assert.Equal(["newer"], log.Keys);
        Assert.Equal(["old"], ((IItemMap)log).TakeChanges());
    }

    [Fact]
    public void A_retry_keeps_the_time_of_the_first_attempt()
    {
        var log = new ItemMap<ProcessedRequest>();
        RequestLog.Remember(log, "r1", "rotate-key", T0);
        ((IItemMap)log).TakeChanges();

        RequestLog.Remember(log, "r1", "rotate-key", T0.AddHours(20));

        Assert.Equal(T0, log["r1"].Time);
        Assert.Empty(((IItemMap)log).TakeChanges());
        Assert.False(RequestLog.IsRetry(log, "r1", "rotate-key", T0.AddHours(24)));
    }

    [Fact]
    public void Beyond_the_capacity_the_oldest_ids_are_forgotten_first()
    {
        var log = new ItemMap<ProcessedRequest>();
        for (var i = 0; i < 5; i++)
        {
            // Inserted out of order, so "oldest" means the time, not the order of arrival.
            RequestLog.Remember(log, $"r{i}", "t", T0.AddMinutes(i == 0 ? 3 : i == 3 ? 0 : i), capacity: 3);
        }

        Assert.Equal(3, log.Count);
        Assert.Equal(["r0", "r2", "r4"], log.Keys.Order(StringComparer.Ordinal));
        Assert.False(RequestLog.IsRetry(log, "r3", "t", T0.AddMinutes(5)));
        Assert.True(RequestLog.IsRetry(log, "r4", "t", T0.AddMinutes(5)));
    }

    [Fact]
    public void The_id_just_remembered_is_kept_even_when_every_time_is_the_same()
    {
        var log = new ItemMap<ProcessedRequest>();
        RequestLog.Remember(log, "b", "t", T0, capacity: 2);
        RequestLog.Remember(log, "c", "t", T0, capacity: 2);
        RequestLog.Remember(log, "a", "t", T0, capacity: 2);

        Assert.Equal(["a", "c"], log.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_default_capacity_is_10000_ids_per_log()
    {
        var log = new ItemMap<ProcessedRequest>();
        for (var i = 0; i < RequestLog.Capacity + 1; i++)
        {
            RequestLog.Remember(log, $"r{i:D5}", "t", T0.AddMilliseconds(i));
        }

        Assert.Equal(RequestLog.Capacity, log.Count);
        Assert.False(log.ContainsKey("r00000"));
        Assert.True(log.ContainsKey("r00001"));
        Assert.True(log.ContainsKey($"r{RequestLog.Capacity:D5}"));
    }

    [Fact]
    public void A_tag_is_a_retry_with_its_own_fingerprint_only()
    {
        var log = new ItemMap<ProcessedRequest>();
        var tag = new RequestTag("r1", "fp-accept");
        Assert.False(RequestLog.IsRetry(log, "firm", tag, T0));
        RequestLog.Remember(log, "firm", tag, T0);

        Assert.True(RequestLog.IsRetry(log, "firm", tag, T0.AddMinutes(5)));
        Assert.True(RequestLog.IsRetry(log, "firm", new RequestTag("r1", "fp-accept"), T0.AddMinutes(5)));
        var error = Assert.Throws<DomainException>(() => RequestLog.IsRetry(log, "firm", tag with { Fingerprint = "fp-end" }, T0.AddMinutes(5)));
        Assert.Equal((DomainErrorKind.InvalidArgument, Reasons.RequestIdReused), (error.Kind, error.Reason));
        Assert.Equal("request_id", Assert.Single(error.Violations).Field);
        Assert.False(RequestLog.IsRetry(log, "firm", new RequestTag("r2", "fp-accept"), T0));
    }

    [Fact]
    public void Scopes_keep_their_ids_apart()
    {
        var log = new ItemMap<ProcessedRequest>();
        RequestLog.Remember(log, "operator", new RequestTag("r1", "fp-suspend"), T0);

        // The firm's own r1 is another request id altogether: neither a retry nor a reuse.
        Assert.False(RequestLog.IsRetry(log, "firm", new RequestTag("r1", "fp-profile"), T0));
        RequestLog.Remember(log, "firm", new RequestTag("r1", "fp-profile"), T0);
        Assert.True(RequestLog.IsRetry(log, "operator", new RequestTag("r1", "fp-suspend"), T0));
        Assert.True(RequestLog.IsRetry(log, "firm", new RequestTag("r1", "fp-profile"), T0));
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void No_tag_is_never_a_retry_and_is_not_remembered()
    {
        var log = new ItemMap<ProcessedRequest>();
        RequestLog.Remember(log, "firm", (RequestTag?)null, T0);
        Assert.Empty(log);
        Assert.False(RequestLog.IsRetry(log, "firm", (RequestTag?)null, T0));
    }

    [Fact]
    public void A_tag_is_forgotten_after_the_retention()
    {
        var log = new ItemMap<ProcessedRequest>();
        RequestLog.Remember(log, "firm", new RequestTag("r1", "fp-a"), T0);

        Assert.Throws<DomainException>(() => RequestLog.IsRetry(log, "firm", new RequestTag("r1", "fp-b"), T0 + RequestLog.Retention - TimeSpan.FromTicks(1)));
        Assert.False(RequestLog.IsRetry(log, "firm", new RequestTag("r1", "fp-b"), T0 + RequestLog.Retention));
        Assert.False(RequestLog.IsRetry(log, "firm", new RequestTag("r1", "fp-a"), T0 + RequestLog.Retention));
    }
}
