using Microsoft.Data.Sqlite;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// Request ids (AIP-155) are remembered for 24 hours and at most 10,000 per grain, in storage:
/// every test reactivates the grain, so what it checks was read back from the SQLite rows.
/// </summary>
[Collection(ClockedClusterCollection.Name)]
public sealed class RequestRetentionGrainTests(ClockedClusterFixture fixture)
{
    private static readonly TimeSpan AlmostADay = RequestLog.Retention - TimeSpan.FromMinutes(10);

    [Fact]
    public async Task An_operator_request_id_is_a_retry_for_24_hours_and_a_new_request_after_them()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var suspend = Req("op-1", "SuspendFirm alfa");
        var reinstate = Req("op-1", "ReinstateFirm alfa");
        var suspended = await n.Firm("alfa").SetSuspendedAsync(true, suspend);
        Assert.True(suspended.Suspended);

        fixture.Clock.Advance(AlmostADay);
        await fixture.Cluster.DeactivateAsync(n.Firm("alfa"));
        // Still remembered: the same request is a retry that changes nothing, another is a reuse.
        var retried = await n.Firm("alfa").SetSuspendedAsync(true, suspend);
        Assert.Equal(suspended.UpdateTime, retried.UpdateTime);
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").SetSuspendedAsync(false, reinstate));
        Assert.Equal(FirmAuthResult.Suspended, await n.Firm("alfa").AuthenticateAsync("hash-alfa"));

        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        await fixture.Cluster.DeactivateAsync(n.Firm("alfa"));
        // A day after the first request the id is forgotten: the same id now does something new.
        var reinstated = await n.Firm("alfa").SetSuspendedAsync(false, reinstate);
        Assert.False(reinstated.Suspended);
        Assert.True(reinstated.UpdateTime > suspended.UpdateTime + RequestLog.Retention);
        Assert.Equal(FirmAuthResult.Ok, await n.Firm("alfa").AuthenticateAsync("hash-alfa"));
    }

    [Fact]
    public async Task The_operator_binds_an_id_to_one_request_for_24_hours_wherever_it_targets()
    {
        var operatorGrain = fixture.Grains.GetGrain<IOperatorGrain>(IOperatorGrain.Key);
        var id = "op-" + Guid.NewGuid().ToString("N");
        var suspendAlfa = Req(id, "SuspendFirm n-1/alfa");
        var suspendBeta = Req(id, "SuspendFirm n-2/beta");

        Assert.False(await operatorGrain.BindAsync(suspendAlfa));
        Assert.True(await operatorGrain.BindAsync(suspendAlfa));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused, () => operatorGrain.BindAsync(suspendBeta));

        fixture.Clock.Advance(AlmostADay);
        await fixture.Cluster.DeactivateAsync(operatorGrain);
        Assert.True(await operatorGrain.BindAsync(suspendAlfa));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused, () => operatorGrain.BindAsync(suspendBeta));

        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        await fixture.Cluster.DeactivateAsync(operatorGrain);
        // Forgotten: the id is free for another request, which it is then bound to.
        Assert.False(await operatorGrain.BindAsync(suspendBeta));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused, () => operatorGrain.BindAsync(suspendAlfa));
    }

    [Fact]
    public async Task Operator_binds_that_arrive_at_once_each_bind_their_id_to_one_request_and_are_stored()
    {
        // Binds interleave (every operator mutation passes through this grain); each still answers only
        // once its id is stored, and a reused id is refused however the calls overlap.
        var operatorGrain = fixture.Grains.GetGrain<IOperatorGrain>(IOperatorGrain.Key);
        var run = Guid.NewGuid().ToString("N");
        var distinct = Enumerable.Range(0, 40).Select(i => Req($"op-{run}-{i}", $"RegisterFirm n/firm-{i}")).ToList();
        var contested = Enumerable.Range(0, 10).Select(i => Req($"op-{run}-same", $"RegisterFirm n/other-{i}")).ToList();

        var firsts = await Task.WhenAll(distinct.Select(r => operatorGrain.BindAsync(r)));
        var outcomes = await Task.WhenAll(contested.Select(async r =>
        {
            try
            {
                return await operatorGrain.BindAsync(r) ? "retry" : "bound";
            }
            catch (DomainException e) when (e.Reason == Reasons.RequestIdReused)
            {
                return "reused";
            }
        }));

        Assert.All(firsts, retry => Assert.False(retry));
        Assert.Equal((1, 9), (outcomes.Count(o => o == "bound"), outcomes.Count(o => o == "reused")));
        // Read back from storage: every id is remembered with the request it was bound to.
        await fixture.Cluster.DeactivateAsync(operatorGrain);
        Assert.All(await Task.WhenAll(distinct.Select(r => operatorGrain.BindAsync(r))), Assert.True);
        var winner = contested[Array.IndexOf(outcomes, "bound")];
        Assert.True(await operatorGrain.BindAsync(winner));
    }

    [Fact]
    public async Task A_client_create_id_is_refused_for_another_client_until_24_hours_have_passed()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var kahvila = TestNetwork.Input("kahvila", "1234567-8");
        var leipomo = TestNetwork.Input("leipomo", "7654321-0");
        var createKahvila = TestNetwork.CreateClientTag("req-c", "kahvila", kahvila);
        var createLeipomo = TestNetwork.CreateClientTag("req-c", "leipomo", leipomo);
        await n.Firm("alfa").CreateClientAsync("kahvila", kahvila, createKahvila);

        fixture.Clock.Advance(AlmostADay);
        await fixture.Cluster.DeactivateAsync(n.Firm("alfa"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateClientAsync("leipomo", leipomo, createLeipomo));
        Assert.Equal("kahvila", (await n.Firm("alfa").CreateClientAsync("kahvila", kahvila, createKahvila)).ClientId);

        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        await fixture.Cluster.DeactivateAsync(n.Firm("alfa"));
        await fixture.Cluster.DeactivateAsync(n.Client("alfa", "kahvila"));
        // Forgotten on both the firm and the client: the old create is no longer a retry but a
        // second create of the same client, and the id is free for a new client.
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "CLIENT_EXISTS",
            () => n.Firm("alfa").CreateClientAsync("kahvila", kahvila, createKahvila));
        Assert.Equal("leipomo", (await n.Firm("alfa").CreateClientAsync("leipomo", leipomo, createLeipomo)).ClientId);
        Assert.Equal(2, (await n.Firm("alfa").ListClientsAsync(10, null)).Clients.Count);
    }

    [Fact]
    public async Task A_registration_retry_replaces_the_key_only_within_24_hours()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains);
        // The key is made by the gateway, not sent: a retried registration is the same request.
        var register = Req("reg-1", "RegisterFirm", Profile("alfa"));
        await n.Network.RegisterFirmAsync("alfa", Profile("alfa"), "key-1", register);
        await n.Network.RegisterFirmAsync("alfa", Profile("alfa"), "key-2", register);
        Assert.Equal(FirmAuthResult.Ok, await n.Firm("alfa").AuthenticateAsync("key-2"));

        fixture.Clock.Advance(RequestLog.Retention);
        await fixture.Cluster.DeactivateAsync(n.Firm("alfa"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "FIRM_EXISTS",
            () => n.Network.RegisterFirmAsync("alfa", Profile("alfa"), "key-3", register));
        Assert.Equal(FirmAuthResult.Ok, await n.Firm("alfa").AuthenticateAsync("key-2"));
        Assert.Equal(FirmAuthResult.Unknown, await n.Firm("alfa").AuthenticateAsync("key-3"));
    }

    [Fact]
    public async Task A_network_create_id_is_a_retry_only_within_24_hours()
    {
        var id = "n-" + Guid.NewGuid().ToString("N")[..16];
        var network = fixture.Grains.GetGrain<INetworkGrain>(ResourceIds.NetworkKey(id));
        var create = Req("net-1", "CreateNetwork Turku Varsinais-Suomi");
        var first = await network.CreateAsync("Turku", "Varsinais-Suomi", create);
        Assert.Equal(first, await network.CreateAsync("Turku", "Varsinais-Suomi", create));

        fixture.Clock.Advance(RequestLog.Retention);
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "NETWORK_EXISTS",
            () => network.CreateAsync("Turku", "Varsinais-Suomi", create));
    }

    [Fact]
    public async Task A_firm_remembers_at_most_10000_request_ids_and_forgets_the_oldest_first()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var firm = n.Firm("alfa");
        for (var i = 0; i <= RequestLog.Capacity; i++)
        {
            fixture.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await firm.SetApiKeyHashAsync($"key-{i}", Req($"rotate-{i:D5}", "RotateApiKey alfa"));
        }

        Assert.Equal(RequestLog.Capacity, await StoredRequestIdsAsync($"{n.Id}/alfa"));
        await fixture.Cluster.DeactivateAsync(firm);

        // The second oldest is still remembered: using it for something else is a reuse...
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.SetSuspendedAsync(true, Req("rotate-00001", "SuspendFirm alfa")));
        // ...but the oldest made room for the newest: its id is free again.
        Assert.True((await firm.SetSuspendedAsync(true, Req("rotate-00000", "SuspendFirm alfa"))).Suspended);
        Assert.Equal(FirmAuthResult.Suspended, await firm.AuthenticateAsync($"key-{RequestLog.Capacity}"));
        Assert.Equal(RequestLog.Capacity, await StoredRequestIdsAsync($"{n.Id}/alfa"));
    }

    /// <summary>How many request ids the firm's storage rows hold (one row each).</summary>
    private async Task<long> StoredRequestIdsAsync(string firmKey)
    {
        await using var connection = new SqliteConnection($"Data Source={fixture.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT COUNT(*) FROM grain_item WHERE grain_type = 'firm' AND grain_key = @key AND collection = 'processedRequests';";
        command.Parameters.AddWithValue("@key", firmKey);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static FirmProfile Profile(string firmId) =>
        new($"{firmId} Oy", "Turku", "", [], [new Capability("accounting", 3)], [], CapacityStatus.Available, null);
}
