namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// A network of its own for one test, with shorthands for the grains and the usual set-up steps.
/// Every id is fresh, so tests on the shared cluster never see each other's grains.
/// </summary>
internal sealed class TestNetwork
{
    /// <summary>Terms most tests use: 10 % on at most 6 months, 12 months' custody, any skill.</summary>
    public static readonly PartnershipTerms DefaultTerms = new(10m, 6, 12, []);

    private TestNetwork(IGrainFactory grains, string id)
    {
        Grains = grains;
        Id = id;
    }

    public IGrainFactory Grains { get; }

    public string Id { get; }

    /// <summary>Creates the network and registers <paramref name="firmIds"/> in it.</summary>
    public static async Task<TestNetwork> CreateAsync(IGrainFactory grains, params string[] firmIds)
    {
        var network = new TestNetwork(grains, "n-" + Guid.NewGuid().ToString("N")[..16]);
        await grains.GetGrain<INetworkGrain>(ResourceIds.NetworkKey(network.Id)).CreateAsync("Test network", "Varsinais-Suomi");
        foreach (var firmId in firmIds)
        {
            await network.RegisterFirmAsync(firmId);
        }

        return network;
    }

    public INetworkGrain Network => Grains.GetGrain<INetworkGrain>(ResourceIds.NetworkKey(Id));

    /// <summary>The network's directory (merges the index shards).</summary>
    public IDirectoryGrain Directory => Grains.GetGrain<IDirectoryGrain>(Id);

    public IFirmGrain Firm(string firmId) => Grains.GetGrain<IFirmGrain>(ResourceIds.FirmKey(Id, firmId));

    public IClientGrain Client(string custodianFirmId, string clientId) =>
        Grains.GetGrain<IClientGrain>(ResourceIds.ClientKey(Id, custodianFirmId, clientId));

    public IReferralGrain Referral(string referralId) => Grains.GetGrain<IReferralGrain>(ResourceIds.ReferralKey(Id, referralId));

    /// <summary>The network's matchmaker (a stateless worker): matches and meeting suggestions for its firms.</summary>
    public IMatchmakerGrain Matchmaker => Grains.GetGrain<IMatchmakerGrain>(Id);

    public Task<FirmView> RegisterFirmAsync(string firmId) =>
        Network.RegisterFirmAsync(firmId, Profile(firmId), "hash-" + firmId);

    /// <summary>Makes <paramref name="a"/> and <paramref name="b"/> active partners (a proposes, b accepts).</summary>
    public async Task<PartnershipView> PartnerAsync(string a, string b, PartnershipTerms? terms = null)
    {
        await Firm(a).ProposePartnershipAsync(b, terms ?? DefaultTerms, $"{a} would like to partner");
        return await Firm(b).AcceptPartnershipAsync(a, "welcome");
    }

    public Task<ClientView> AddClientAsync(string firmId, string clientId, string businessId, bool keep = false) =>
        Firm(firmId).CreateClientAsync(clientId, Input(clientId, businessId, keep));

    /// <summary>The tag of a CreateClient request for <paramref name="clientId"/> with <paramref name="input"/>.</summary>
    public static RequestTag CreateClientTag(string requestId, string clientId, ClientInput input) =>
        Req(requestId, "CreateClient", new { clientId, input });

    public static ClientInput Input(string clientId, string businessId, bool keep = false) => new(
        $"Client {clientId} Oy",
        businessId,
        new ClientContact($"Contact of {clientId}", $"info@{clientId}.example.fi", "+358 40 123 4567", "Aurakatu 1, Turku"),
        keep,
        "");

    public static ReferralRequest Request(
        string receiverFirmId,
        string clientId,
        ReferralKind kind = ReferralKind.Referral,
        IReadOnlyList<string>? skills = null,
        string note = "Worth a call",
        string? requestId = null,
        DateTime? expireTime = null,
        PartnershipTerms? termsOverride = null) => new ReferralRequest(
        kind,
        receiverFirmId,
        clientId,
        new Need(skills ?? ["accounting"], "Monthly bookkeeping", 100_000, 500_000, null),
        4,
        termsOverride,
        expireTime,
        note,
        null).Tagged(requestId);

    public static ReferralAction Action(ReferralActionType type, long wonValueCents = 0, int contractMonths = 0, RequestTag? request = null, string? note = null) =>
        new(type, note ?? $"{type} note", DeclineReason.Unspecified, LostReason.Unspecified, wonValueCents, contractMonths, request);

    /// <summary>Every referral in <paramref name="firmId"/>'s index, in one page.</summary>
    public async Task<IReadOnlyList<ReferralSummary>> ReferralIndexAsync(string firmId, ReferralRole role = ReferralRole.Unspecified) =>
        (await Firm(firmId).ListReferralsAsync(role, null, 1_000, null)).Referrals;

    private static FirmProfile Profile(string firmId) => new(
        $"{firmId} Oy",
        "Turku",
        "A small agency.",
        [new Person("Maija Meikäläinen", "CEO", $"maija@{firmId}.example.fi", "+358 40 765 4321")],
        [new Capability("accounting", 4), new Capability("payroll", 3)],
        ["fast"],
        CapacityStatus.Available,
        null);
}
