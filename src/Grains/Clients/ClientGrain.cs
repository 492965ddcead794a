using System.Security.Cryptography;
using System.Text;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

// A client is reached almost only through its custodian firm's grain: keep it beside that grain.
[GrainType("client"), Orleans.Placement.PreferLocalPlacement]
internal sealed class ClientGrain(
    [PersistentState("client", GrainStorage.Name)] IPersistentState<ClientState> state,
    TimeProvider clock) : Grain, IClientGrain, IMayBeAbsent
{
    bool IMayBeAbsent.IsAbsent => !S.Exists;

    private StateWriter<ClientState>? _writer;
    private string[]? _key;

    private StateWriter<ClientState> Writer => _writer ??= new(state, DeactivateOnIdle);
    private ClientState S => state.State;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private string[] Key => _key ??= ResourceIds.SplitKey(this.GetPrimaryKeyString());

    public async Task<ClientView> CreateAsync(ClientInput input, string normalizedIdentity, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        if (S.Exists && IsRetry(request))
        {
            return View();
        }

        if (S.Exists)
        {
            throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.ClientExists, $"Client '{Key[2]}' already exists.");
        }

        S.Exists = true;
        S.Input = input;
        S.Identity = normalizedIdentity;
        S.CreateTime = S.UpdateTime = Now;
        Remember(request);
        await Writer.WriteAsync();
        return View();
    }

    public Task<ClientView> GetAsync(CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return Task.FromResult(View());
    }

    public async Task<ClientView> UpdateAsync(ClientInput values, IReadOnlyList<string> paths, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        if (IsRetry(request))
        {
            return View();
        }

        var input = Apply(S.Input!, values, paths);
        var identity = ClientIdentity.Normalize(input.BusinessId, input.Contact.Email);
        if (identity != S.Identity)
        {
            // The custodian checks duplicates and custody before the client takes the new identity.
            await GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(Key[0], Key[1])).ClaimClientIdentityAsync(Key[2], identity, cancellationToken);
        }

        if (input.Keep != S.Input!.Keep)
        {
            // The custodian refuses to keep a client that is being passed on right now.
            await GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(Key[0], Key[1])).OnClientKeepChangedAsync(Key[2], input.Keep, cancellationToken);
        }

        S.Input = input;
        S.Identity = identity;
        S.UpdateTime = Now;
        Remember(request);
        await Writer.WriteAsync();
        return View();
    }

    private static ClientInput Apply(ClientInput input, ClientInput values, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            input = path switch
            {
                ClientFields.DisplayName => input with { DisplayName = values.DisplayName },
                ClientFields.BusinessId => input with { BusinessId = values.BusinessId },
                ClientFields.Contact => input with { Contact = values.Contact },
                ClientFields.Keep => input with { Keep = values.Keep },
                ClientFields.Notes => input with { Notes = values.Notes },
                _ => throw DomainException.Invalid("update_mask", $"'{path}' is not an updatable field"),
            };
        }

        return input;
    }

    public async Task<HassleEntry> LogHassleAsync(HassleKind kind, int minutes, string note, DateTime occurTime, RequestTag? request, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        // Within the retention the id answers only its own request; after it, the entry it made is still its answer.
        _ = IsRetry(request);
        var id = EntryId("h", request?.Id);
        if (S.Hassle.FirstOrDefault(h => h.EntryId == id) is { } existing)
        {
            return existing;
        }

        var entry = new HassleEntry(id, kind, minutes, note, occurTime, Now);
        S.Hassle.Add(entry);
        S.UpdateTime = entry.RecordTime;
        Remember(request);
        await Writer.WriteAsync();
        return entry;
    }

    public async Task<RevenueEntry> LogRevenueAsync(long amountCents, string note, DateTime occurTime, RequestTag? request, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        _ = IsRetry(request);
        var id = EntryId("v", request?.Id);
        if (S.Revenue.FirstOrDefault(r => r.EntryId == id) is { } existing)
        {
            return existing;
        }

        var entry = new RevenueEntry(id, amountCents, note, occurTime, Now);
        S.Revenue.Add(entry);
        S.UpdateTime = entry.RecordTime;
        Remember(request);
        await Writer.WriteAsync();
        return entry;
    }

    public Task<HassleEntryPage> ListHassleAsync(int pageSize, int offset, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var (page, next) = ClientLogs.Newest(S.Hassle, h => h.OccurTime, h => h.EntryId, pageSize, offset);
        return Task.FromResult(new HassleEntryPage(page, next));
    }

    public Task<RevenueEntryPage> ListRevenueAsync(int pageSize, int offset, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var (page, next) = ClientLogs.Newest(S.Revenue, r => r.OccurTime, r => r.EntryId, pageSize, offset);
        return Task.FromResult(new RevenueEntryPage(page, next));
    }

    public Task<ClientSnapshot> PrepareReferralAsync(string referralId, bool returningToCustodian, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        if (S.Input!.Keep && !returningToCustodian)
        {
            throw DomainException.Precondition(Reasons.ClientKept,
                "This client is marked as kept (one of your best): it cannot be referred or introduced.");
        }

        // A read: the referrals themselves are indexed by the firms, so nothing is written here.
        return Task.FromResult(new ClientSnapshot(Key[2], S.Input.DisplayName, S.Identity, S.Input.Contact, Difficulty(), S.CreateTime));
    }

    public Task<ClientContact> GetContactAsync(CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return Task.FromResult(S.Input!.Contact);
    }

    private Difficulty Difficulty() => DifficultyCalculator.Compute(S.Hassle, S.Revenue);

    private string EntryId(string prefix, string? requestId)
    {
        // With a request id the entry id is derived from it, so a retry finds the entry it already logged.
        var bytes = requestId is { Length: > 0 }
            ? SHA256.HashData(Encoding.UTF8.GetBytes(requestId))[..8]
            : RandomNumberGenerator.GetBytes(8);
        return prefix + Convert.ToHexString(bytes).ToLowerInvariant();
    }

    // The custodian's request ids: only its firm grain reaches this client.
    private bool IsRetry(RequestTag? request) => RequestLog.IsRetry(S.ProcessedRequests, "firm", request, Now);

    private void Remember(RequestTag? request) => RequestLog.Remember(S.ProcessedRequests, "firm", request, Now);

    private void EnsureExists()
    {
        if (!S.Exists)
        {
            throw DomainException.NotFound("Client");
        }
    }

    private ClientView View()
    {
        var i = S.Input!;
        return new ClientView(Key[0], Key[1], Key[2], i.DisplayName, i.BusinessId, S.Identity, i.Contact, i.Keep, i.Notes,
            Difficulty(), S.CreateTime, S.UpdateTime);
    }
}
