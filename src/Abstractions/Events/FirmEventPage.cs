namespace Viidakko;

/// <summary>
/// Events after a position, oldest first, and the feed's head: the position of the newest stored
/// event (0 when there is none yet). A consumer that has seen <paramref name="HeadPosition"/> is up to date.
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.FirmEventPage")]
public sealed record FirmEventPage(IReadOnlyList<FirmEvent> Events, long HeadPosition);
