namespace Viidakko;

/// <summary>One event appended to an <see cref="EventLog{TEvent}"/> and not yet stored.</summary>
public sealed record LogAppend(long Sequence, DateTime Time, object Event);
