using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Viidakko.Silo.Storage;

namespace Viidakko.Silo.Tests.Storage;

/// <summary>A directory under the system temp folder, removed with everything in it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "viidakko-silo-tests", Guid.NewGuid().ToString("N"));

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

internal static class TestStorage
{
    private static readonly IActivatorProvider Activators = new ServiceCollection()
        .AddSerializer()
        .BuildServiceProvider()
        .GetRequiredService<IActivatorProvider>();

    public static RelationalGrainStorage Open(string databasePath, int maxBatchSize = RelationalGrainStorageOptions.DefaultMaxBatchSize)
    {
        var options = new RelationalGrainStorageOptions { DatabasePath = databasePath, MaxBatchSize = maxBatchSize };
        return new RelationalGrainStorage(
            "test", options, new SqliteStorageDialect(options), Activators, NullLogger<RelationalGrainStorage>.Instance);
    }

    public static GrainId Grain(string key) => GrainId.Create("test-grain", key);

    public static async Task<TestGrainState<T>> ReadAsync<T>(this RelationalGrainStorage storage, string stateName, GrainId grainId)
    {
        var state = new TestGrainState<T>(default!);
        await storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }

    /// <summary>Looks at the file the way an operator would, without the storage in between.</summary>
    public static async Task<object?> ScalarAsync(string databasePath, string sql)
    {
        // Unpooled, so that the temp directory can be deleted afterwards.
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

/// <summary>What a grain's state holder looks like to a storage provider, with a non-nullable state.</summary>
internal sealed class TestGrainState<T>(T state) : IGrainState<T>
{
    [AllowNull]
    public T State { get; set; } = state;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

/// <summary>A test of one storage on a SQLite file of its own (<paramref name="file"/>, under a temp directory), disposed after.</summary>
public abstract class StorageTest(params string[] file) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    internal RelationalGrainStorage Storage { get; set; } = null!;

    protected string DatabasePath => _directory.Combine(file);

    public Task InitializeAsync()
    {
        Storage = TestStorage.Open(DatabasePath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Storage.DisposeAsync();
        _directory.Dispose();
    }
}
