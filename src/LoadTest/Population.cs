using Grpc.Core;

namespace Viidakko.LoadTest;

/// <summary>Everything the simulator created.</summary>
internal sealed class Population(IReadOnlyList<SimFirm> firms, IReadOnlyList<string> networks)
{
    public IReadOnlyList<SimFirm> Firms { get; } = firms;
    public IReadOnlyList<string> Networks { get; } = networks;
}
