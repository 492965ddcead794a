namespace Viidakko;

/// <summary>One event of a network's feed: a firm's event (with its position in that firm's feed) and where the network feed stands after it.</summary>
/// <param name="FirmId">The firm whose feed has the event.</param>
/// <param name="Event">The event, as that firm's feed has it.</param>
/// <param name="Cursor">The network feed's cursor after this event: resuming after it returns what was stored later.</param>
[GenerateSerializer, Immutable, Alias("viidakko.NetworkEventEntry")]
public sealed record NetworkEventEntry(string FirmId, FirmEvent Event, string Cursor);
