using System.Diagnostics.CodeAnalysis;

namespace Viidakko;

/// <summary>
/// What grain storage sees of an <see cref="ItemMap{TValue}"/>: which entries changed since the last
/// write, so that it stores only those, each as its own row beside the grain's state.
/// </summary>
public interface IItemMap
{
    /// <summary>The type of the values, for (de)serializing one item.</summary>
    Type ItemType { get; }

    /// <summary>The keys set or removed since the last call; the map forgets them.</summary>
    IReadOnlyCollection<string> TakeChanges();

    /// <summary>Marks keys as changed again (a write that carried them failed).</summary>
    void RestoreChanges(IEnumerable<string> keys);

    /// <summary>The current value of <paramref name="key"/>, or false when it was removed.</summary>
    bool TryGetItem(string key, [NotNullWhen(true)] out object? value);

    /// <summary>Puts a stored item into the map without marking it changed.</summary>
    void LoadItem(string key, object value);
}
