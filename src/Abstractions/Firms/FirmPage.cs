namespace Viidakko;

/// <summary>A network directory page.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FirmPage")]
public sealed record FirmPage(IReadOnlyList<FirmView> Firms, string? NextAfterFirmId, int TotalSize);
