namespace Viidakko.Grains.Domain;

/// <summary>
/// Small dense numbers for the distinct keys in use (a city, a set of traits), counted by their users
/// and given back when the last one leaves, so a per-match array indexed by them stays as small as
/// the variety in the shard.
/// </summary>
internal sealed class SlotTable
{
    private readonly Dictionary<string, (int Slot, int Users)> _slots = new(StringComparer.Ordinal);
    private readonly Stack<int> _free = new();

    /// <summary>One more than the highest slot handed out: the length an array indexed by slot needs.</summary>
    public int Size { get; private set; }

    /// <summary>The slot of <paramref name="key"/>, counting one more user of it.</summary>
    public int Acquire(string key)
    {
        if (_slots.TryGetValue(key, out var entry))
        {
            _slots[key] = (entry.Slot, entry.Users + 1);
            return entry.Slot;
        }

        var slot = _free.Count > 0 ? _free.Pop() : Size++;
        _slots[key] = (slot, 1);
        return slot;
    }

    /// <summary>One user of <paramref name="key"/> fewer; its slot is free again when none is left.</summary>
    public void Release(string key)
    {
        var entry = _slots[key];
        if (entry.Users > 1)
        {
            _slots[key] = (entry.Slot, entry.Users - 1);
            return;
        }

        _slots.Remove(key);
        _free.Push(entry.Slot);
    }
}
