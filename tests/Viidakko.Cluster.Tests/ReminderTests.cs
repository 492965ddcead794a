using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Viidakko.Hosting;
using Viidakko.Silo.Hosting;

namespace Viidakko.Cluster.Tests;

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task StartAsync();

    Task StopAsync();
}

/// <summary>Registers a durable reminder and counts its ticks.</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public static readonly ConcurrentDictionary<string, int> Ticks = new();

    public Task StartAsync() =>
        this.RegisterOrUpdateReminder("probe", dueTime: TimeSpan.FromSeconds(1), period: TimeSpan.FromMinutes(1));

    public async Task StopAsync()
    {
        if (await this.GetReminder("probe") is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Reminders of a cluster silo live in Redis (the official provider): a reminder registered on a
/// silo configured exactly as the cluster's fires, and is stored where another silo would find it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReminderTests(PostgresServer server)
{
    [Fact]
    public async Task A_reminder_registered_on_a_cluster_silo_fires_and_is_kept_in_redis()
    {
        var cluster = new ClusterConnectionOptions
        {
            ClusterId = "reminder-test-" + Guid.NewGuid().ToString("N")[..8],
            Redis = server.Redis,
        };
        var silo = new SiloOptions
        {
            Postgres = server.ConnectionString,
            SiloPort = FreePort(),
            GatewayPort = FreePort(),
            AdvertisedIp = "127.0.0.1",
        };
        using var host = Host.CreateDefaultBuilder()
            .UseOrleans(builder => builder.UseViidakkoCluster(cluster, silo))
            .Build();
        await host.StartAsync();
        try
        {
            var grains = (IGrainFactory)host.Services.GetService(typeof(IGrainFactory))!;
            var key = Guid.NewGuid().ToString("N");
            var probe = grains.GetGrain<IReminderProbeGrain>(key);
            await probe.StartAsync();

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (ReminderProbeGrain.Ticks.GetValueOrDefault(key) == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.True(ReminderProbeGrain.Ticks.GetValueOrDefault(key) >= 1, "the reminder did not fire within 30 s");
            Assert.Contains(key, await RedisContentsAsync(server.Redis), StringComparison.Ordinal);
            await probe.StopAsync();
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Every key and value in Redis, as text, whatever the provider's layout.</summary>
    private static async Task<string> RedisContentsAsync(string configuration)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(configuration);
        var db = redis.GetDatabase();
        var text = new System.Text.StringBuilder();
        foreach (var redisKey in redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: "*"))
        {
            text.AppendLine(redisKey.ToString());
            var type = await db.KeyTypeAsync(redisKey);
            var values = type switch
            {
                StackExchange.Redis.RedisType.Hash => (await db.HashGetAllAsync(redisKey)).Select(e => $"{e.Name}={e.Value}"),
                StackExchange.Redis.RedisType.SortedSet => (await db.SortedSetRangeByRankAsync(redisKey)).Select(v => v.ToString()),
                StackExchange.Redis.RedisType.Set => (await db.SetMembersAsync(redisKey)).Select(v => v.ToString()),
                StackExchange.Redis.RedisType.List => (await db.ListRangeAsync(redisKey)).Select(v => v.ToString()),
                StackExchange.Redis.RedisType.String => [(await db.StringGetAsync(redisKey)).ToString()],
                _ => [],
            };
            foreach (var value in values)
            {
                text.AppendLine(value);
            }
        }

        return text.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
