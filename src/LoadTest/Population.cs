using Grpc.Core;

namespace Viidakko.LoadTest;

// Inside the namespace, so the API's messages win over the domain types of the same names.
using Viidakko.Api.V1;

/// <summary>Everything the simulator created.</summary>
internal sealed class Population(IReadOnlyList<SimFirm> firms, IReadOnlyList<string> networks)
{
    public IReadOnlyList<SimFirm> Firms { get; } = firms;
    public IReadOnlyList<string> Networks { get; } = networks;
}
