using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>The kinds of resource a request can name (AIP-122).</summary>
internal enum ResourceKind { Network, Firm, Client, Partnership, Referral }

/// <summary>A real resource name, with the firms it concerns (its owner, the other party).</summary>
internal sealed record KnownName(ResourceKind Kind, string Name, string NetworkId, string? FirmId, string? OtherFirmId)
{
    public bool Concerns(string networkId, string firmId) =>
        NetworkId == networkId && (Kind == ResourceKind.Network || FirmId == firmId || OtherFirmId == firmId);

    /// <summary>Reads the kind, network and owner out of a name; null for anything else.</summary>
    public static KnownName? Parse(string name, string? otherFirmId = null)
    {
        var p = name.Split('/');
        if (p.Length < 2 || p[0] != "networks" || p[1].Length == 0)
        {
            return null;
        }

        return p switch
        {
            [_, var n] => new KnownName(ResourceKind.Network, name, n, null, null),
            [_, var n, "firms", var f] => new KnownName(ResourceKind.Firm, name, n, f, null),
            [_, var n, "firms", var f, "clients", _] => new KnownName(ResourceKind.Client, name, n, f, null),
            [_, var n, "firms", var f, "partnerships", var other] => new KnownName(ResourceKind.Partnership, name, n, f, other),
            [_, var n, "referrals", _] => new KnownName(ResourceKind.Referral, name, n, null, otherFirmId),
            _ => null,
        };
    }
}

/// <summary>
/// The names, page tokens and request ids that fuzzed messages may use: the population's, and those
/// the hub handed out in OK answers (so a referral created by a fuzzed message can be accepted by
/// a later one). Harvested entries are kept in bounded rings, so the pool cannot grow with the run.
/// </summary>
internal sealed class NamePool
{
    private const int RingSize = 256;
    private readonly Lock _gate = new();
    private readonly Dictionary<ResourceKind, List<KnownName>> _fixed = Enum.GetValues<ResourceKind>().ToDictionary(k => k, _ => new List<KnownName>());
    private readonly Dictionary<ResourceKind, Ring<KnownName>> _harvested = Enum.GetValues<ResourceKind>().ToDictionary(k => k, _ => new Ring<KnownName>(RingSize));
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Ring<string> _pageTokens = new(RingSize);
    private readonly Ring<string> _requestIds = new(RingSize);
    private readonly HashSet<string> _protected = new(StringComparer.Ordinal);

    /// <summary>Adds a name of the population.</summary>
    public void AddFixed(KnownName name)
    {
        lock (_gate)
        {
            if (_seen.Add(name.Name))
            {
                _fixed[name.Kind].Add(name);
            }
        }
    }

    /// <summary>
    /// A firm whose key the fuzzer acts with: the operator's firm-changing methods (key rotation,
    /// suspension) never name it, or the run would lock itself out of the grains it means to reach.
    /// </summary>
    public void Protect(string firmName)
    {
        lock (_gate)
        {
            _protected.Add(firmName);
        }
    }

    public bool IsProtected(string name)
    {
        lock (_gate)
        {
            return _protected.Contains(name);
        }
    }

    public void AddRequestId(string id)
    {
        lock (_gate)
        {
            _requestIds.Add(id);
        }
    }

    /// <summary>
    /// A name of <paramref name="kind"/>, mostly one that concerns <paramref name="actor"/>, or with
    /// <paramref name="other"/> another firm of its network (a partner, a receiver).
    /// </summary>
    public string? Pick(ResourceKind kind, SimFirm actor, Random random, bool avoidProtected, bool other = false)
    {
        lock (_gate)
        {
            var all = _fixed[kind].Concat(_harvested[kind].Items)
                .Where(n => !avoidProtected || !_protected.Contains(n.Name))
                .ToList();
            if (all.Count == 0)
            {
                return null;
            }

            if (random.Next(4) > 0)
            {
                if (other && random.Next(2) == 0 && Partners(actor) is { Count: > 0 } partners)
                {
                    return partners[random.Next(partners.Count)];
                }

                var related = all.Where(n => other
                    ? n.NetworkId == actor.NetworkId && n.FirmId != actor.FirmId
                    : n.Concerns(actor.NetworkId, actor.FirmId)).ToList();
                if (related.Count > 0)
                {
                    return related[random.Next(related.Count)].Name;
                }
            }

            return all[random.Next(all.Count)].Name;
        }
    }

