using Orleans;
using Orleans.Runtime;
using Orleans.TestingHost;
using Viidakko.Silo.Storage;

namespace Viidakko.Silo.Tests.Storage;

[Alias("viidakko.tests.ITallyGrain")]
public interface ITallyGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task<int> Add(string note, CancellationToken cancellationToken = default);

    [Alias("Get")]
    Task<TallySnapshot> Get(CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable, Alias("viidakko.tests.TallySnapshot")]
public sealed record TallySnapshot([property: Id(0)] int Count, [property: Id(1)] IReadOnlyList<string> Notes);

[GenerateSerializer, Alias("viidakko.tests.TallyState")]
public sealed class TallyState
{
    [Id(0)]
    public int Count { get; set; }

    [Id(1)]
    public List<string> Notes { get; set; } = [];
}

[GrainType("tally")]
internal sealed class TallyGrain([PersistentState("s", "sqlite")] IPersistentState<TallyState> state) : Grain, ITallyGrain
{
    public async Task<int> Add(string note, CancellationToken cancellationToken = default)
    {
        state.State.Count++;
        state.State.Notes.Add(note);
        await state.WriteStateAsync(cancellationToken);
        return state.State.Count;
    }

    public Task<TallySnapshot> Get(CancellationToken cancellationToken = default) =>
        Task.FromResult(new TallySnapshot(state.State.Count, [.. state.State.Notes]));
}

[Alias("viidakko.tests.INoteGrain")]
public interface INoteGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task Set(string text, CancellationToken cancellationToken = default);

    [Alias("Get")]
    Task<string> Get(CancellationToken cancellationToken = default);
}

[GenerateSerializer, Alias("viidakko.tests.NoteState")]
public sealed class NoteState
{
    [Id(0)]
    public string Text { get; set; } = "";
}

/// <summary>Uses the default storage: no storage name in the attribute.</summary>
[GrainType("note")]
internal sealed class NoteGrain([PersistentState("note")] IPersistentState<NoteState> state) : Grain, INoteGrain
{
    public Task Set(string text, CancellationToken cancellationToken = default)
    {
        state.State.Text = text;
        return state.WriteStateAsync(cancellationToken);
    }

    public Task<string> Get(CancellationToken cancellationToken = default) => Task.FromResult(state.State.Text);
}

public sealed class SiloPersistenceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => _directory.Combine("silo", "grains.db");

    private string DefaultDatabasePath => _directory.Combine("silo", "default.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task State_written_by_one_cluster_is_read_by_the_next_on_the_same_file()
    {
        await using (var first = await StartClusterAsync())
        {
            // The silo lifecycle created the schema before any grain ran.
            Assert.Equal(0L, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_state"));

            var tally = first.Client.GetGrain<ITallyGrain>("turku");
            Assert.Equal(1, await tally.Add("eka"));
            Assert.Equal(2, await tally.Add("toka"));
            Assert.Equal(3, await tally.Add("kolmas"));
            await first.Client.GetGrain<INoteGrain>("muistio").Set("hei");
            await first.StopAllSilosAsync();
        }

        Assert.Equal("tally", await TestStorage.ScalarAsync(DatabasePath, "SELECT grain_type FROM grain_state"));
        Assert.Equal("turku", await TestStorage.ScalarAsync(DatabasePath, "SELECT grain_key FROM grain_state"));
        Assert.Equal(3L, await TestStorage.ScalarAsync(DatabasePath, "SELECT version FROM grain_state"));
        Assert.Equal("note", await TestStorage.ScalarAsync(DefaultDatabasePath, "SELECT grain_type FROM grain_state"));

        await using var second = await StartClusterAsync();
        var again = second.Client.GetGrain<ITallyGrain>("turku");

        var snapshot = await again.Get();
        Assert.Equal(3, snapshot.Count);
        Assert.Equal(["eka", "toka", "kolmas"], snapshot.Notes);
        Assert.Equal(4, await again.Add("neljäs")); // the ETag read back is accepted for the next write
        Assert.Equal("hei", await second.Client.GetGrain<INoteGrain>("muistio").Get());
        await second.StopAllSilosAsync();
    }

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var path = DatabasePath;
        var defaultPath = DefaultDatabasePath;
        builder.ConfigureSilo((_, silo) => silo
            .AddViidakkoSqliteGrainStorage("sqlite", options => options.DatabasePath = path)
            .AddViidakkoSqliteGrainStorageAsDefault(options => options.DatabasePath = defaultPath));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
