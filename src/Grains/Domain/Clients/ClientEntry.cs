namespace Viidakko.Grains;

/// <summary>What a firm remembers about each client in its custody.</summary>
[GenerateSerializer, Alias("viidakko.ClientEntry")]
public sealed class ClientEntry
{
    [Id(0)] public string Identity { get; set; } = "";
    /// <summary>When the firm took on this identity (custody blocks older than this do not apply).</summary>
    [Id(1)] public DateTime IdentitySince { get; set; }
    /// <summary>A best client the firm keeps for itself (counts in its keep ratio).</summary>
    [Id(3)] public bool Keep { get; set; }
}
