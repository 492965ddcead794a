namespace Viidakko;

/// <summary>
/// A network's events after a cursor, in the order they were stored. <paramref name="Cursor"/> is
/// where to resume (the last event's cursor, or the one asked for when there was none);
/// <paramref name="UpToDate"/> says nothing more was stored yet.
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.NetworkEventPage")]
public sealed record NetworkEventPage(IReadOnlyList<NetworkEventEntry> Events, string Cursor, bool UpToDate);
