namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// Does what a draining silo does to a firm that waits on a referral: when a firm passes on a
/// lifecycle action carrying <see cref="Note"/>, its activation starts deactivating just before the
/// call leaves. From then on the firm takes no new calls until its running call ends.
/// </summary>
internal sealed class DeactivateActorFilter : IOutgoingGrainCallFilter
{
    public const string Note = "test: deactivate the acting firm while it waits";

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod.Name == nameof(IReferralGrain.ApplyAsync)
            && context.Request.GetArgument(1) is ReferralAction { Note: Note }
            && context.SourceContext is { } firm)
        {
            firm.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "a test stands in for a draining silo"));
        }

        return context.Invoke();
    }
}
