using Microsoft.Extensions.Logging.Abstractions;
using Viidakko.Silo.Storage;

namespace Viidakko.Silo.Tests.Storage;

/// <summary>
/// The writer on its own, queued up before it starts, so that what forms one batch is certain
/// rather than a matter of timing.
/// </summary>
public sealed class GroupCommitWriterTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private SqliteStorageDialect _dialect = null!;

    public async Task InitializeAsync()
    {
        _dialect = new SqliteStorageDialect(new RelationalGrainStorageOptions { DatabasePath = _directory.Combine("w.db") });
        await _dialect.EnsureSchemaAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _dialect.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Everything_queued_commits_in_one_transaction_and_a_failed_check_fails_only_its_write()
    {
        await using (var seed = StartedWriter())
        {
            Assert.True((await seed.SubmitAsync(Insert("existing"), CancellationToken.None)).Succeeded);
            Assert.True((await seed.SubmitAsync(Insert("updated"), CancellationToken.None)).Succeeded);
        }

        await using var writer = new GroupCommitWriter(_dialect, maxBatchSize: 100, NullLogger.Instance);
        var fresh = Enumerable.Range(0, 50).Select(i => writer.SubmitAsync(Insert($"new-{i}"), CancellationToken.None)).ToArray();
        var duplicate = writer.SubmitAsync(Insert("existing"), CancellationToken.None);
        var stale = writer.SubmitAsync(Update("existing", expected: 7), CancellationToken.None);
        var update = writer.SubmitAsync(Update("updated", expected: 1), CancellationToken.None);
        var staleClear = writer.SubmitAsync(Delete("updated", expected: 1), CancellationToken.None); // after the update: v2
        var clearMissing = writer.SubmitAsync(Delete("never", expected: null), CancellationToken.None);

        writer.Start();

        Assert.All(await Task.WhenAll(fresh), outcome => Assert.Equal(WriteOutcome.Success(1), outcome));
        Assert.Equal(WriteOutcome.Conflict(1), await duplicate);
        Assert.Equal(WriteOutcome.Conflict(1), await stale);
        Assert.Equal(WriteOutcome.Success(2), await update);
        Assert.Equal(WriteOutcome.Conflict(2), await staleClear);
        Assert.Equal(WriteOutcome.Success(null), await clearMissing);
        Assert.Equal(1, writer.CommittedBatches);
        Assert.Equal(55, writer.CommittedWrites);
        Assert.Equal(52L, await TestStorage.ScalarAsync(_dialect.DatabasePath, "SELECT COUNT(*) FROM grain_state"));
    }

    [Fact]
    public async Task Batches_are_no_larger_than_the_limit()
    {
        await using var writer = new GroupCommitWriter(_dialect, maxBatchSize: 10, NullLogger.Instance);
        var writes = Enumerable.Range(0, 25).Select(i => writer.SubmitAsync(Insert($"k-{i}"), CancellationToken.None)).ToArray();

        writer.Start();
        await Task.WhenAll(writes);

        Assert.Equal(3, writer.CommittedBatches);
    }

    [Fact]
    public async Task A_write_cancelled_while_queued_is_not_applied()
    {
        await using var writer = new GroupCommitWriter(_dialect, maxBatchSize: 10, NullLogger.Instance);
        using var cancellation = new CancellationTokenSource();
        var cancelled = writer.SubmitAsync(Insert("cancelled"), cancellation.Token);
        var kept = writer.SubmitAsync(Insert("kept"), CancellationToken.None);

        await cancellation.CancelAsync();
        writer.Start();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True((await kept).Succeeded);
        Assert.Equal("kept", await TestStorage.ScalarAsync(_dialect.DatabasePath, "SELECT group_concat(grain_key) FROM grain_state"));
    }

    [Fact]
    public async Task A_write_that_breaks_the_database_fails_alone()
    {
        await using var writer = new GroupCommitWriter(_dialect, maxBatchSize: 10, NullLogger.Instance);
        var before = writer.SubmitAsync(Insert("before"), CancellationToken.None);
        // A NULL payload violates NOT NULL: a real error inside the transaction, not a version conflict.
        var broken = writer.SubmitAsync(Insert("broken") with { Payload = null }, CancellationToken.None);
        var after = writer.SubmitAsync(Insert("after"), CancellationToken.None);

        writer.Start();

        Assert.True((await before).Succeeded);
        await Assert.ThrowsAnyAsync<Exception>(() => broken);
        Assert.True((await after).Succeeded);
        Assert.Equal(2L, await TestStorage.ScalarAsync(_dialect.DatabasePath, "SELECT COUNT(*) FROM grain_state"));
    }

    [Fact]
    public async Task Disposing_before_starting_still_commits_the_queue()
    {
        var writer = new GroupCommitWriter(_dialect, maxBatchSize: 10, NullLogger.Instance);
        var write = writer.SubmitAsync(Insert("queued"), CancellationToken.None);

        await writer.DisposeAsync();

        Assert.True((await write).Succeeded);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.SubmitAsync(Insert("late"), CancellationToken.None));
    }

    private GroupCommitWriter StartedWriter()
    {
        var writer = new GroupCommitWriter(_dialect, maxBatchSize: 10, NullLogger.Instance);
        writer.Start();
        return writer;
    }

    private static StateKey Key(string grainKey) => new("s", "test-grain", grainKey);

    private static WriteCommand Insert(string grainKey) =>
        new(WriteKind.Insert, Key(grainKey), """{"value":1}""", GrainStateJsonFormat.CurrentVersion, null);

    private static WriteCommand Update(string grainKey, long expected) =>
        new(WriteKind.Update, Key(grainKey), """{"value":2}""", GrainStateJsonFormat.CurrentVersion, expected);

    private static WriteCommand Delete(string grainKey, long? expected) =>
        new(WriteKind.Delete, Key(grainKey), null, 0, expected);
}
