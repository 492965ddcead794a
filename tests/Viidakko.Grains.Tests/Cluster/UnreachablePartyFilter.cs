using System.Collections.Concurrent;

namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// Makes the other party unreachable once: the first time a referral created with <see cref="Note"/>
/// tells a firm that it was accepted, the call fails as a call to a dead silo would.
/// </summary>
internal sealed class UnreachablePartyFilter : IOutgoingGrainCallFilter
{
    public const string Note = "test: the other party is unreachable once";

    private static readonly ConcurrentDictionary<string, bool> Failed = new(StringComparer.Ordinal);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod.Name == nameof(IFirmGrain.OnReferralChangedAsync)
            && context.Request.GetArgument(0) is ReferralSummary { Note: Note, Status: ReferralStatus.Accepted } summary
            && Failed.TryAdd(summary.ReferralId, true))
        {
            throw new TimeoutException("test: the other party did not answer");
        }

        return context.Invoke();
    }
}
