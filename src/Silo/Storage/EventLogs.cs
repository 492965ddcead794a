using System.Collections.Concurrent;
using System.Reflection;

namespace Viidakko.Silo.Storage;

/// <summary>
/// Finds the <see cref="IEventLog"/> of a state type (at most one) and moves its appended events
/// into <c>grain_event</c> rows.
/// </summary>
internal static class EventLogs
{
    private static readonly ConcurrentDictionary<Type, Func<object, IEventLog?>?> Members = new();

    /// <summary>
    /// Takes the events appended to the log of <paramref name="state"/> (synchronously, so that no
    /// grain turn interleaves) and serializes them; <paramref name="log"/> and <paramref name="taken"/>
    /// let a failed write give them back.
    /// </summary>
    public static IReadOnlyList<EventWrite> TakeAppended(object? state, out IEventLog? log, out IReadOnlyList<LogAppend> taken)
    {
        log = state is null ? null : MemberOf(state.GetType())?.Invoke(state);
        taken = log?.TakeAppended() ?? [];
        if (taken.Count == 0)
        {
            return [];
        }

        var type = log!.EventType;
        return [.. taken.Select(e => new EventWrite(e.Sequence, e.Time, GrainStateJsonFormat.SerializeItem(e.Event, type)))];
    }

    /// <summary>Puts what <see cref="TakeAppended"/> took back into the log.</summary>
    public static void GiveBack(IEventLog? log, IReadOnlyList<LogAppend> taken) => log?.RestoreAppended(taken);

    private static Func<object, IEventLog?>? MemberOf(Type type) => Members.GetOrAdd(type, static t =>
    {
        var logs = t.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && typeof(IEventLog).IsAssignableFrom(p.PropertyType))
            .ToList();
        return logs.Count switch
        {
            0 => null,
            1 => s => (IEventLog?)logs[0].GetValue(s),
            _ => throw new InvalidOperationException($"State type {t.Name} has {logs.Count} event logs; grain storage keeps one per state."),
        };
    });
}
