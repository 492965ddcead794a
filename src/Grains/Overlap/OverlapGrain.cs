using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// A firm's client overlap with its partners. It keeps what the firm shares, its daily quota and
/// the record of questions about it; the firm's clients and partnerships stay in the firm grain and
/// are read from there. <see cref="OverlapRules"/> decides what an answer may show.
/// </summary>
[GrainType("overlap")]
internal sealed class OverlapGrain(
    [PersistentState("overlap", GrainStorage.Name)] IPersistentState<OverlapState> state,
    TimeProvider clock) : Grain, IOverlapGrain
{
    private StateWriter<OverlapState>? _writer;
    private string[]? _key;

    private StateWriter<OverlapState> Writer => _writer ??= new(state, DeactivateOnIdle);
    private OverlapState S => state.State;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private string NetworkId => (_key ??= ResourceIds.SplitKey(this.GetPrimaryKeyString()))[0];
    private string FirmId => (_key ??= ResourceIds.SplitKey(this.GetPrimaryKeyString()))[1];

    public async Task<OverlapSettings> GetSettingsAsync(CancellationToken cancellationToken = default)
    {
        await FactsAsync(cancellationToken); // NOT_FOUND for a firm that does not exist
        return new OverlapSettings(await NetworkDefaultAsync(cancellationToken), new Dictionary<string, OverlapSharing>(S.Choices));
    }

    public async Task<OverlapSettings> SetSharingAsync(string partnerFirmId, OverlapSharing sharing, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        // Only a firm the caller has a partnership record with (any state) can be chosen for.
        if (!(await FactsAsync(cancellationToken)).Partnerships.ContainsKey(partnerFirmId))
        {
            throw DomainException.NotFound("Partnership");
        }

        if (!RequestLog.IsRetry(S.ProcessedRequests, "firm", request, Now))
        {
            if (sharing == OverlapSharing.Unspecified) S.Choices.Remove(partnerFirmId); else S.Choices[partnerFirmId] = sharing;
            RequestLog.Remember(S.ProcessedRequests, "firm", request, Now);
            await Writer.WriteAsync();
        }

        return await GetSettingsAsync(cancellationToken);
    }

    public async Task<OverlapResult> GetOverlapAsync(string partnerFirmId, CancellationToken cancellationToken = default)
    {
        var facts = await FactsAsync(cancellationToken);
        if (!facts.Partnerships.TryGetValue(partnerFirmId, out var status))
        {
            throw DomainException.NotFound("Partnership");
        }

        if (status != PartnershipStatus.Active)
        {
            throw DomainException.Precondition(Reasons.NotPartners, $"Overlap is shown between active partners only; '{partnerFirmId}' is not one.");
        }

        await TakeQuotaAsync();
        var mine = await SharingWithAsync(partnerFirmId, cancellationToken);
        var answer = await Overlap(partnerFirmId).AnswerAsync(FirmId, mine, OverlapQueryKind.Overlap, facts.Clients, cancellationToken);
        var names = answer.Sharing == OverlapSharing.Names
            ? await Task.WhenAll(answer.MatchedClientIds.Take(OverlapLimits.MaxNames).Select(async id =>
                new CommonClient(id, (await Client(FirmId, id).GetAsync(cancellationToken)).DisplayName, answer.PartnerNames.GetValueOrDefault(id, ""))))
            : [];
        return OverlapRules.Result(partnerFirmId, answer.Sharing, answer.MatchedClientIds.Count, names);
    }

    public async Task<PartnersWhoKnow> FindPartnersWhoKnowAsync(string clientId, CancellationToken cancellationToken = default)
    {
        var facts = await FactsAsync(cancellationToken);
        var client = facts.Clients.FirstOrDefault(c => c.ClientId == clientId) ?? throw DomainException.NotFound("Client");
        await TakeQuotaAsync();
        var networkDefault = await NetworkDefaultAsync(cancellationToken);
        // Only partners the firm itself shares names with are asked at all.
        var answers = await Task.WhenAll(facts.Partnerships
            .Where(p => p.Value == PartnershipStatus.Active && OverlapRules.Effective(S.Choices.GetValueOrDefault(p.Key), networkDefault) == OverlapSharing.Names)
            .Select(async p => (PartnerFirmId: p.Key, Answer: await Overlap(p.Key).AnswerAsync(
                FirmId, OverlapSharing.Names, OverlapQueryKind.WhoKnows, [client], cancellationToken))));
        var mutual = answers.Where(a => a.Answer.Sharing == OverlapSharing.Names).ToList();
        return new PartnersWhoKnow(
            mutual.Where(a => a.Answer.MatchedClientIds.Count > 0).Select(a => a.PartnerFirmId).Order(StringComparer.Ordinal).ToList(),
            mutual.Count);
    }

    public Task<OverlapQueryPage> ListQueriesAsync(int pageSize, int offset, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var visible = S.QueriesAboutFirm.Values.Where(q => now - q.Time < OverlapLimits.Retention)
            .OrderByDescending(q => q.Time).ThenBy(q => q.AskerFirmId, StringComparer.Ordinal).ToList();
        int? next = offset + pageSize < visible.Count ? offset + pageSize : null;
        return Task.FromResult(new OverlapQueryPage(visible.Skip(offset).Take(pageSize).ToList(), next));
    }

    public async Task<OverlapAnswer> AnswerAsync(
        string askerFirmId, OverlapSharing askerSharing, OverlapQueryKind kind, IReadOnlyList<ClientIdentityEntry> askerClients,
        CancellationToken cancellationToken = default)
    {
        var sharing = OverlapRules.Mutual(askerSharing, await SharingWithAsync(askerFirmId, cancellationToken));
        var now = Now;
        // Every question is recorded, whatever it could be answered: the firm sees who asks about it.
        OverlapRules.Prune(S.QueriesAboutFirm, now);
        S.QueriesAboutFirm[$"{now.Ticks:D19}-{askerFirmId}-{Guid.NewGuid():N}"] = new OverlapQueryRecord(askerFirmId, now, kind, sharing);
        await Writer.WriteAsync();
        if (sharing == OverlapSharing.Nothing)
        {
            return new OverlapAnswer(sharing, [], new Dictionary<string, string>());
        }

        var mine = (await FactsAsync(cancellationToken)).Clients;
        var matched = OverlapRules.Matches(askerClients, mine);
        if (sharing != OverlapSharing.Names || kind == OverlapQueryKind.WhoKnows)
        {
            return new OverlapAnswer(sharing, matched, new Dictionary<string, string>());
        }

        var counterparts = OverlapRules.Counterparts(matched.Take(OverlapLimits.MaxNames).ToList(), askerClients, mine);
        var names = await Task.WhenAll(counterparts.Select(async kv => (kv.Key, (await Client(FirmId, kv.Value).GetAsync(cancellationToken)).DisplayName)));
        return new OverlapAnswer(sharing, matched, names.ToDictionary(n => n.Key, n => n.DisplayName, StringComparer.Ordinal));
    }

    private async Task TakeQuotaAsync()
    {
        (S.QuotaDay, S.QueriesUsed) = OverlapRules.TakeQuota(S.QuotaDay, S.QueriesUsed, Now);
        await Writer.WriteAsync();
    }

    private async Task<OverlapSharing> SharingWithAsync(string partnerFirmId, CancellationToken cancellationToken) =>
        OverlapRules.Effective(S.Choices.GetValueOrDefault(partnerFirmId), await NetworkDefaultAsync(cancellationToken));

    private Task<OverlapSharing> NetworkDefaultAsync(CancellationToken cancellationToken) =>
        GrainFactory.GetGrain<INetworkGrain>(NetworkId).GetOverlapDefaultAsync(cancellationToken);

    /// <summary>The firm's partnerships and clients; an interleaving read, so asking cannot wait on a change the firm is relaying here.</summary>
    private Task<OverlapFacts> FactsAsync(CancellationToken cancellationToken) =>
        GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(NetworkId, FirmId)).GetOverlapFactsAsync(cancellationToken);

    private IOverlapGrain Overlap(string firmId) => GrainFactory.GetGrain<IOverlapGrain>(ResourceIds.FirmKey(NetworkId, firmId));

    private IClientGrain Client(string firmId, string clientId) => GrainFactory.GetGrain<IClientGrain>(ResourceIds.ClientKey(NetworkId, firmId, clientId));
}
