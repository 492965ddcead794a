using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>Invitations to sign in to the web app, for a firm's person or an operator (FirmService and AdminService).</summary>
internal sealed class Invitations(IClusterClient cluster, TimeProvider clock)
{
    /// <summary>How long an invitation link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Checks the invited person's address and name.</summary>
    public static void Validate(Violations v, string email, string displayName)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            v.Add("email", "is required");
        }
        else
        {
            v.Email("email", email.Trim());
        }

        v.Text("display_name", displayName, 100, required: true);
    }

    /// <summary>Stores a new invitation on the person's account and returns it with its token.</summary>
    public async Task<Invitation> CreateAsync(AccountRole role, string networkId, string firmId, string email, string displayName, CancellationToken cancellationToken)
    {
        var account = PersonTokens.AccountKey(email);
        var token = PersonTokens.New(PersonTokens.Invitation, account);
        var expires = clock.GetUtcNow().UtcDateTime + Lifetime;
        await cluster.GetGrain<IAccountGrain>(account).InviteAsync(
            new AccountInvitation(account, displayName.Trim(), role, networkId, firmId, ApiKeys.Hash(token), expires), cancellationToken);
        return new Invitation
        {
            Email = account,
            DisplayName = displayName.Trim(),
            Firm = firmId.Length > 0 ? Names.Firm(networkId, firmId) : "",
            Admin = role is AccountRole.FirmAdmin or AccountRole.Operator,
            Token = token,
            AcceptPath = "/#/invitation/" + token,
            ExpireTime = Mapping.Ts(expires),
        };
    }
}
