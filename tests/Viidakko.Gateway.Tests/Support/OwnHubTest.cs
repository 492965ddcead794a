namespace Viidakko.Gateway.Tests.Support;

/// <summary>
/// A test that starts (and stops, and restarts) hubs of its own on one data directory, with one
/// operator key; the directory goes when the test ends.
/// </summary>
public abstract class OwnHubTest(string prefix) : IAsyncLifetime
{
    protected string DataDir { get; } = Directory.CreateTempSubdirectory($"viidakko-gateway-{prefix}-").FullName;

    protected string AdminKey { get; } = TestData.NewAdminKey();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestData.DeleteDirectory(DataDir);
        return Task.CompletedTask;
    }
}