    /// <summary>The firms the actor has (or had) a partnership with, as firm names.</summary>
    private List<string> Partners(SimFirm actor) =>
        _fixed[ResourceKind.Partnership].Concat(_harvested[ResourceKind.Partnership].Items)
            .Where(p => p.NetworkId == actor.NetworkId && p.FirmId == actor.FirmId && p.OtherFirmId is not null)
            .Select(p => $"networks/{p.NetworkId}/firms/{p.OtherFirmId}")
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public string? PickPageToken(Random random)
    {
        lock (_gate)
        {
            return _pageTokens.Count == 0 ? null : _pageTokens.Items[random.Next(_pageTokens.Count)];
        }
    }

    public string? PickRequestId(Random random)
    {
        lock (_gate)
        {
            return _requestIds.Count == 0 ? null : _requestIds.Items[random.Next(_requestIds.Count)];
        }
    }

    /// <summary>Keeps every resource name and page token of an OK answer.</summary>
    public void Harvest(IMessage answer)
    {
        var found = new List<KnownName>();
        var tokens = new List<string>();
        Walk(answer, found, tokens, depth: 0);
        if (found.Count == 0 && tokens.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var name in found)
            {
                if (_seen.Add(name.Name))
                {
                    var evicted = _harvested[name.Kind].Add(name);
                    if (evicted is not null)
                    {
                        _seen.Remove(evicted.Name);
                    }
                }
            }

            foreach (var token in tokens)
            {
                _pageTokens.Add(token);
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _fixed.Values.Sum(l => l.Count) + _harvested.Values.Sum(r => r.Count);
            }
        }
    }

    private static void Walk(IMessage message, List<KnownName> found, List<string> tokens, int depth)
    {
        if (depth > 8)
        {
            return;
        }

        var fields = message.Descriptor.Fields.InDeclarationOrder();
        // Firms named beside a referral's own name are its parties (referrer, receiver).
        var firmsHere = fields
            .Where(f => f.FieldType == FieldType.String && !f.IsRepeated)
            .Select(f => f.Accessor.GetValue(message) as string)
            .Select(v => v is null ? null : KnownName.Parse(v))
            .Where(n => n?.Kind == ResourceKind.Firm)
            .Select(n => n!.FirmId)
            .ToList();
        foreach (var field in fields)
        {
            if (field.FieldType == FieldType.String && !field.IsRepeated && field.Accessor.GetValue(message) is string { Length: > 0 } text)
            {
                if (field.Name == "next_page_token")
                {
                    tokens.Add(text);
                }
                else if (KnownName.Parse(text) is { } name)
                {
                    found.Add(name.Kind == ResourceKind.Referral && firmsHere.Count > 0
                        ? name with { FirmId = firmsHere[0], OtherFirmId = firmsHere.Count > 1 ? firmsHere[1] : null }
                        : name);
                }
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap)
            {
                if (field.IsRepeated)
                {
                    foreach (var item in (System.Collections.IList)field.Accessor.GetValue(message))
                    {
                        Walk((IMessage)item, found, tokens, depth + 1);
                    }
                }
                else if (field.Accessor.GetValue(message) is IMessage child)
                {
                    Walk(child, found, tokens, depth + 1);
                }
            }
        }
    }

    /// <summary>A fixed-size ring: the newest entries win.</summary>
    private sealed class Ring<T>(int capacity) where T : class
    {
        private readonly List<T> _items = new(capacity);
        private int _next;

        public IReadOnlyList<T> Items => _items;
        public int Count => _items.Count;

        /// <summary>Adds an item; returns the one it replaced, if any.</summary>
        public T? Add(T item)
        {
            if (_items.Count < capacity)
            {
                _items.Add(item);
                return null;
            }

            var evicted = _items[_next];
            _items[_next] = item;
            _next = (_next + 1) % capacity;
            return evicted;
        }
    }
}
