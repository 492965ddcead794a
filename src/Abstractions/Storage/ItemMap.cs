using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Viidakko;

/// <summary>
/// A dictionary in grain state whose entries are stored one row each, so that a write stores only
/// the entries that changed instead of the whole collection. Meant for collections that grow with a
/// grain's history (a firm's referrals and feedback).
/// </summary>
/// <remarks>
/// Storage sees only entries set through the indexer, added or removed. Prefer immutable values and
/// replace an entry to change it; after changing a mutable value in place, call
/// <see cref="MarkChanged"/>, or the change never reaches storage.
/// </remarks>
[GenerateSerializer, Alias("viidakko.ItemMap`1")]
public sealed class ItemMap<TValue> : IDictionary<string, TValue>, IReadOnlyDictionary<string, TValue>, IItemMap
    where TValue : class
{
    [Id(0)] private readonly Dictionary<string, TValue> _items = new(StringComparer.Ordinal);
    [NonSerialized] private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    public TValue this[string key]
    {
        get => _items[key];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _items[key] = value;
            _changed.Add(key);
        }
    }

    public int Count => _items.Count;

    public Dictionary<string, TValue>.KeyCollection Keys => _items.Keys;

    public Dictionary<string, TValue>.ValueCollection Values => _items.Values;

    ICollection<string> IDictionary<string, TValue>.Keys => _items.Keys;

    ICollection<TValue> IDictionary<string, TValue>.Values => _items.Values;

    IEnumerable<string> IReadOnlyDictionary<string, TValue>.Keys => _items.Keys;

    IEnumerable<TValue> IReadOnlyDictionary<string, TValue>.Values => _items.Values;

    bool ICollection<KeyValuePair<string, TValue>>.IsReadOnly => false;

    /// <summary>How many entries changed since the last write.</summary>
    public int ChangedCount => _changed.Count;

    Type IItemMap.ItemType => typeof(TValue);

    public void Add(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _items.Add(key, value);
        _changed.Add(key);
    }

    public bool Remove(string key)
    {
        if (!_items.Remove(key))
        {
            return false;
        }

        _changed.Add(key);
        return true;
    }

    public void Clear()
    {
        _changed.UnionWith(_items.Keys);
        _items.Clear();
    }

    /// <summary>Marks an entry whose value was changed in place, so that the next write stores it.</summary>
    public void MarkChanged(string key)
    {
        if (_items.ContainsKey(key))
        {
            _changed.Add(key);
        }
    }

    public bool ContainsKey(string key) => _items.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => _items.TryGetValue(key, out value);

    public Dictionary<string, TValue>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<KeyValuePair<string, TValue>> IEnumerable<KeyValuePair<string, TValue>>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    void ICollection<KeyValuePair<string, TValue>>.Add(KeyValuePair<string, TValue> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, TValue>>.Contains(KeyValuePair<string, TValue> item) =>
        ((ICollection<KeyValuePair<string, TValue>>)_items).Contains(item);

    void ICollection<KeyValuePair<string, TValue>>.CopyTo(KeyValuePair<string, TValue>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, TValue>>)_items).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, TValue>>.Remove(KeyValuePair<string, TValue> item) =>
        ((ICollection<KeyValuePair<string, TValue>>)this).Contains(item) && Remove(item.Key);

    IReadOnlyCollection<string> IItemMap.TakeChanges()
    {
        if (_changed.Count == 0)
        {
            return [];
        }

        var keys = _changed.ToArray();
        _changed.Clear();
        return keys;
    }

    void IItemMap.RestoreChanges(IEnumerable<string> keys) => _changed.UnionWith(keys);

    bool IItemMap.TryGetItem(string key, [NotNullWhen(true)] out object? value)
    {
        var found = _items.TryGetValue(key, out var item);
        value = item;
        return found;
    }

    void IItemMap.LoadItem(string key, object value) => _items[key] = (TValue)value;
}
