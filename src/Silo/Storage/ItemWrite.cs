namespace Viidakko.Silo.Storage;

/// <summary>One entry of an item map to store (<c>Payload</c> set) or to delete (<c>null</c>).</summary>
internal sealed record ItemWrite(string Collection, string Key, string? Payload);
