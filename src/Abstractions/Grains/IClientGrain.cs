using Orleans.Concurrency;

namespace Viidakko;

/// <summary>A client in a firm's custody. Key: <c>network/custodian-firm/client</c>.</summary>
[Alias("viidakko.IClientGrain")]
public interface IClientGrain : IGrainWithStringKey
{
    /// <summary>Creates the client; a retry of the same request returns it again.</summary>
    [Alias("Create")] Task<ClientView> CreateAsync(ClientInput input, string normalizedIdentity, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("Get")] Task<ClientView> GetAsync(CancellationToken cancellationToken = default);
    /// <summary>Sets the fields named in <paramref name="paths"/>; a retry of the same request changes nothing.</summary>
    [Alias("Update")] Task<ClientView> UpdateAsync(ClientInput values, IReadOnlyList<string> paths, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("LogHassle")] Task<HassleEntry> LogHassleAsync(HassleKind kind, int minutes, string note, DateTime occurTime, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("LogRevenue")] Task<RevenueEntry> LogRevenueAsync(long amountCents, string note, DateTime occurTime, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("ListHassle")] Task<HassleEntryPage> ListHassleAsync(int pageSize, int offset, CancellationToken cancellationToken = default);
    [Alias("ListRevenue")] Task<RevenueEntryPage> ListRevenueAsync(int pageSize, int offset, CancellationToken cancellationToken = default);

    /// <summary>Snapshot for a new referral; refuses kept clients.</summary>
    [Alias("PrepareReferral")] Task<ClientSnapshot> PrepareReferralAsync(string referralId, bool returningToCustodian, CancellationToken cancellationToken = default);
    /// <summary>Contact details for an accepted introduction.</summary>
    [Alias("GetContact")] Task<ClientContact> GetContactAsync(CancellationToken cancellationToken = default);
}
