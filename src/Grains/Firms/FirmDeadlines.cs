using Microsoft.Extensions.Options;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// A receiving firm's deadline timer: one durable reminder per firm (not per referral) that wakes at
/// the earliest warning or due time among the referrals it must answer or start (or the next sealed
/// rating's unsealing, which its feed announces), asks those referrals to act
/// (<see cref="IReferralGrain.CheckDeadlineAsync"/>), and sleeps until the next. While anything is
/// pending the reminder ticks at least once a <see cref="ReferralTimerOptions.Period"/> (a tick writes
/// nothing), so only a wake earlier than the next tick registers it again: a steady flow of referrals
/// costs no reminder write, and even that write happens in a call of the firm's own
/// (<see cref="IFirmGrain.ScheduleDeadlinesAsync"/>), never on the path of a member's call.
/// </summary>
internal sealed class FirmDeadlines(
    Grain grain, FirmState state, ReferralIndex referrals, StateWriter<FirmState> writer, Func<string, IReferralGrain> referral, TimeProvider clock,
    IOptions<ReferralTimerOptions> options, string firmId, FeedbackLedger feedback, FirmFeed feed)
{
    /// <summary>The reminder's name.</summary>
    public const string Reminder = "deadlines";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private TimeSpan Period => options.Value.Period;

    // While a wake runs, the changes it causes need no registration of their own: the wake sets the timer when it ends.
    private bool _waking;

    /// <summary>
    /// After the firm learned of a change: when the timer must wake before its next tick, asks the
    /// firm (one-way) to register it. A wake of another activation may be past: it counts as none.
    /// </summary>
    public void EnsureScheduled()
    {
        if (!_waking && NeedsRegistration())
        {
            _ = grain.AsReference<IFirmGrain>().ScheduleDeadlinesAsync();
        }
    }

    /// <summary>Registers the timer for the earliest wake if it still must be, and stores the wake.</summary>
    public async Task ScheduleAsync()
    {
        if (NeedsRegistration() && NextWake() is { } earliest)
        {
            await RegisterAsync(earliest);
            await writer.WriteAsync();
        }
    }

    /// <summary>The timer woke: the due referrals act, unsealed ratings are announced, then the timer is set to the next wake (or removed).</summary>
    public async Task OnWakeAsync()
    {
        _waking = true;
        try
        {
            await WakeAsync();
        }
        finally
        {
            _waking = false;
        }
    }

    private async Task WakeAsync()
    {
        var now = Now;
        await Task.WhenAll(ReferralDeadlines.Due(referrals.AwaitingReceiver, now).ToList().Select(r => referral(r.ReferralId).CheckDeadlineAsync()));
        var unsealed = FeedbackUnseals.Due(firmId, feedback.Find, state.SealedFeedback, Now);
        feed.Append(unsealed);
        var changed = unsealed.Count > 0;
        if (NextWake() is { } next)
        {
            if (next < Now + Period || options.Value.MaxDelay is not null)
            {
                await RegisterAsync(next);
                changed = true;
            }
            else
            {
                // The next tick comes a period from now by itself: nothing to write.
                state.DeadlineWake = Now + Period;
            }
        }
        else
        {
            state.DeadlineWake = null;
            changed = true;
            if (await grain.GetReminder(Reminder) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
        }

        if (changed)
        {
            await writer.WriteAsync();
        }
    }

    private bool NeedsRegistration() =>
        NextWake() is { } earliest
        && (state.DeadlineWake is not { } registered || registered < Now || registered > earliest || options.Value.MaxDelay is not null);

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
        var cap = options.Value.MaxDelay is { } max && max < Period ? max : Period;
        if (due > cap)
        {
            due = cap;
        }

        // Ticks every period after the first while it stays registered; each wake that needs an earlier one registers again.
        await grain.RegisterOrUpdateReminder(Reminder, due, Period);
        state.DeadlineWake = Now + due;
    }
}
