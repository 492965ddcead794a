namespace Viidakko.Grains.Domain;

/// <summary>
/// The clients in a firm's custody, by id and by normalized identity, and the rules that keep a
/// client from slipping away: no client registered twice, none taken while another firm's
/// non-solicit window covers it, none kept while it is being passed on.
/// </summary>
public sealed class ClientRoster
{
    private readonly ItemMap<ClientEntry> _clients;
    private readonly ReferralIndex _referrals;
    // Per identity part: the firm's clients that carry it.
    private readonly Dictionary<string, HashSet<string>> _byIdentity = new(StringComparer.Ordinal);

    /// <summary>Indexes the stored clients by identity once.</summary>
    public ClientRoster(ItemMap<ClientEntry> clients, ReferralIndex referrals)
    {
        _clients = clients;
        _referrals = referrals;
        foreach (var (id, entry) in clients)
        {
            IndexIdentity(id, entry.Identity, add: true);
        }
    }

    /// <summary>True when <paramref name="clientId"/> is one of the firm's clients.</summary>
    public bool Has(string clientId) => _clients.ContainsKey(clientId);

    /// <summary>The firm's client <paramref name="clientId"/>; NOT_FOUND when it has none by that id.</summary>
    public ClientEntry Get(string clientId) => _clients.GetValueOrDefault(clientId) ?? throw DomainException.NotFound("Client");

    /// <summary>Every identity part of the firm's clients (what the index must not offer it).</summary>
    public IEnumerable<string> IdentityParts => _byIdentity.Keys;

    /// <summary>Every client with its normalized identity.</summary>
    public List<ClientIdentityEntry> Identities() => _clients.Select(c => new ClientIdentityEntry(c.Key, c.Value.Identity)).ToList();

    /// <summary>True when one of the firm's clients shares any identity with <paramref name="identity"/>.</summary>
    public bool Holds(string identity) => ClientIdentity.Parts(identity).Any(_byIdentity.ContainsKey);

    /// <summary>How many clients the firm keeps.</summary>
    public int Kept() => _clients.Values.Count(c => c.Keep);

    /// <summary>
    /// Refuses an identity the firm already has under another client id (DUPLICATE_CLIENT) or holds
    /// in custody for another firm (CLIENT_UNDER_CUSTODY).
    /// </summary>
    public void EnsureIdentityFree(string clientId, string identity, DateTime now)
    {
        if (identity.Length == 0)
        {
            return;
        }

        foreach (var part in ClientIdentity.Parts(identity))
        {
            if (_byIdentity.TryGetValue(part, out var owners) && owners.FirstOrDefault(o => o != clientId) is { } duplicate)
            {
                throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient, $"You already have this client as '{duplicate}'.");
            }
        }

        EnsureNotUnderCustody(identity, ownSince: null, now);
    }

    /// <summary>Refuses a client identity that another firm shared with this firm while the non-solicit window is open.</summary>
    public void EnsureNotUnderCustody(string identity, DateTime? ownSince, DateTime now)
    {
        if (identity.Length > 0 && _referrals.CustodyBlock(identity, ownSince, now) is { } block)
        {
            var until = ReferralIndex.CustodyUntil(block, now) is { } u ? $"until {u:yyyy-MM-dd}" : "while the referral is open";
            throw DomainException.Precondition(Reasons.ClientUnderCustody,
                $"This client is in the custody of firm '{block.CustodianFirmId}' (referral '{block.ReferralId}') {until}.");
        }
    }

    /// <summary>
    /// Reserves a new client's id and identity while its grain is created, so an interleaved claim
    /// cannot slip a duplicate past the checks; <see cref="Release"/> undoes it if the create fails.
    /// </summary>
    public ClientEntry Hold(string clientId, string identity, bool keep, DateTime now)
    {
        if (Has(clientId))
        {
            throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.ClientExists, $"Client '{clientId}' already exists.");
        }

        EnsureIdentityFree(clientId, identity, now);
        var entry = new ClientEntry { Identity = identity, IdentitySince = now, Keep = keep };
        _clients[clientId] = entry;
        IndexIdentity(clientId, identity, add: true);
        return entry;
    }

    /// <summary>The client grain exists: the identity counts from its creation time.</summary>
    public void Confirm(string clientId, ClientEntry entry, DateTime created)
    {
        entry.IdentitySince = created;
        _clients.MarkChanged(clientId);
    }

    /// <summary>Undoes <see cref="Hold"/> unless the entry was replaced meanwhile.</summary>
    public void Release(string clientId, ClientEntry held)
    {
        if (ReferenceEquals(_clients.GetValueOrDefault(clientId), held))
        {
            _clients.Remove(clientId);
            IndexIdentity(clientId, held.Identity, add: false);
        }
    }

    /// <summary>A client takes a new identity (its business id or e-mail changed); false when it is the same.</summary>
    public bool Claim(string clientId, string identity, DateTime now)
    {
        var entry = Get(clientId);
        if (entry.Identity == identity)
        {
            return false;
        }

        EnsureIdentityFree(clientId, identity, now);
        IndexIdentity(clientId, entry.Identity, add: false);
        entry.Identity = identity;
        entry.IdentitySince = now;
        IndexIdentity(clientId, identity, add: true);
        _clients.MarkChanged(clientId);
        return true;
    }

    /// <summary>Marks a client kept (one of the best, never passed on) or not; false when nothing changed.</summary>
    public bool SetKeep(string clientId, bool keep, DateTime now)
    {
        if (keep && _referrals.OpenReferralOf(clientId, now) is { } open)
        {
            throw DomainException.Precondition(Reasons.ClientBeingReferred,
                $"This client is in an open referral ('{open.ReferralId}'): it can be kept once that referral ends or is cancelled.");
        }

        if (!_clients.TryGetValue(clientId, out var entry) || entry.Keep == keep)
        {
            return false;
        }

        entry.Keep = keep;
        _clients.MarkChanged(clientId);
        return true;
    }

    /// <summary>Client ids ordered, after <paramref name="afterClientId"/>, one more than the page to tell whether another follows.</summary>
    public List<string> Page(int pageSize, string? afterClientId) =>
        _clients.Keys
            .Where(id => afterClientId is null || string.CompareOrdinal(id, afterClientId) > 0)
            .Order(StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();

    private void IndexIdentity(string clientId, string identity, bool add)
    {
        foreach (var part in ClientIdentity.Parts(identity))
        {
            if (add)
            {
                if (!_byIdentity.TryGetValue(part, out var owners))
                {
                    _byIdentity[part] = owners = new HashSet<string>(StringComparer.Ordinal);
                }

                owners.Add(clientId);
            }
            else if (_byIdentity.TryGetValue(part, out var owners) && owners.Remove(clientId) && owners.Count == 0)
            {
                _byIdentity.Remove(part);
            }
        }
    }
}
