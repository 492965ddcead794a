namespace Viidakko;

/// <summary>
/// An invitation for one e-mail address to sign in as a person of a firm (or as an operator): the
/// gateway keeps the token and gives it to the inviter; the account keeps only its hash.
/// </summary>
[GenerateSerializer, Alias("viidakko.AccountInvitation")]
public sealed record AccountInvitation(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] AccountRole Role,
    [property: Id(3)] string NetworkId,
    [property: Id(4)] string FirmId,
    [property: Id(5)] string TokenHash,
    [property: Id(6)] DateTime ExpireTime);
