namespace Viidakko.Grains.Domain;

/// <summary>How many of one kind of business flow (referrals opened, proposals made) a firm used on <see cref="Day"/> (UTC).</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FlowCount")]
public sealed record FlowCount([property: Id(0)] DateOnly Day, [property: Id(1)] int Used);
