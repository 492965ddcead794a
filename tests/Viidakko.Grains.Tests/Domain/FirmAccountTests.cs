using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="FirmAccount"/> and <see cref="ProfileUpdate"/>: who the firm is to its callers, and what it shows of itself.</summary>
public sealed class FirmAccountTests
{
    private static readonly FirmProfile Profile = new(
        "Alfa Oy", "Turku", "Books.", [new Person("Maija", "CEO", "maija@alfa.fi", "+358 40 1")],
        [new Capability("accounting", 4)], ["fast"], CapacityStatus.Available, null);

    [Fact]
    public void Only_the_stored_key_of_an_existing_firm_authenticates_and_suspension_says_so()
    {
        var state = new FirmState();
        var account = new FirmAccount("alfa", state);
        Assert.Equal(FirmAuthResult.Unknown, account.Authenticate(""));
        AssertDomain.Throws(DomainErrorKind.NotFound, Reasons.NotFound, account.EnsureExists);
        AssertDomain.Throws(DomainErrorKind.NotFound, Reasons.NotFound, account.EnsureActive);

        state.Exists = true;
        // A firm without a key (never issued) lets nobody in, not even with an empty one.
        Assert.Equal(FirmAuthResult.Unknown, account.Authenticate(""));
        state.ApiKeyHash = "hash-1";
        Assert.Equal(FirmAuthResult.Ok, account.Authenticate("hash-1"));
        Assert.Equal(FirmAuthResult.Unknown, account.Authenticate("hash-2"));
        Assert.Equal(FirmAuthResult.Unknown, account.Authenticate("hash-10"));
        account.EnsureActive();

        state.Suspended = true;
        Assert.Equal(FirmAuthResult.Suspended, account.Authenticate("hash-1"));
        Assert.Equal(FirmAuthResult.Unknown, account.Authenticate("hash-2"));
        account.EnsureExists();
        AssertDomain.Throws(DomainErrorKind.PermissionDenied, Reasons.FirmSuspended, account.EnsureActive);
    }

    [Fact]
    public void A_profile_update_takes_the_masked_fields_only()
    {
        var values = Profile with { City = "Tampere", Description = "ignored", Traits = ["calm"] };

        var updated = ProfileUpdate.Apply(Profile, values, [FirmProfileFields.City, FirmProfileFields.Traits]);
        Assert.Equal(("Tampere", "Books.", "Alfa Oy"), (updated.City, updated.Description, updated.DisplayName));
        Assert.Equal(["calm"], updated.Traits);
        Assert.Same(Profile, ProfileUpdate.Apply(Profile, values, []));

        var error = AssertDomain.Throws(DomainErrorKind.InvalidArgument, Reasons.InvalidArgument,
            () => ProfileUpdate.Apply(Profile, values, [FirmProfileFields.City, "api_key_hash"]));
        Assert.Equal("update_mask", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public void Every_updatable_field_can_be_set()
    {
        var values = new FirmProfile("Beta Oy", "Oulu", "Ads.", [], [new Capability("video", 5)], ["calm"], CapacityStatus.Full, new DateOnly(2027, 1, 1));
        var updated = ProfileUpdate.Apply(Profile, values, FirmProfileFields.All);
        Assert.Equal(
            (values.DisplayName, values.City, values.Description, values.Capacity, values.NextFreeDate),
            (updated.DisplayName, updated.City, updated.Description, updated.Capacity, updated.NextFreeDate));
        Assert.Same(values.People, updated.People);
        Assert.Same(values.Capabilities, updated.Capabilities);
        Assert.Same(values.Traits, updated.Traits);
    }

    [Fact]
    public void The_public_view_hides_peoples_contact_details()
    {
        var view = new FirmView("n1", "alfa", Profile, false, FirmVisibility.Self, default, default, FirmStanding.None);

        var shown = ProfileUpdate.Public(view);
        Assert.Equal(FirmVisibility.Public, shown.Visibility);
        var person = Assert.Single(shown.Profile.People);
        Assert.Equal(("Maija", "CEO", "", ""), (person.Name, person.Role, person.Email, person.Phone));
        // The firm's own view is untouched.
        Assert.Equal("maija@alfa.fi", view.Profile.People[0].Email);
    }
}
