namespace Viidakko;

/// <summary>Kinds of hassle a client causes.</summary>
[GenerateSerializer, Alias("viidakko.HassleKind")]
public enum HassleKind { Unspecified = 0, Call = 1, Email = 2, Meeting = 3, AttitudeIncident = 4, ScopeChange = 5 }
