namespace Viidakko.Grains;

/// <summary>One firm's half of a partnership, as stored.</summary>
[GenerateSerializer, Alias("viidakko.PartnershipHalf")]
public sealed class PartnershipHalf
{
    [Id(0)] public string PartnerFirmId { get; set; } = "";
    [Id(1)] public PartnershipStatus Status { get; set; }
    [Id(2)] public string ProposerFirmId { get; set; } = "";
    [Id(3)] public PartnershipTerms Terms { get; set; } = new(0, 0, 0, []);
    [Id(4)] public string Message { get; set; } = "";
    [Id(5)] public string StatusNote { get; set; } = "";
    [Id(6)] public string LastActorFirmId { get; set; } = "";
    [Id(7)] public long Version { get; set; }
    [Id(8)] public DateTime CreateTime { get; set; }
    [Id(9)] public DateTime UpdateTime { get; set; }
}
