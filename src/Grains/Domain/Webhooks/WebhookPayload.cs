using System.Text.Json;

namespace Viidakko.Grains.Domain;

/// <summary>
/// What a webhook POSTs: <c>{"firm": ..., "delivery": ..., "event": {...}}</c>, where <c>event</c> is
/// the feed's <c>viidakko.v1.Event</c> in its proto3 JSON form (the same fields and names as
/// <c>WatchEvents</c>, so one parser serves both).
/// </summary>
public static class WebhookPayload
{
    /// <summary>The JSON body for event <paramref name="e"/> of firm <paramref name="firmId"/>.</summary>
    public static byte[] Body(string networkId, string firmId, FirmEvent e, string deliveryId)
    {
        var firm = $"networks/{networkId}/firms/{firmId}";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("firm", firm);
            json.WriteString("delivery", deliveryId);
            json.WriteStartObject("event");
            json.WriteString("name", $"{firm}/events/{e.Position}");
            // int64 as a string, as proto3 JSON writes it.
            json.WriteString("position", e.Position.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("type", "EVENT_TYPE_" + FirmEventRules.ApiName(e.Type));
            json.WriteString("resource", e.Subject switch
            {
                FirmEventSubject.Referral => $"networks/{networkId}/referrals/{e.SubjectId}",
                FirmEventSubject.Partnership => $"{firm}/partnerships/{e.SubjectId}",
                _ => $"networks/{networkId}/firms/{e.SubjectId}",
            });
            json.WriteString("actor", e.ActorFirmId switch
            {
                FirmEvent.Hub => "hub",
                FirmEvent.Operator => "operator",
                var actor => $"networks/{networkId}/firms/{actor}",
            });
            json.WriteString("state", e.State);
            json.WriteString("reason", e.Reason);
            json.WriteString("referralKind", e.Kind == ReferralKind.Unspecified ? "" : e.Kind.ToString().ToUpperInvariant());
            json.WriteString("amountCents", e.AmountCents.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("time", DateTime.SpecifyKind(e.Time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
