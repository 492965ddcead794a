using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>A firm's events as the API shows them.</summary>
internal static class EventMapping
{
    public static Event ToProto(string networkId, string firmId, FirmEvent e) => new()
    {
        Name = $"{Names.Firm(networkId, firmId)}/events/{e.Position}",
        Position = e.Position,
        Type = EnumMapping.Map<FirmEventType, EventType>(e.Type),
        Resource = e.Subject switch
        {
            FirmEventSubject.Referral => Names.Referral(networkId, e.SubjectId),
            FirmEventSubject.Partnership => Names.Partnership(networkId, firmId, e.SubjectId),
            _ => Names.Firm(networkId, e.SubjectId),
        },
        Actor = e.ActorFirmId switch
        {
            FirmEvent.Hub => "hub",
            FirmEvent.Operator => "operator",
            var actor => Names.Firm(networkId, actor),
        },
        State = e.State,
        Reason = e.Reason,
        ReferralKind = e.Kind == Viidakko.ReferralKind.Unspecified ? "" : e.Kind.ToString().ToUpperInvariant(),
        AmountCents = e.AmountCents,
        Time = Mapping.Ts(e.Time),
    };
}
