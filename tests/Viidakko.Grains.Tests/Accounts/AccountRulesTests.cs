using Viidakko.Grains;

namespace Viidakko.Grains.Tests.Accounts;

public sealed class AccountRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    private static AccountInvitation Invite(AccountRole role, string network = "turku", string firm = "rumpu") =>
        new("jari@rumpu.example", "Jari", role, network, firm, "HASH", Now.AddDays(7));

    private static AccountState Existing(AccountRole role, string network = "turku", string firm = "rumpu") =>
        new() { Email = "jari@rumpu.example", Role = role, NetworkId = network, FirmId = firm };

    [Fact]
    public void A_new_address_may_be_invited_as_anything()
    {
        Assert.True(AccountRules.MayInvite(new AccountState(), Invite(AccountRole.FirmPerson)));
        Assert.True(AccountRules.MayInvite(new AccountState(), Invite(AccountRole.Operator, "", "")));
    }

    [Fact]
    public void The_same_firm_may_invite_its_person_again_with_other_rights_but_no_one_else_may_take_the_address()
    {
        Assert.True(AccountRules.MayInvite(Existing(AccountRole.FirmPerson), Invite(AccountRole.FirmAdmin)));
        Assert.False(AccountRules.MayInvite(Existing(AccountRole.FirmPerson), Invite(AccountRole.FirmPerson, firm: "toinen")));
        Assert.False(AccountRules.MayInvite(Existing(AccountRole.FirmPerson), Invite(AccountRole.FirmPerson, network: "tampere")));
        Assert.False(AccountRules.MayInvite(Existing(AccountRole.FirmAdmin), Invite(AccountRole.Operator, "", "")));
        Assert.False(AccountRules.MayInvite(Existing(AccountRole.Operator, "", ""), Invite(AccountRole.FirmPerson)));
        Assert.True(AccountRules.MayInvite(Existing(AccountRole.Operator, "", ""), Invite(AccountRole.Operator, "", "")));
    }

    [Fact]
    public void An_invitation_opens_only_with_its_own_token_before_it_expires()
    {
        var state = new AccountState { InvitationHash = "ABC", InvitationExpires = Now.AddDays(1) };
        Assert.True(AccountRules.InvitationOpen(state, "ABC", Now));
        Assert.False(AccountRules.InvitationOpen(state, "ABD", Now));
        Assert.False(AccountRules.InvitationOpen(state, "ABC", Now.AddDays(1)));
        Assert.False(AccountRules.InvitationOpen(new AccountState(), "ABC", Now));
    }

    [Fact]
    public void Sessions_keep_the_newest_ten_drop_expired_ones_and_are_found_only_while_open()
    {
        var sessions = new List<StoredSession>();
        for (var i = 0; i < 12; i++)
        {
            AccountRules.AddSession(sessions, new StoredSession($"S{i}", "csrf", Now, Now.AddDays(7)), Now);
        }

        Assert.Equal(AccountRules.MaxSessions, sessions.Count);
        Assert.Null(AccountRules.FindSession(sessions, "S0", Now));
        Assert.NotNull(AccountRules.FindSession(sessions, "S11", Now));
        Assert.Null(AccountRules.FindSession(sessions, "S11", Now.AddDays(7)));

        AccountRules.AddSession(sessions, new StoredSession("NEW", "csrf", Now.AddDays(8), Now.AddDays(15)), Now.AddDays(8));
        Assert.Equal(["NEW"], sessions.Select(s => s.Hash));
    }

    [Fact]
    public async Task Passwords_are_salted_slow_hashes_that_verify_only_the_right_password()
    {
        var first = await Passwords.HashAsync("viidakon rumpu soi");
        var second = await Passwords.HashAsync("viidakon rumpu soi");
        Assert.NotEqual(first, second); // salted
        Assert.DoesNotContain("viidakon", first, StringComparison.Ordinal);
        Assert.True(await Passwords.VerifyAsync(first, "viidakon rumpu soi"));
        Assert.False(await Passwords.VerifyAsync(first, "viidakon rumpu soi!"));
        Assert.False(await Passwords.VerifyAsync(null, "anything"));
    }
}
