namespace Viidakko;

/// <summary>Result of checking a presented API key against a firm.</summary>
[GenerateSerializer, Alias("viidakko.FirmAuthResult")]
public enum FirmAuthResult { Unknown = 0, Ok = 1, Suspended = 2 }
