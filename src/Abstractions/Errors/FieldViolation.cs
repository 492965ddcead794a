namespace Viidakko;

/// <summary>One invalid field, reported to the caller as a <c>google.rpc.BadRequest</c> violation.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FieldViolation")]
public sealed record FieldViolation([property: Id(0)] string Field, [property: Id(1)] string Description);
