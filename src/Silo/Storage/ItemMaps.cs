using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace Viidakko.Silo.Storage;

/// <summary>
/// Finds the <see cref="IItemMap"/> members of a state type and moves their entries between the
/// maps and <c>grain_item</c> rows. A collection is named like its member in the JSON format
/// (camelCase), so a row says which part of the state it belongs to.
/// </summary>
internal static class ItemMaps
{
    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    /// <summary>True when <typeparamref name="T"/> has item maps, i.e. its state has item rows to read.</summary>
    public static bool Has<T>() => MembersOf(typeof(T)).Length > 0;

    /// <summary>
    /// Takes the changed entries of every item map of <paramref name="state"/> (synchronously, so
    /// that no grain turn interleaves) and serializes them. <paramref name="taken"/> lets a failed
    /// write give the changes back.
    /// </summary>
    public static IReadOnlyList<ItemWrite> TakeChanges(object? state, out List<(IItemMap Map, IReadOnlyCollection<string> Keys)> taken)
    {
        taken = [];
        if (state is null)
        {
            return [];
        }

        var writes = new List<ItemWrite>();
        foreach (var member in MembersOf(state.GetType()))
        {
            if (member.Get(state) is not { } map)
            {
                continue;
            }

            var keys = map.TakeChanges();
            if (keys.Count == 0)
            {
                continue;
            }

            taken.Add((map, keys));
            foreach (var key in keys)
            {
                writes.Add(new ItemWrite(
                    member.Collection,
                    key,
                    map.TryGetItem(key, out var value) ? GrainStateJsonFormat.SerializeItem(value, map.ItemType) : null));
            }
        }

        return writes;
    }

    /// <summary>Marks what <see cref="TakeChanges"/> took as changed again.</summary>
    public static void GiveBack(List<(IItemMap Map, IReadOnlyCollection<string> Keys)> taken)
    {
        foreach (var (map, keys) in taken)
        {
            map.RestoreChanges(keys);
        }
    }

    /// <summary>Puts one stored row into its map; rows of collections the type no longer has are ignored.</summary>
    public static void Load(object state, string collection, string key, string payload, int formatVersion)
    {
        foreach (var member in MembersOf(state.GetType()))
        {
            if (member.Collection == collection && member.Get(state) is { } map)
            {
                if (GrainStateJsonFormat.DeserializeItem(payload, map.ItemType, formatVersion) is { } value)
                {
                    map.LoadItem(key, value);
                }

                return;
            }
        }
    }

    private static Member[] MembersOf(Type type) => Members.GetOrAdd(type, static t =>
    [
        .. t.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && typeof(IItemMap).IsAssignableFrom(p.PropertyType))
            .Select(p => new Member(JsonNamingPolicy.CamelCase.ConvertName(p.Name), s => (IItemMap?)p.GetValue(s))),
        .. t.GetFields(BindingFlags.Instance | BindingFlags.Public)
            .Where(f => typeof(IItemMap).IsAssignableFrom(f.FieldType))
            .Select(f => new Member(JsonNamingPolicy.CamelCase.ConvertName(f.Name), s => (IItemMap?)f.GetValue(s))),
    ]);

    private sealed record Member(string Collection, Func<object, IItemMap?> Get);
}
