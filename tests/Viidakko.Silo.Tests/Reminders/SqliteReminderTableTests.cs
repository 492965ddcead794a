using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;
using Orleans.TestingHost;
using Viidakko.Silo.Reminders;
using Viidakko.Silo.Tests.Storage;

namespace Viidakko.Silo.Tests.Reminders;

[Alias("viidakko.tests.IAlarmGrain")]
public interface IAlarmGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task Set(CancellationToken cancellationToken = default);
}

/// <summary>Registers a reminder and counts, across clusters, the ticks it receives.</summary>
[GrainType("alarm")]
internal sealed class AlarmGrain : Grain, IAlarmGrain, IRemindable
{
    public static readonly ConcurrentDictionary<string, int> Ticks = new();

    public Task Set(CancellationToken cancellationToken = default) =>
        this.RegisterOrUpdateReminder("ring", dueTime: TimeSpan.FromSeconds(1), period: TimeSpan.FromMinutes(1));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>The embedded hub's reminders live in its SQLite file, so a deadline survives a restart.</summary>
public sealed class SqliteReminderTableTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => _directory.Combine("hub", "viidakko.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Rows_are_kept_per_grain_and_name_found_by_hash_range_and_removed_only_with_their_etag()
    {
        var table = new SqliteReminderTable(DatabasePath);
        await table.Init();
        var firm = GrainId.Create("firm", "turku/alfa");
        var referral = GrainId.Create("referral", "turku/r-1");
        var start = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);

        var etag = await table.UpsertRow(new ReminderEntry { GrainId = firm, ReminderName = "deadline", StartAt = start, Period = TimeSpan.FromMinutes(5) });
        await table.UpsertRow(new ReminderEntry { GrainId = referral, ReminderName = "deadline", StartAt = start, Period = TimeSpan.FromHours(1) });
        var moved = await table.UpsertRow(new ReminderEntry { GrainId = firm, ReminderName = "deadline", StartAt = start.AddDays(1), Period = TimeSpan.FromMinutes(5) });

        // A new table object on the same file: what it reads was stored.
        var reopened = new SqliteReminderTable(DatabasePath);
        var row = await reopened.ReadRow(firm, "deadline");
        Assert.NotNull(row);
        Assert.Equal((firm, start.AddDays(1), TimeSpan.FromMinutes(5), moved), (row.GrainId, row.StartAt, row.Period, row.ETag));
        Assert.NotEqual(etag, moved);
        Assert.Single((await reopened.ReadRows(referral)).Reminders);

        // The ring range (begin, end] finds a grain by its hash, also when the range wraps.
        var hash = firm.GetUniformHashCode();
        Assert.Contains((await reopened.ReadRows(hash - 1, hash)).Reminders, r => r.GrainId == firm);
        Assert.DoesNotContain((await reopened.ReadRows(hash, hash + 1)).Reminders, r => r.GrainId == firm);
        Assert.Contains((await reopened.ReadRows(hash - 1, hash - 2)).Reminders, r => r.GrainId == firm);
        Assert.Equal(2, (await reopened.ReadRows(0u, 0u)).Reminders.Count);

        // An outdated etag removes nothing.
        Assert.False(await reopened.RemoveRow(firm, "deadline", etag!));
        Assert.True(await reopened.RemoveRow(firm, "deadline", moved!));
        Assert.Null(await reopened.ReadRow(firm, "deadline"));
        Assert.Single((await reopened.ReadRows(0u, 0u)).Reminders);
    }

    [Fact]
    public async Task A_reminder_registered_before_a_restart_ticks_after_it()
    {
        var key = "restart-" + Guid.NewGuid().ToString("N");
        await using (var first = await StartClusterAsync())
        {
            await first.Client.GetGrain<IAlarmGrain>(key).Set();
            await first.StopAllSilosAsync();
        }

        AlarmGrain.Ticks.TryRemove(key, out _);
        await using var second = await StartClusterAsync();
        // Nothing calls the grain in the new cluster: only the stored reminder can wake it.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!AlarmGrain.Ticks.ContainsKey(key) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(AlarmGrain.Ticks.ContainsKey(key), "the reminder did not tick after the restart");
        await second.StopAllSilosAsync();
    }

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var path = DatabasePath;
        builder.ConfigureSilo((_, silo) => silo.UseViidakkoSqliteReminders(path));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
