using Viidakko.Grains;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class FirmKeyRotationTests
{
    private static readonly DateTime Now = new(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_replaced_key_works_until_its_grace_ends_and_only_the_last_one_is_kept()
    {
        var state = new FirmState { Exists = true, ApiKeyHash = "old" };
        var account = new FirmAccount("alfa", state);
        account.Rotate("new", TimeSpan.FromHours(24), Now, retry: false);
        Assert.Equal(FirmAuthResult.Ok, account.Authenticate("old", Now.AddHours(23)));
        Assert.Equal(FirmAuthResult.Unknown, account.Authenticate("old", Now.AddHours(24)));
        Assert.Equal(FirmAuthResult.Ok, account.Authenticate("new", Now.AddDays(2)));

        account.Rotate("newer", TimeSpan.FromHours(1), Now, retry: false);
        Assert.Equal(FirmAuthResult.Unknown, account.Authenticate("old", Now));
        Assert.Equal(FirmAuthResult.Ok, account.Authenticate("new", Now));
    }

    [Fact]
    public void No_grace_revokes_at_once_and_a_retry_keeps_the_grace_of_the_key_from_before()
    {
        var state = new FirmState { Exists = true, ApiKeyHash = "old" };
        var account = new FirmAccount("alfa", state);
        account.Rotate("first", TimeSpan.FromHours(24), Now, retry: false);
        account.Rotate("retried", TimeSpan.FromHours(24), Now.AddMinutes(1), retry: true);
        Assert.Equal(FirmAuthResult.Ok, account.Authenticate("old", Now.AddHours(1)));
        Assert.Equal(FirmAuthResult.Unknown, account.Authenticate("first", Now.AddHours(1)));
        Assert.Equal(Now.AddHours(24), state.PreviousKeyUntil);

        account.Rotate("leak-free", TimeSpan.Zero, Now, retry: false);
        Assert.Equal(FirmAuthResult.Unknown, account.Authenticate("retried", Now));
        Assert.Equal(FirmAuthResult.Unknown, account.Authenticate("old", Now));
    }
}
