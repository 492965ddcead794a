using Microsoft.Extensions.Options;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// A receiving firm's deadline timer: one durable reminder per firm (not per referral) that wakes at
/// the earliest warning or due time among the referrals it must answer or start (or the next sealed
/// rating's unsealing, which its feed announces), asks those referrals to
/// act (<see cref="IReferralGrain.CheckDeadlineAsync"/>), and sleeps until the next. The reminder is
/// written only when the earliest wake moves earlier than the one registered, so a steady flow of
/// referrals with the same window costs no reminder write per referral.
/// </summary>
internal sealed class FirmDeadlines(
    Grain grain, FirmState state, ReferralIndex referrals, StateWriter<FirmState> writer, Func<string, IReferralGrain> referral, TimeProvider clock,
    IOptions<ReferralTimerOptions> options, string firmId, FeedbackLedger feedback, FirmFeed feed)
{
    /// <summary>The reminder's name.</summary>
    public const string Reminder = "deadlines";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// After the firm learned of a proposal: makes sure the timer wakes by its warning. True when
    /// the registered wake moved (stored with the firm's next write).
    /// </summary>
    public async Task<bool> EnsureScheduledAsync()
    {
        if (NextWake() is not { } earliest
            || (state.DeadlineWake is { } registered && registered <= earliest && options.Value.MaxDelay is null))
        {
            return false;
        }

        await RegisterAsync(earliest);
        return true;
    }

    /// <summary>The timer woke: the due proposals act, then the timer is set to the next wake (or removed) and that is stored.</summary>
    public async Task OnWakeAsync()
    {
        var now = Now;
        await Task.WhenAll(ReferralDeadlines.Due(referrals.AwaitingReceiver, now).ToList().Select(r => referral(r.ReferralId).CheckDeadlineAsync()));
        feed.Append(FeedbackUnseals.Due(firmId, feedback.Find, state.SealedFeedback, Now));
        if (NextWake() is { } next)
        {
            await RegisterAsync(next);
        }
        else
        {
            state.DeadlineWake = null;
            if (await grain.GetReminder(Reminder) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
        }

        await writer.WriteAsync();
    }

    /// <summary>The earliest referral deadline (or warning) and the next sealed rating's unsealing.</summary>
    private DateTime? NextWake()
    {
        var deadline = ReferralDeadlines.EarliestWake(referrals.AwaitingReceiver, Now);
        var unseal = FeedbackUnseals.NextUnseal(feedback.Find, state.SealedFeedback);
        return deadline is null ? unseal : unseal is null ? deadline : deadline < unseal ? deadline : unseal;
    }

    private async Task RegisterAsync(DateTime wake)
    {
        var due = wake <= Now ? TimeSpan.Zero : wake - Now;
        if (options.Value.MaxDelay is { } max && due > max)
        {
            due = max;
        }

        // The period is a retry should a wake's work fail; a wake that succeeds sets the next due time.
        await grain.RegisterOrUpdateReminder(Reminder, due, options.Value.RetryPeriod);
        state.DeadlineWake = wake;
    }
}
