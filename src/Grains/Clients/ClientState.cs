using System.Security.Cryptography;
using System.Text;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>Persistent state of a client.</summary>
[GenerateSerializer, Alias("viidakko.ClientState")]
public sealed class ClientState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public ClientInput? Input { get; set; }
    [Id(2)] public string Identity { get; set; } = "";
    [Id(3)] public DateTime CreateTime { get; set; }
    [Id(4)] public DateTime UpdateTime { get; set; }
    [Id(5)] public List<HassleEntry> Hassle { get; set; } = [];
    [Id(6)] public List<RevenueEntry> Revenue { get; set; } = [];
    /// <summary>Request ids this client carried out within the retention (see <see cref="RequestLog"/>).</summary>
    [Id(9)] public ItemMap<ProcessedRequest> ProcessedRequests { get; set; } = new();
}
