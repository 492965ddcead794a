using System.Collections.Concurrent;
using Grpc.Core;

namespace Viidakko.Gateway.Auth;

/// <summary>
/// Remembers recently verified firm keys for a few seconds, so a busy firm's calls do not each pay
/// an extra grain call. A rotated or suspended key stops working here at once and on other gateways
/// within <see cref="Ttl"/>.
/// </summary>
public sealed class FirmKeyCache(TimeProvider clock)
{
    /// <summary>How long a verified key is trusted without asking its firm grain again.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _verified = new(StringComparer.Ordinal);

    internal bool IsValid(string hash) => _verified.TryGetValue(hash, out var until) && until > clock.GetUtcNow();

    internal void Remember(string hash)
    {
        if (_verified.Count >= MaxEntries)
        {
            _verified.Clear();
        }

        _verified[hash] = clock.GetUtcNow() + Ttl;
    }

    /// <summary>Forgets every verified key (after a rotation or suspension).</summary>
    public void Clear() => _verified.Clear();
}
