using static Viidakko.Grains.Tests.Cluster.MatchingSteps;

namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// AIP-155 request ids, and errors as callers receive them. A firm's request id is bound to one
/// request (method, target and values) wherever in the firm it is used: a retry is recognised,
/// any other use is REQUEST_ID_REUSED.
/// </summary>
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
        var kahvila = TestNetwork.Input("kahvila", "1234567-8");
        var leipomo = TestNetwork.Input("leipomo", "7654321-0");
        await n.Firm("alfa").CreateClientAsync("kahvila", kahvila, TestNetwork.CreateClientTag("req-c", "kahvila", kahvila));
        // The same request again is a retry...
        Assert.Equal("kahvila", (await n.Firm("alfa").CreateClientAsync("kahvila", kahvila, TestNetwork.CreateClientTag("req-c", "kahvila", kahvila))).ClientId);
        // ...but the same id for another client is a mistake, and nothing is created.
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateClientAsync("leipomo", leipomo, TestNetwork.CreateClientTag("req-c", "leipomo", leipomo)));
        Assert.Single((await n.Firm("alfa").ListClientsAsync(10, null)).Clients);

        await n.Firm("alfa").ProposePartnershipAsync("beta", TestNetwork.DefaultTerms, "", Req("req-p", "ProposePartnership beta"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").ProposePartnershipAsync("gamma", TestNetwork.DefaultTerms, "", Req("req-p", "ProposePartnership gamma")));
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
        await n.Firm("beta").ActOnReferralAsync(first.ReferralId, TestNetwork.Action(ReferralActionType.Accept));

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

        var changed = (difference switch
        {
            "note" => original with { Note = "Something else" },
            "client" => original with { ClientId = "toinen" },
            "skills" => original with { Need = original.Need with { Skills = ["payroll"] } },
            "kind" => original with { Kind = ReferralKind.Introduction },
            "terms fee" => original with { TermsOverride = original.TermsOverride! with { FeePercent = 20m } },
            "terms scope" => original with { TermsOverride = original.TermsOverride! with { Scope = ["payroll"] } },
            _ => throw new ArgumentOutOfRangeException(nameof(difference)),
        }).Retagged();

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
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;

        // Thrown by the referral grain, passed through the firm grain, caught by the client.
        var error = await Assert.ThrowsAsync<DomainException>(
            () => n.Firm("alfa").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept)));

        Assert.Equal(DomainErrorKind.PermissionDenied, error.Kind);
        Assert.Equal(Reasons.WrongRole, error.Reason);
        Assert.Equal("Only the receiver can accept a referral.", error.Message);
        Assert.Empty(error.Violations);
        Assert.Null(error.InnerException);

        // The same with field violations: a reused id refused by the referral grain itself.
        await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept, request: Req("req-x", "accept")));
        var reused = await Assert.ThrowsAsync<DomainException>(
            () => n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Start, request: Req("req-x", "start"))));
        Assert.Equal((DomainErrorKind.InvalidArgument, Reasons.RequestIdReused), (reused.Kind, reused.Reason));
        Assert.Equal(new FieldViolation("request_id", "already used for a different request"), Assert.Single(reused.Violations));
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
        // The new key is made by the gateway, not sent: a retried rotation is the same request.
        var rotate = Req("rotate-1", "RotateApiKey alfa");
        await firm.SetApiKeyHashAsync("key-1", rotate);
        // The first answer may have been lost: the retry's key is the one the operator now holds.
        await firm.SetApiKeyHashAsync("key-2", rotate);
        Assert.Equal(FirmAuthResult.Unknown, await firm.AuthenticateAsync("key-1"));
        Assert.Equal(FirmAuthResult.Ok, await firm.AuthenticateAsync("key-2"));

        var error = await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.SetSuspendedAsync(true, Req("rotate-1", "SuspendFirm alfa")));
        Assert.Equal("request_id", Assert.Single(error.Violations).Field);
        Assert.Equal(FirmAuthResult.Ok, await firm.AuthenticateAsync("key-2"));

        // The firm's own ids are its own: the operator's id does not block it.
        var values = (await firm.GetAsync("alfa")).Profile with { City = "Oulu" };
        Assert.Equal("Oulu", (await firm.UpdateProfileAsync(values, [FirmProfileFields.City], Req("rotate-1", "UpdateFirm", values))).Profile.City);
    }

    [Fact]
    public async Task A_retried_suspension_changes_nothing_and_a_reused_id_is_refused()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var firm = n.Firm("alfa");
        var suspend = Req("suspend-1", "SuspendFirm alfa");
        var suspended = await firm.SetSuspendedAsync(true, suspend);
        var reinstated = await firm.SetSuspendedAsync(false);

        // A late retry of the suspension answers with the firm as it is now and suspends nothing.
        var retried = await firm.SetSuspendedAsync(true, suspend);
        Assert.False(retried.Suspended);
        Assert.Equal(reinstated.UpdateTime, retried.UpdateTime);
        Assert.True(reinstated.UpdateTime > suspended.UpdateTime);
        Assert.Equal(FirmAuthResult.Ok, await firm.AuthenticateAsync("hash-alfa"));

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.SetSuspendedAsync(false, Req("suspend-1", "ReinstateFirm alfa")));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.SetApiKeyHashAsync("key-x", Req("suspend-1", "RotateApiKey alfa")));
        Assert.Equal(FirmAuthResult.Ok, await firm.AuthenticateAsync("hash-alfa"));
    }

    [Fact]
    public async Task A_retried_profile_update_changes_nothing_and_a_different_update_with_its_id_is_refused()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var firm = n.Firm("alfa");
        var profile = (await firm.GetAsync("alfa")).Profile;
        var update = profile with { City = "Tampere", Description = "not in the mask" };
        // The gateway digests the whole request: the values and the mask.
        RequestTag Tag(FirmProfile values, IReadOnlyList<string> paths) => Req("update-1", "UpdateFirm", new { values, paths });

        var first = await firm.UpdateProfileAsync(update, [FirmProfileFields.City], Tag(update, [FirmProfileFields.City]));
        var later = await firm.UpdateProfileAsync(profile with { City = "Oulu" }, [FirmProfileFields.City]);

        // The retry does not put Tampere back over the later change.
        var retried = await firm.UpdateProfileAsync(update, [FirmProfileFields.City], Tag(update, [FirmProfileFields.City]));
        Assert.Equal(("Oulu", later.UpdateTime), (retried.Profile.City, retried.UpdateTime));
        Assert.True(later.UpdateTime > first.UpdateTime);
        // What counts as the same request is the fingerprint's to say (the gateway digests the whole
        // request): with the first tag the grain answers as a retry, whatever values come along.
        Assert.Equal("Oulu", (await firm.UpdateProfileAsync(update with { Description = "other" }, [FirmProfileFields.City], Tag(update, [FirmProfileFields.City]))).Profile.City);

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.UpdateProfileAsync(update with { City = "Espoo" }, [FirmProfileFields.City], Tag(update with { City = "Espoo" }, [FirmProfileFields.City])));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.UpdateProfileAsync(update, [FirmProfileFields.City, FirmProfileFields.Description], Tag(update, [FirmProfileFields.City, FirmProfileFields.Description])));
        var video = update with { Capabilities = [new Capability("video", 5)] };
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.UpdateProfileAsync(video, [FirmProfileFields.City, FirmProfileFields.Capabilities], Tag(video, [FirmProfileFields.City, FirmProfileFields.Capabilities])));
        var now = await firm.GetAsync("alfa");
        Assert.Equal(("Oulu", profile.Description, later.UpdateTime), (now.Profile.City, now.Profile.Description, now.UpdateTime));
        Assert.Equal(profile.Capabilities, now.Profile.Capabilities);
    }

    [Fact]
    public async Task A_retried_client_update_changes_nothing_and_a_different_update_with_its_id_is_refused()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var firm = n.Firm("alfa");
        var update = TestNetwork.Input("kahvila", "1234567-8") with { Notes = "Pays late" };
        RequestTag Tag(ClientInput values, IReadOnlyList<string> paths) => Req("notes-1", "UpdateClient kahvila", new { values, paths });
        Task<ClientView> Update(ClientInput values, IReadOnlyList<string> paths, RequestTag? tag) => firm.UpdateClientAsync("kahvila", values, paths, tag);

        var first = await Update(update, [ClientFields.Notes], Tag(update, [ClientFields.Notes]));
        var later = await Update(update with { Notes = "Pays on time now" }, [ClientFields.Notes], null);

        var retried = await Update(update, [ClientFields.Notes], Tag(update, [ClientFields.Notes]));
        Assert.Equal(("Pays on time now", later.UpdateTime), (retried.Notes, retried.UpdateTime));
        Assert.True(later.UpdateTime > first.UpdateTime);
        // The client grain, told the same request again, recognises it as well.
        Assert.Equal("Pays on time now", (await n.Client("alfa", "kahvila").UpdateAsync(update, [ClientFields.Notes], Tag(update, [ClientFields.Notes]))).Notes);

        var other = update with { Notes = "Something else" };
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => Update(other, [ClientFields.Notes], Tag(other, [ClientFields.Notes])));
        var kept = update with { Keep = true };
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => Update(kept, [ClientFields.Notes, ClientFields.Keep], Tag(kept, [ClientFields.Notes, ClientFields.Keep])));
        var moved = update with { Contact = update.Contact with { Email = "new@kahvila.example.fi" } };
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => Update(moved, [ClientFields.Contact], Tag(moved, [ClientFields.Contact])));
        // The client grain refuses it too, were it reached directly.
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Client("alfa", "kahvila").UpdateAsync(other, [ClientFields.Notes], Tag(other, [ClientFields.Notes])));
        var now = await n.Client("alfa", "kahvila").GetAsync();
        Assert.Equal(("Pays on time now", false, later.UpdateTime), (now.Notes, now.Keep, now.UpdateTime));
        Assert.Equal(update.Contact, now.Contact);
    }

    [Fact]
    public async Task A_client_create_id_cannot_be_reused_for_an_update_of_that_client()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var input = TestNetwork.Input("kahvila", "1234567-8");
        await n.Firm("alfa").CreateClientAsync("kahvila", input, TestNetwork.CreateClientTag("client-1", "kahvila", input));
        var update = Req("client-1", "UpdateClient kahvila notes=x");

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").UpdateClientAsync("kahvila", input with { Notes = "x" }, [ClientFields.Notes], update));
        // The client grain holds the create's id too.
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Client("alfa", "kahvila").UpdateAsync(input with { Notes = "x" }, [ClientFields.Notes], update));
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
        var leipomo = TestNetwork.Input("leipomo", "7654321-0");
        var kahvila = TestNetwork.Input("kahvila", "1234567-8");
        Assert.Equal("leipomo", (await n.Firm("alfa").CreateClientAsync("leipomo", leipomo, TestNetwork.CreateClientTag("old-1", "leipomo", leipomo))).ClientId);
        await fixture.Cluster.DeactivateAsync(n.Firm("alfa"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateClientAsync("kahvila", kahvila, TestNetwork.CreateClientTag("old-1", "kahvila", kahvila)));
    }

    [Fact]
    public async Task An_id_that_logged_revenue_cannot_log_hassle_or_other_revenue()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        await n.AddClientAsync("alfa", "leipomo", "7654321-0");
        var firm = n.Firm("alfa");
        var when = new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc);
        var revenue = Req("log-1", "LogRevenue kahvila 50000 invoice");

        var first = await firm.LogRevenueAsync("kahvila", 50_000, "invoice", when, revenue);
        Assert.Equal(first, await firm.LogRevenueAsync("kahvila", 50_000, "invoice", when, revenue));

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.LogHassleAsync("kahvila", HassleKind.Call, 30, "call", when, Req("log-1", "LogHassle kahvila Call 30 call")));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.LogRevenueAsync("kahvila", 70_000, "invoice", when, Req("log-1", "LogRevenue kahvila 70000 invoice")));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.LogRevenueAsync("leipomo", 50_000, "invoice", when, Req("log-1", "LogRevenue leipomo 50000 invoice")));

        Assert.Empty((await n.Client("alfa", "kahvila").ListHassleAsync(10, 0)).Entries);
        Assert.Equal(first.EntryId, Assert.Single((await n.Client("alfa", "kahvila").ListRevenueAsync(10, 0)).Entries).EntryId);
        Assert.Empty((await n.Client("alfa", "leipomo").ListRevenueAsync(10, 0)).Entries);

        // The binding is stored: it holds after the firm is reactivated.
        await fixture.Cluster.DeactivateAsync(firm);
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.LogHassleAsync("kahvila", HassleKind.Call, 30, "call", when, Req("log-1", "LogHassle kahvila Call 30 call")));
        Assert.Empty((await n.Client("alfa", "kahvila").ListHassleAsync(10, 0)).Entries);
    }

    [Fact]
    public async Task An_id_that_created_a_referral_cannot_create_a_client()
    {
        var n = await PartnersWithClientAsync();
        var request = TestNetwork.Request("beta", "kahvila", requestId: "req-r");
        var referral = await n.Firm("alfa").CreateReferralAsync(request);
        var input = TestNetwork.Input("toinen", "1111111-1");

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateClientAsync("toinen", input, TestNetwork.CreateClientTag("req-r", "toinen", input)));
        Assert.DoesNotContain((await n.Firm("alfa").ListClientsAsync(10, null)).Clients, c => c.ClientId == "toinen");
        // The referral's create is still what the id is bound to.
        Assert.Equal(referral.ReferralId, (await n.Firm("alfa").CreateReferralAsync(request)).ReferralId);
        Assert.Single(await n.ReferralIndexAsync("beta"));
    }

    [Fact]
    public async Task An_id_that_created_a_client_cannot_create_a_referral()
    {
        var n = await PartnersWithClientAsync();
        var input = TestNetwork.Input("toinen", "1111111-1");
        var create = TestNetwork.CreateClientTag("req-c", "toinen", input);
        await n.Firm("alfa").CreateClientAsync("toinen", input, create);

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "toinen", requestId: "req-c")));
        Assert.Empty(await n.ReferralIndexAsync("beta"));
        // The client's create is still what the id is bound to.
        Assert.Equal("toinen", (await n.Firm("alfa").CreateClientAsync("toinen", input, create)).ClientId);
    }

    [Fact]
    public async Task An_id_that_accepted_a_referral_cannot_return_a_need()
    {
        var n = await PartnersWithClientAsync();
        var original = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;
        var accept = Req("act-1", $"Accept {original}");
        await n.Firm("beta").ActOnReferralAsync(original, TestNetwork.Action(ReferralActionType.Accept, request: accept));
        var need = new Need(["web-design"], "A new website", 0, 0, null);

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("beta").ReturnNeedAsync(original, need, 3, "yours", Req("act-1", "ReturnNeed", new { original, need })));
        Assert.Empty(await n.ReferralIndexAsync("beta", ReferralRole.Sent));
        // The accept is still what the id is bound to.
        var retried = await n.Firm("beta").ActOnReferralAsync(original, TestNetwork.Action(ReferralActionType.Accept, request: accept));
        Assert.Equal(ReferralStatus.Accepted, retried.Status);
    }

    [Fact]
    public async Task A_retried_return_of_a_need_returns_the_same_referral()
    {
        var n = await PartnersWithClientAsync();
        var original = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;
        await n.Firm("beta").ActOnReferralAsync(original, TestNetwork.Action(ReferralActionType.Accept));
        var need = new Need(["web-design"], "A new website", 0, 0, null);
        var tag = Req("ret-1", "ReturnNeed", new { original, need });

        var first = await n.Firm("beta").ReturnNeedAsync(original, need, 3, "yours", tag);
        var retry = await n.Firm("beta").ReturnNeedAsync(original, need, 3, "yours", tag);
        Assert.Equal((first.ReferralId, first.Version, first.CreateTime), (retry.ReferralId, retry.Version, retry.CreateTime));
        Assert.Single(await n.ReferralIndexAsync("beta", ReferralRole.Sent));

        // Another need with the same id is another request.
        var other = need with { Description = "A webshop" };
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("beta").ReturnNeedAsync(original, other, 3, "yours", Req("ret-1", "ReturnNeed", new { original, need = other })));
        Assert.Single(await n.ReferralIndexAsync("beta", ReferralRole.Sent));
    }

    /// <summary>
    /// Whatever a failed request does to its id, it must do it for good: a reactivated firm (a
    /// restart, a silo moving it) must answer the id's next use as the running one would have.
    /// </summary>
    [Fact]
    public async Task A_failed_request_leaves_its_id_the_same_across_reactivation()
    {
        async Task<string> ReuseAfterFailureAsync(bool reactivate)
        {
            var n = await PartnersWithClientAsync();
            var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;
            // Starting a proposed referral is refused.
            await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
                () => n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Start, request: Req("act-1", $"Start {id}"))));
            if (reactivate)
            {
                await fixture.Cluster.DeactivateAsync(n.Firm("beta"));
            }

            try
            {
                await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept, request: Req("act-1", $"Accept {id}")));
                return "accepted";
            }
            catch (DomainException e)
            {
                return e.Reason;
            }
        }

        Assert.Equal(await ReuseAfterFailureAsync(reactivate: false), await ReuseAfterFailureAsync(reactivate: true));
    }

    [Fact]
    public async Task An_action_id_is_bound_to_one_action_on_one_referral_anywhere_in_the_firm()
    {
        var n = await PartnersWithClientAsync();
        await n.AddClientAsync("alfa", "toinen", "1111111-1");
        var first = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;
        var second = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "toinen"))).ReferralId;
        var beta = n.Firm("beta");
        var accept = Req("act-1", $"Accept {first}");

        var accepted = await beta.ActOnReferralAsync(first, TestNetwork.Action(ReferralActionType.Accept, request: accept));
        var retried = await beta.ActOnReferralAsync(first, TestNetwork.Action(ReferralActionType.Accept, request: accept));
        Assert.Equal((ReferralStatus.Accepted, accepted.Version), (retried.Status, retried.Version));
        Assert.Equal(2, retried.Timeline.Count);

        // Another referral, another action, another kind of request: each is a reuse, and nothing happens.
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => beta.ActOnReferralAsync(second, TestNetwork.Action(ReferralActionType.Accept, request: Req("act-1", $"Accept {second}"))));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => beta.ActOnReferralAsync(first, TestNetwork.Action(ReferralActionType.Start, request: Req("act-1", $"Start {first}"))));
        var profile = (await beta.GetAsync("beta")).Profile with { City = "Oulu" };
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => beta.UpdateProfileAsync(profile, [FirmProfileFields.City], Req("act-1", "UpdateFirm", profile)));
        Assert.Equal(ReferralStatus.Proposed, (await n.Referral(second).GetAsync("beta")).Status);
        Assert.Equal(ReferralStatus.Accepted, (await n.Referral(first).GetAsync("beta")).Status);
        Assert.Equal("Turku", (await beta.GetAsync("beta")).Profile.City);

        // Alfa's ids are its own: the same id is free for alfa's own action.
        var cancelled = await n.Firm("alfa").ActOnReferralAsync(second, TestNetwork.Action(ReferralActionType.Cancel, request: Req("act-1", $"Cancel {second}")));
        Assert.Equal(ReferralStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public async Task Fee_and_feedback_ids_are_bound_through_the_firm()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        var won = (await n.WonReferralAsync("alfa", "beta", "kahvila")).ReferralId;
        var other = (await n.WonReferralAsync("alfa", "beta", "leipomo")).ReferralId;
        var beta = n.Firm("beta");

        var pay = Req("pay-1", $"MarkFeePaid {won}");
        var paid = await beta.MarkFeePaidAsync(won, "paid", pay);
        Assert.True(paid.FeePaidCents > 0);
        var again = await beta.MarkFeePaidAsync(won, "paid", pay);
        Assert.Equal((paid.FeePaidCents, paid.Version), (again.FeePaidCents, again.Version));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => beta.MarkFeePaidAsync(other, "paid", Req("pay-1", $"MarkFeePaid {other}")));
        Assert.Equal(0, (await n.Referral(other).GetAsync("beta")).FeePaidCents);

        var rating = Feedback(4, new ReferralQualityRating(5, 4), requestId: "pay-1");
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => beta.SubmitFeedbackAsync(won, rating, Req("pay-1", "SubmitFeedback", new { referral = won, rating })));
        Assert.Empty((await n.Referral(won).GetFeedbackAsync("beta")).Visible);

        rating = rating with { RequestId = "fb-1" };
        var rate = Req("fb-1", "SubmitFeedback", new { referral = won, rating });
        var record = await beta.SubmitFeedbackAsync(won, rating, rate);
        var retried = await beta.SubmitFeedbackAsync(won, rating, rate);
        Assert.Equal((record.ReferralId, record.CreateTime, record.UnsealTime), (retried.ReferralId, retried.CreateTime, retried.UnsealTime));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => beta.SubmitFeedbackAsync(other, rating, Req("fb-1", "SubmitFeedback", new { referral = other, rating })));
        Assert.Empty((await n.Referral(other).GetFeedbackAsync("beta")).Visible);
        Assert.Single((await n.Referral(won).GetFeedbackAsync("beta")).Visible);
    }
}
