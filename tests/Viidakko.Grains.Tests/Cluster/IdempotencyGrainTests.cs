namespace Viidakko.Grains.Tests.Cluster;

/// <summary>AIP-155 request ids on referral creation, and errors as callers receive them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotencyGrainTests(ClusterFixture fixture)
{
    private async Task<TestNetwork> PartnersWithClientAsync()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        await n.AddClientAsync("beta", "leipomo", "7654321-0");
        return n;
    }

    [Fact]
    public async Task A_request_id_reused_for_another_client_or_partner_is_refused()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        await n.Firm("alfa").CreateClientAsync("kahvila", TestNetwork.Input("kahvila", "1234567-8"), "req-c");
        // The same request again is a retry...
        Assert.Equal("kahvila", (await n.Firm("alfa").CreateClientAsync("kahvila", TestNetwork.Input("kahvila", "1234567-8"), "req-c")).ClientId);
        // ...but the same id for another client is a mistake, and nothing is created.
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateClientAsync("leipomo", TestNetwork.Input("leipomo", "7654321-0"), "req-c"));
        Assert.Single((await n.Firm("alfa").ListClientsAsync(10, null)).Clients);

        await n.Firm("alfa").ProposePartnershipAsync("beta", TestNetwork.DefaultTerms, "", "req-p");
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").ProposePartnershipAsync("gamma", TestNetwork.DefaultTerms, "", "req-p"));
        Assert.Single((await n.Firm("alfa").ListPartnershipsAsync(null, 10, null)).Partnerships);
    }

    [Fact]
    public async Task Retried_create_with_the_same_request_id_returns_the_same_referral()
    {
        var n = await PartnersWithClientAsync();
        var request = TestNetwork.Request("beta", "kahvila", requestId: "8a2f0c6e-1b7d-4c55-9e0a-3f6d2b1c9e77");

        var first = await n.Firm("alfa").CreateReferralAsync(request);
        var retry = await n.Firm("alfa").CreateReferralAsync(request);

        Assert.Equal(first.ReferralId, retry.ReferralId);
        Assert.Equal((first.Version, first.CreateTime), (retry.Version, retry.CreateTime));
        Assert.Single(await n.ReferralIndexAsync("alfa"));
        Assert.Single(await n.ReferralIndexAsync("beta"));
        Assert.Equal(1, (await n.Firm("beta").GetPartnershipAsync("alfa")).ReferralsReceived);
    }

    [Fact]
    public async Task Retry_after_the_referral_moved_on_returns_it_as_it_is_now()
    {
        var n = await PartnersWithClientAsync();
        var request = TestNetwork.Request("beta", "kahvila", requestId: "req-moved");
        var first = await n.Firm("alfa").CreateReferralAsync(request);
        await n.Referral(first.ReferralId).ApplyAsync("beta", TestNetwork.Action(ReferralActionType.Accept));

        var retry = await n.Firm("alfa").CreateReferralAsync(request);
        Assert.Equal((first.ReferralId, ReferralStatus.Accepted, 2L), (retry.ReferralId, retry.Status, retry.Version));
        var entry = Assert.Single(await n.ReferralIndexAsync("alfa"));
        Assert.Equal((ReferralStatus.Accepted, 2L), (entry.Status, entry.Version));
    }

    [Fact]
    public async Task Retry_completes_a_create_whose_receiver_could_not_be_told()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        // Alfa holds an active half with a firm that does not exist yet, so the first create stores
        // the referral and then fails to reach its receiver.
        var now = DateTime.UtcNow;
        await n.Firm("alfa").OnPartnershipChangedAsync(new PartnershipChange(
            "myohassa", PartnershipStatus.Active, "myohassa", TestNetwork.DefaultTerms, "", "", "myohassa", 2, now, now));
        var request = TestNetwork.Request("myohassa", "kahvila", requestId: "req-late");

        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND", () => n.Firm("alfa").CreateReferralAsync(request));
        await n.RegisterFirmAsync("myohassa");

        var retry = await n.Firm("alfa").CreateReferralAsync(request);
        Assert.Equal(retry.ReferralId, Assert.Single(await n.ReferralIndexAsync("myohassa")).ReferralId);
        Assert.Equal(retry.ReferralId, Assert.Single(await n.ReferralIndexAsync("alfa")).ReferralId);
    }

    [Theory]
    [InlineData("note")]
    [InlineData("client")]
    [InlineData("skills")]
    [InlineData("kind")]
    [InlineData("terms fee")]
    [InlineData("terms scope")]
    public async Task Same_request_id_for_a_different_request_is_refused(string difference)
    {
        var n = await PartnersWithClientAsync();
        await n.AddClientAsync("alfa", "toinen", "1111111-1");
        var original = TestNetwork.Request("beta", "kahvila", requestId: "req-1", termsOverride: new PartnershipTerms(10m, 6, 12, ["accounting"]));
        var first = await n.Firm("alfa").CreateReferralAsync(original);

        var changed = difference switch
        {
            "note" => original with { Note = "Something else" },
            "client" => original with { ClientId = "toinen" },
            "skills" => original with { Need = original.Need with { Skills = ["payroll"] } },
            "kind" => original with { Kind = ReferralKind.Introduction },
            "terms fee" => original with { TermsOverride = original.TermsOverride! with { FeePercent = 20m } },
            "terms scope" => original with { TermsOverride = original.TermsOverride! with { Scope = ["payroll"] } },
            _ => throw new ArgumentOutOfRangeException(nameof(difference)),
        };

        var error = await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateReferralAsync(changed));
        Assert.Equal("request_id", Assert.Single(error.Violations).Field);

        var entry = Assert.Single(await n.ReferralIndexAsync("alfa"));
        Assert.Equal(first.ReferralId, entry.ReferralId);
        Assert.Equal("kahvila", (await n.Referral(first.ReferralId).GetAsync("alfa")).ClientId);
    }

    [Fact]
    public async Task Request_ids_belong_to_the_firm_that_sent_them()
    {
        var n = await PartnersWithClientAsync();
        var fromAlfa = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", requestId: "same"));
        var fromBeta = await n.Firm("beta").CreateReferralAsync(TestNetwork.Request("alfa", "leipomo", requestId: "same"));

        Assert.NotEqual(fromAlfa.ReferralId, fromBeta.ReferralId);
        Assert.Equal(2, (await n.ReferralIndexAsync("alfa")).Count);
    }

    [Fact]
    public async Task Creates_without_request_id_are_separate_referrals()
    {
        var n = await PartnersWithClientAsync();
        var request = TestNetwork.Request("beta", "kahvila");
        var first = await n.Firm("alfa").CreateReferralAsync(request);
        var second = await n.Firm("alfa").CreateReferralAsync(request);

        Assert.NotEqual(first.ReferralId, second.ReferralId);
        Assert.Equal(2, (await n.ReferralIndexAsync("beta")).Count);
    }

    [Fact]
    public async Task Domain_error_crosses_the_grain_boundary_whole()
    {
        var n = await PartnersWithClientAsync();
        await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", requestId: "req-x"));

        // Thrown by the referral grain, passed through the firm grain, caught by the client.
        var error = await Assert.ThrowsAsync<DomainException>(
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", note: "changed", requestId: "req-x")));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Reasons.RequestIdReused, error.Reason);
        Assert.Equal("This request_id was already used for a different referral.", error.Message);
        var violation = Assert.Single(error.Violations);
        Assert.Equal(new FieldViolation("request_id", "already used for a different request"), violation);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task Domain_error_from_the_called_grain_itself_keeps_its_fields()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var error = await Assert.ThrowsAsync<DomainException>(
            () => n.Firm("alfa").ProposePartnershipAsync("alfa", TestNetwork.DefaultTerms, "me"));

        Assert.Equal((DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT"), (error.Kind, error.Reason));
        Assert.Equal([new FieldViolation("partner", "a firm cannot partner with itself")], error.Violations);
        Assert.Equal("partner: a firm cannot partner with itself", error.Message);
    }

    [Fact]
    public async Task A_retried_key_rotation_stores_the_retry_key_and_a_reused_id_is_refused()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var firm = n.Firm("alfa");
        await firm.SetApiKeyHashAsync("key-1", "rotate-1");
        // The first answer may have been lost: the retry's key is the one the operator now holds.
        await firm.SetApiKeyHashAsync("key-2", "rotate-1");
        Assert.Equal(FirmAuthResult.Unknown, await firm.AuthenticateAsync("key-1"));
        Assert.Equal(FirmAuthResult.Ok, await firm.AuthenticateAsync("key-2"));

        var error = await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.SetSuspendedAsync(true, "rotate-1"));
        Assert.Equal("request_id", Assert.Single(error.Violations).Field);
        Assert.Equal(FirmAuthResult.Ok, await firm.AuthenticateAsync("key-2"));

        // The firm's own ids are its own: the operator's id does not block it.
        var values = (await firm.GetAsync("alfa")).Profile with { City = "Oulu" };
        Assert.Equal("Oulu", (await firm.UpdateProfileAsync(values, [FirmProfileFields.City], "rotate-1")).Profile.City);
    }

    [Fact]
    public async Task A_retried_suspension_changes_nothing_and_a_reused_id_is_refused()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var firm = n.Firm("alfa");
        var suspended = await firm.SetSuspendedAsync(true, "suspend-1");
        var reinstated = await firm.SetSuspendedAsync(false);

        // A late retry of the suspension answers with the firm as it is now and suspends nothing.
        var retried = await firm.SetSuspendedAsync(true, "suspend-1");
        Assert.False(retried.Suspended);
        Assert.Equal(reinstated.UpdateTime, retried.UpdateTime);
        Assert.True(reinstated.UpdateTime > suspended.UpdateTime);
        Assert.Equal(FirmAuthResult.Ok, await firm.AuthenticateAsync("hash-alfa"));

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.SetSuspendedAsync(false, "suspend-1"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.SetApiKeyHashAsync("key-x", "suspend-1"));
        Assert.Equal(FirmAuthResult.Ok, await firm.AuthenticateAsync("hash-alfa"));
    }

    [Fact]
    public async Task A_retried_profile_update_changes_nothing_and_a_different_update_with_its_id_is_refused()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var firm = n.Firm("alfa");
        var profile = (await firm.GetAsync("alfa")).Profile;
        var update = profile with { City = "Tampere", Description = "not in the mask" };

        var first = await firm.UpdateProfileAsync(update, [FirmProfileFields.City], "update-1");
        var later = await firm.UpdateProfileAsync(profile with { City = "Oulu" }, [FirmProfileFields.City]);

        // The retry does not put Tampere back over the later change.
        var retried = await firm.UpdateProfileAsync(update, [FirmProfileFields.City], "update-1");
        Assert.Equal(("Oulu", later.UpdateTime), (retried.Profile.City, retried.UpdateTime));
        Assert.True(later.UpdateTime > first.UpdateTime);
        // Fields outside the mask are not part of the request: still the same request.
        Assert.Equal("Oulu", (await firm.UpdateProfileAsync(update with { Description = "other" }, [FirmProfileFields.City], "update-1")).Profile.City);

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.UpdateProfileAsync(update with { City = "Espoo" }, [FirmProfileFields.City], "update-1"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.UpdateProfileAsync(update, [FirmProfileFields.City, FirmProfileFields.Description], "update-1"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.UpdateProfileAsync(update with { Capabilities = [new Capability("video", 5)] }, [FirmProfileFields.City, FirmProfileFields.Capabilities], "update-1"));
        var now = await firm.GetAsync("alfa");
        Assert.Equal(("Oulu", profile.Description, later.UpdateTime), (now.Profile.City, now.Profile.Description, now.UpdateTime));
        Assert.Equal(profile.Capabilities, now.Profile.Capabilities);
    }

    [Fact]
    public async Task A_retried_client_update_changes_nothing_and_a_different_update_with_its_id_is_refused()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var client = n.Client("alfa", "kahvila");
        var update = TestNetwork.Input("kahvila", "1234567-8") with { Notes = "Pays late" };

        var first = await client.UpdateAsync(update, [ClientFields.Notes], "notes-1");
        var later = await client.UpdateAsync(update with { Notes = "Pays on time now" }, [ClientFields.Notes]);

        var retried = await client.UpdateAsync(update, [ClientFields.Notes], "notes-1");
        Assert.Equal(("Pays on time now", later.UpdateTime), (retried.Notes, retried.UpdateTime));
        Assert.True(later.UpdateTime > first.UpdateTime);
        // Fields outside the mask are not part of the request.
        Assert.Equal("Pays on time now", (await client.UpdateAsync(update with { DisplayName = "Other Oy" }, [ClientFields.Notes], "notes-1")).Notes);

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => client.UpdateAsync(update with { Notes = "Something else" }, [ClientFields.Notes], "notes-1"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => client.UpdateAsync(update with { Keep = true }, [ClientFields.Notes, ClientFields.Keep], "notes-1"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => client.UpdateAsync(update with { Contact = update.Contact with { Email = "new@kahvila.example.fi" } }, [ClientFields.Contact], "notes-1"));
        var now = await client.GetAsync();
        Assert.Equal(("Pays on time now", false, later.UpdateTime), (now.Notes, now.Keep, now.UpdateTime));
        Assert.Equal(update.Contact, now.Contact);
    }

    [Fact]
    public async Task A_client_create_id_cannot_be_reused_for_an_update_of_that_client()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.Firm("alfa").CreateClientAsync("kahvila", TestNetwork.Input("kahvila", "1234567-8"), "client-1");

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Client("alfa", "kahvila").UpdateAsync(TestNetwork.Input("kahvila", "1234567-8") with { Notes = "x" }, [ClientFields.Notes], "client-1"));
        Assert.Equal("", (await n.Client("alfa", "kahvila").GetAsync()).Notes);
    }

    [Fact]
    public async Task State_stored_with_the_old_request_id_list_still_loads_and_the_old_ids_are_dropped()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await fixture.Cluster.DeactivateAsync(n.Firm("alfa"));
        // What builds before the time-based log stored: a list of "id|target" and the create's id.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fixture.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE grain_state
                SET payload = json_set(payload, '$.recentRequests', json_array('old-1|client:kahvila'), '$.createRequestId', 'reg-old')
                WHERE grain_type = 'firm' AND grain_key = @key;
                """;
            command.Parameters.AddWithValue("@key", ResourceIds.FirmKey(n.Id, "alfa"));
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.Equal("alfa Oy", (await n.Firm("alfa").GetAsync("alfa")).Profile.DisplayName);
        // The old list is not carried over: its id is free for another request.
        Assert.Equal("leipomo", (await n.Firm("alfa").CreateClientAsync("leipomo", TestNetwork.Input("leipomo", "7654321-0"), "old-1")).ClientId);
        await fixture.Cluster.DeactivateAsync(n.Firm("alfa"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateClientAsync("kahvila", TestNetwork.Input("kahvila", "1234567-8"), "old-1"));
    }
}
