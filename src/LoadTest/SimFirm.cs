using Grpc.Core;

namespace Viidakko.LoadTest;

// Inside the namespace, so the API's messages win over the domain types of the same names.
using Viidakko.Api.V1;

/// <summary>One simulated member agency: its key and what it knows of its own network.</summary>
internal sealed class SimFirm(string networkId, string firmId, string apiKey, IReadOnlyList<string> skills, IReadOnlyList<string> traits)
{
    public string ApiKey { get; } = apiKey;
    public string NetworkId { get; } = networkId;
    public string FirmId { get; } = firmId;
    public string Name => $"networks/{NetworkId}/firms/{FirmId}";
    public Metadata Auth { get; } = new() { { "authorization", "Bearer " + apiKey } };
    public IReadOnlyList<string> Skills { get; } = skills;
    public IReadOnlyList<string> Traits { get; } = traits;
    public List<SimFirm> Partners { get; } = [];
    public List<string> Clients { get; } = [];

    /// <summary>A referral this firm sent, for the read operations (made by the first of them to need it).</summary>
    public Task<string?>? SampleReferral { get; set; }
}
