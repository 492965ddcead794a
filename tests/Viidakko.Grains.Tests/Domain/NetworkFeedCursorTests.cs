using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class NetworkFeedCursorTests
{
    private static readonly DateTime Time = new(2026, 12, 7, 10, 30, 15, 250, DateTimeKind.Utc);

    [Fact]
    public void A_cursor_reads_back_as_the_place_and_time_it_was_made_from()
    {
        var cursor = NetworkFeedCursor.Format(new EventCursor(123456789012, 42), Time);
        var (place, time) = NetworkFeedCursor.Parse(cursor);
        Assert.Equal(new EventCursor(123456789012, 42), place);
        Assert.Equal(Time, time);
    }

    [Fact]
    public void An_empty_cursor_is_the_start_and_never_expires()
    {
        var (place, time) = NetworkFeedCursor.Parse("");
        Assert.Equal(EventCursor.Start, place);
        Assert.Null(time);
        Assert.False(NetworkFeedCursor.IsExpired(time, Time.AddYears(5), TimeSpan.FromDays(90)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1-2-3")]
    [InlineData("2-1-0-1765103415250")]
    [InlineData("1--1-0-1765103415250")]
    [InlineData("1-1-0-99999999999999999")]
    [InlineData("1-1-0-1765103415250-5")]
    [InlineData("1- 1-0-1765103415250")]
    public void A_cursor_the_hub_did_not_give_out_is_invalid_on_its_field(string cursor)
    {
        var error = AssertDomain.Throws(DomainErrorKind.InvalidArgument, Reasons.InvalidArgument, () => NetworkFeedCursor.Parse(cursor));
        Assert.Equal("after_cursor", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public void A_cursor_expires_an_hour_before_the_retention_reaches_it()
    {
        var retention = TimeSpan.FromDays(90);
        var now = Time.AddDays(90);
        // Events stamped a little before the cursor's may follow it in commit order: keep a margin.
        Assert.True(NetworkFeedCursor.IsExpired(Time, now, retention));
        Assert.True(NetworkFeedCursor.IsExpired(Time, now.AddMinutes(-59), retention));
        Assert.False(NetworkFeedCursor.IsExpired(Time, now.AddMinutes(-61), retention));
        Assert.False(NetworkFeedCursor.IsExpired(Time, Time, retention));
    }
}
