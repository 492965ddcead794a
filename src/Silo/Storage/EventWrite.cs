namespace Viidakko.Silo.Storage;

/// <summary>One event of a grain's <see cref="Viidakko.EventLog{TEvent}"/> to store with its state.</summary>
internal sealed record EventWrite(long Sequence, DateTime Time, string Payload);
