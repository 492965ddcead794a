using Viidakko.Grains.Domain;
using static Viidakko.Grains.Tests.Domain.ReferralIndexTests;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// <see cref="ClientRoster"/>: a firm's clients by id and identity, and the rules that keep a
/// client from being registered twice, taken from another firm's custody, or kept while referred.
/// </summary>
public sealed class ClientRosterTests
{
    private static readonly DateTime T0 = new(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly string Kahvila = ClientIdentity.Normalize("1234567-8", "info@kahvila.fi");

    private sealed record Firm(ClientRoster Roster, ReferralIndex Referrals, ItemMap<ClientEntry> Clients);

    private static Firm NewFirm(string firmId, ItemMap<ClientEntry>? clients = null, ItemMap<ReferralSummary>? referrals = null)
    {
        clients ??= new ItemMap<ClientEntry>();
        var index = new ReferralIndex(firmId, referrals ?? new ItemMap<ReferralSummary>());
        return new Firm(new ClientRoster(clients, index), index, clients);
    }

    private static ClientEntry Add(Firm firm, string clientId, string identity, bool keep = false, DateTime? at = null)
    {
        var entry = firm.Roster.Hold(clientId, identity, keep, at ?? T0);
        firm.Roster.Confirm(clientId, entry, at ?? T0);
        return entry;
    }

    // ------------------------------------------------------------------ duplicates

    [Theory]
    [InlineData("1234567-8", "")]
    [InlineData("12345678", "")]
    [InlineData("FI12345678", "")]
    [InlineData("", "someone@KAHVILA.fi")]
    [InlineData("7654321-0", "boss@kahvila.fi")]
    public void The_same_company_is_a_duplicate_by_business_id_vat_form_or_domain(string businessId, string email)
    {
        var firm = NewFirm("alfa");
        Add(firm, "kahvila", Kahvila);

        var error = AssertDomain.Throws(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient,
            () => firm.Roster.Hold("kopio", ClientIdentity.Normalize(businessId, email), keep: false, T0));
        Assert.Contains("'kahvila'", error.Message);
        Assert.False(firm.Roster.Has("kopio"));
        Assert.Equal(["kahvila"], firm.Clients.Keys);
    }

    [Fact]
    public void Another_company_or_one_without_identity_is_no_duplicate()
    {
        var firm = NewFirm("alfa");
        Add(firm, "kahvila", Kahvila);
        Add(firm, "leipomo", ClientIdentity.Normalize("7654321-0", "info@leipomo.fi"));
        // Personal addresses identify a person, not a company.
        Add(firm, "anna", ClientIdentity.Normalize("", "anna@gmail.com"));
        Add(firm, "pekka", ClientIdentity.Normalize("", "pekka@gmail.com"));
        Add(firm, "nimeton-1", "");
        Add(firm, "nimeton-2", "");

        Assert.Equal(6, firm.Clients.Count);
        Assert.Equal(["bid:12345678", "bid:76543210", "domain:kahvila.fi", "domain:leipomo.fi", "email:anna@gmail.com", "email:pekka@gmail.com"],
            firm.Roster.IdentityParts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_same_client_id_twice_already_exists()
    {
        var firm = NewFirm("alfa");
        Add(firm, "kahvila", Kahvila);
        AssertDomain.Throws(DomainErrorKind.AlreadyExists, Reasons.ClientExists,
            () => firm.Roster.Hold("kahvila", ClientIdentity.Normalize("7654321-0", null), keep: false, T0));
        Assert.Equal(Kahvila, firm.Roster.Get("kahvila").Identity);
        AssertDomain.Throws(DomainErrorKind.NotFound, Reasons.NotFound, () => firm.Roster.Get("nobody"));
    }

    [Fact]
    public void Stored_clients_are_indexed_when_the_roster_is_built()
    {
        var stored = new ItemMap<ClientEntry> { ["kahvila"] = new ClientEntry { Identity = Kahvila, IdentitySince = T0 } };
        var firm = NewFirm("alfa", stored);

        AssertDomain.Throws(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient,
            () => firm.Roster.Hold("kopio", "domain:kahvila.fi", keep: false, T0));
    }

    // ------------------------------------------------------------------ hold, release, claim

    [Fact]
    public void A_held_client_reserves_its_identity_until_released()
    {
        var firm = NewFirm("alfa");
        var held = firm.Roster.Hold("kahvila", Kahvila, keep: true, T0);
        Assert.True(firm.Roster.Has("kahvila"));
        Assert.Equal((Kahvila, T0, true), (held.Identity, held.IdentitySince, held.Keep));
        // An interleaved create of the same company must not slip past while the first is created.
        AssertDomain.Throws(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient, () => firm.Roster.Hold("kopio", "bid:12345678", false, T0));

        firm.Roster.Release("kahvila", held);
        Assert.False(firm.Roster.Has("kahvila"));
        Assert.Empty(firm.Roster.IdentityParts);
        Add(firm, "kopio", Kahvila);
    }

    [Fact]
    public void Release_leaves_an_entry_that_replaced_the_held_one()
    {
        var firm = NewFirm("alfa");
        var held = firm.Roster.Hold("kahvila", Kahvila, keep: false, T0);
        var other = new ClientEntry { Identity = Kahvila, IdentitySince = T0 };
        firm.Clients["kahvila"] = other;

        firm.Roster.Release("kahvila", held);
        Assert.Same(other, firm.Roster.Get("kahvila"));
    }

    [Fact]
    public void Confirm_dates_the_identity_from_the_creation_and_marks_it_for_storage()
    {
        var firm = NewFirm("alfa");
        var held = firm.Roster.Hold("kahvila", Kahvila, keep: false, T0);
        ((IItemMap)firm.Clients).TakeChanges();

        firm.Roster.Confirm("kahvila", held, T0.AddSeconds(3));
        Assert.Equal(T0.AddSeconds(3), firm.Roster.Get("kahvila").IdentitySince);
        Assert.Equal(["kahvila"], ((IItemMap)firm.Clients).TakeChanges());
    }

    [Fact]
    public void A_claimed_identity_moves_the_client_in_the_index()
    {
        var firm = NewFirm("alfa");
        Add(firm, "kahvila", Kahvila);
        Add(firm, "leipomo", ClientIdentity.Normalize("7654321-0", null));
        ((IItemMap)firm.Clients).TakeChanges();

        Assert.False(firm.Roster.Claim("kahvila", Kahvila, T0.AddDays(1)));
        AssertDomain.Throws(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient, () => firm.Roster.Claim("leipomo", "bid:12345678", T0.AddDays(1)));
        Assert.Equal("bid:76543210", firm.Roster.Get("leipomo").Identity);
        Assert.Empty(((IItemMap)firm.Clients).TakeChanges());

        Assert.True(firm.Roster.Claim("kahvila", "bid:11111111", T0.AddDays(1)));
        Assert.Equal(("bid:11111111", T0.AddDays(1)), (firm.Roster.Get("kahvila").Identity, firm.Roster.Get("kahvila").IdentitySince));
        Assert.Equal(["kahvila"], ((IItemMap)firm.Clients).TakeChanges());
        // The old identity is free again, the new one taken.
        Add(firm, "kahvila-2", Kahvila);
        AssertDomain.Throws(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient, () => firm.Roster.Hold("kopio", "bid:11111111", false, T0));
        AssertDomain.Throws(DomainErrorKind.NotFound, Reasons.NotFound, () => firm.Roster.Claim("nobody", "bid:1", T0));
    }

    // ------------------------------------------------------------------ custody

    [Fact]
    public void A_client_another_firm_shared_is_blocked_by_any_of_its_identities()
    {
        var beta = NewFirm("beta");
        beta.Referrals.Apply(Summary("r1", "alfa", "beta", identity: Kahvila));
        var during = T0.AddDays(1);

        foreach (var identity in new[] { "bid:12345678", ClientIdentity.Normalize("FI12345678", null), ClientIdentity.Normalize("", "x@kahvila.fi") })
        {
            var error = AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
                () => beta.Roster.Hold("oma", identity, keep: false, during));
            Assert.Contains("'alfa'", error.Message);
            Assert.Contains("'r1'", error.Message);
        }

        Assert.Empty(beta.Clients);
        Add(beta, "muu", "bid:76543210", at: during);
        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody, () => beta.Roster.Claim("muu", "bid:12345678", during));
        Assert.Equal("bid:76543210", beta.Roster.Get("muu").Identity);
    }

    [Fact]
    public void Custody_ends_with_its_window_and_never_covers_a_client_the_firm_had_before()
    {
        var beta = NewFirm("beta");
        var until = T0.AddMonths(6);
        beta.Referrals.Apply(Summary("r1", "alfa", "beta", identity: Kahvila, status: ReferralStatus.Declined, version: 2, custodyUntil: until));

        var error = AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
            () => beta.Roster.EnsureNotUnderCustody(Kahvila, ownSince: null, until.AddDays(-1)));
        Assert.Contains($"until {until:yyyy-MM-dd}", error.Message);
        beta.Roster.EnsureNotUnderCustody(Kahvila, ownSince: T0.AddDays(-1), until.AddDays(-1));
        beta.Roster.EnsureNotUnderCustody(Kahvila, ownSince: null, until);
        Add(beta, "oma", Kahvila, at: until);
    }

