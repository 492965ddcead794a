using System.Collections;
using System.Collections.Immutable;
using System.Net;

namespace Viidakko.Grains;

/// <summary>
/// The hub's own API endpoints, never a webhook target. It may grow after the delivery policy was
/// made: a gateway that asked for port 0 learns its real port only once it listens.
/// </summary>
public sealed class HubEndpointSet : IReadOnlySet<IPEndPoint>
{
    private ImmutableHashSet<IPEndPoint> _set = [];

    /// <summary>Adds an endpoint (safe from any thread).</summary>
    public void Add(IPEndPoint endpoint) => ImmutableInterlocked.Update(ref _set, s => s.Add(endpoint));

    public int Count => _set.Count;
    public bool Contains(IPEndPoint item) => _set.Contains(item);
    public IEnumerator<IPEndPoint> GetEnumerator() => ((IEnumerable<IPEndPoint>)_set).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    public bool IsProperSubsetOf(IEnumerable<IPEndPoint> other) => _set.IsProperSubsetOf(other);
    public bool IsProperSupersetOf(IEnumerable<IPEndPoint> other) => _set.IsProperSupersetOf(other);
    public bool IsSubsetOf(IEnumerable<IPEndPoint> other) => _set.IsSubsetOf(other);
    public bool IsSupersetOf(IEnumerable<IPEndPoint> other) => _set.IsSupersetOf(other);
    public bool Overlaps(IEnumerable<IPEndPoint> other) => _set.Overlaps(other);
    public bool SetEquals(IEnumerable<IPEndPoint> other) => _set.SetEquals(other);
}
