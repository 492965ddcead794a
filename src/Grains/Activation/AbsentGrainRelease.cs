namespace Viidakko.Grains;

/// <summary>
/// Deactivates a grain after a call that found its resource absent (<see cref="IMayBeAbsent"/>), as
/// the grain would with <c>DeactivateOnIdle</c>: calls naming made-up firms or referrals cost one
/// storage read each and keep nothing in memory.
/// </summary>
public sealed class AbsentGrainRelease : IIncomingGrainCallFilter
{
    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        finally
        {
            if (context.TargetContext.GrainInstance is IMayBeAbsent { IsAbsent: true })
            {
                context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The resource does not exist."));
            }
        }
    }
}
