using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class CustodyRulesTests
{
    private static readonly DateTime Since = new(2026, 2, 1, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(ReferralStatus.Proposed)]
    [InlineData(ReferralStatus.Accepted)]
    [InlineData(ReferralStatus.InProgress)]
    public void Window_stays_open_while_the_referral_is_open(ReferralStatus status)
    {
        Assert.Null(CustodyRules.WindowEnd(status, Since.AddDays(10), 12));
    }

    [Theory]
    [InlineData(ReferralStatus.Declined)]
    [InlineData(ReferralStatus.Cancelled)]
    [InlineData(ReferralStatus.Expired)]
    [InlineData(ReferralStatus.Won)]
    [InlineData(ReferralStatus.Lost)]
    public void Window_closes_non_solicit_months_after_the_referral_ends(ReferralStatus status)
    {
        var end = Since.AddDays(10);
        Assert.Equal(end.AddMonths(12), CustodyRules.WindowEnd(status, end, 12));
        Assert.Equal(end, CustodyRules.WindowEnd(status, end, 0));
    }

    [Fact]
    public void Open_window_runs_from_since_up_to_but_not_including_until()
    {
        var until = Since.AddMonths(6);
        Assert.False(CustodyRules.IsOpen(Since, until, Since.AddTicks(-1)));
        Assert.True(CustodyRules.IsOpen(Since, until, Since));
        Assert.True(CustodyRules.IsOpen(Since, until, until.AddTicks(-1)));
        Assert.False(CustodyRules.IsOpen(Since, until, until));
        Assert.True(CustodyRules.IsOpen(Since, null, Since.AddYears(5)));
    }

    [Fact]
    public void Open_window_blocks_a_new_client()
    {
        Assert.True(CustodyRules.Blocks(Since, null, Since.AddDays(1), receiverClientCreated: null));
    }

    [Fact]
    public void Closed_window_blocks_nothing()
    {
        Assert.False(CustodyRules.Blocks(Since, Since.AddMonths(1), Since.AddMonths(2), receiverClientCreated: null));
    }

    [Fact]
    public void Client_the_receiver_had_before_the_window_is_not_blocked()
    {
        Assert.False(CustodyRules.Blocks(Since, null, Since.AddDays(1), receiverClientCreated: Since.AddDays(-30)));
    }

    [Fact]
    public void Client_the_receiver_took_on_during_the_window_is_blocked()
    {
        Assert.True(CustodyRules.Blocks(Since, null, Since.AddDays(2), receiverClientCreated: Since.AddDays(1)));
        Assert.True(CustodyRules.Blocks(Since, null, Since.AddDays(2), receiverClientCreated: Since));
    }
}