    // ------------------------------------------------------------------ keep

    [Fact]
    public void A_client_cannot_be_kept_while_it_is_in_an_open_referral()
    {
        var alfa = NewFirm("alfa");
        Add(alfa, "kahvila", Kahvila);
        alfa.Referrals.Apply(Summary("r1", "alfa", "beta", clientId: "kahvila", expire: T0.AddDays(14)));
        ((IItemMap)alfa.Clients).TakeChanges();

        var error = AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.ClientBeingReferred,
            () => alfa.Roster.SetKeep("kahvila", keep: true, T0.AddDays(1)));
        Assert.Contains("'r1'", error.Message);
        Assert.False(alfa.Roster.Get("kahvila").Keep);
        Assert.Equal(0, alfa.Roster.Kept());
        // Unkeeping is always allowed (and here changes nothing).
        Assert.False(alfa.Roster.SetKeep("kahvila", keep: false, T0.AddDays(1)));
        Assert.Empty(((IItemMap)alfa.Clients).TakeChanges());

        alfa.Referrals.Apply(Summary("r1", "alfa", "beta", clientId: "kahvila", status: ReferralStatus.Cancelled, version: 2));
        Assert.True(alfa.Roster.SetKeep("kahvila", keep: true, T0.AddDays(1)));
        Assert.Equal(1, alfa.Roster.Kept());
        Assert.Equal(["kahvila"], ((IItemMap)alfa.Clients).TakeChanges());
        Assert.False(alfa.Roster.SetKeep("kahvila", keep: true, T0.AddDays(1)));
    }

    [Fact]
    public void A_lapsed_proposal_no_longer_stops_the_client_being_kept()
    {
        var alfa = NewFirm("alfa");
        Add(alfa, "kahvila", Kahvila);
        alfa.Referrals.Apply(Summary("r1", "alfa", "beta", clientId: "kahvila", expire: T0.AddDays(1)));

        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.ClientBeingReferred,
            () => alfa.Roster.SetKeep("kahvila", keep: true, T0.AddDays(1).AddTicks(-1)));
        Assert.True(alfa.Roster.SetKeep("kahvila", keep: true, T0.AddDays(1)));
    }

    [Fact]
    public void Pages_go_by_client_id_with_one_extra_to_tell_whether_more_follow()
    {
        var firm = NewFirm("alfa");
        foreach (var id in new[] { "c3", "c1", "c4", "c0", "c2" })
        {
            Add(firm, id, "");
        }

        Assert.Equal(["c0", "c1", "c2"], firm.Roster.Page(2, null));
        Assert.Equal(["c3", "c4"], firm.Roster.Page(2, "c2"));
        Assert.Empty(firm.Roster.Page(2, "c4"));
    }
}
