namespace Viidakko;

/// <summary>What a person who signs in may do.</summary>
[GenerateSerializer, Alias("viidakko.AccountRole")]
public enum AccountRole
{
    /// <summary>No account (never invited).</summary>
    None = 0,
    /// <summary>A person of one firm: acts for that firm.</summary>
    FirmPerson = 1,
    /// <summary>A person of one firm who may also invite the firm's people.</summary>
    FirmAdmin = 2,
    /// <summary>An operator of the hub: acts through AdminService only.</summary>
    Operator = 3,
}
