namespace Viidakko;

/// <summary>How much of a firm's profile the viewer may see.</summary>
[GenerateSerializer, Alias("viidakko.FirmVisibility")]
public enum FirmVisibility { Public = 0, Partner = 1, Self = 2 }
