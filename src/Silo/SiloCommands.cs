using Viidakko.Hosting;
using Viidakko.Silo.Hosting;
using Viidakko.Silo.Storage;

namespace Viidakko.Silo;

/// <summary>The silo executable's one-shot commands.</summary>
internal static class SiloCommands
{
    /// <summary>Applies the PostgreSQL migrations shipped beside the binary.</summary>
    public static async Task<int> MigrateAsync(SiloOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Postgres))
        {
            await Console.Error.WriteLineAsync($"migrate needs {ViidakkoEnvironment.Describe(nameof(options.Postgres))} (an Npgsql connection string).");
            return 2;
        }

        // The database may still be starting (an init container right after PostgreSQL's).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var applied = await PostgresMigrations.ApplyAsync(options.Postgres);
                Console.WriteLine(applied.Count == 0
                    ? "Schema is up to date."
                    : $"Applied: {string.Join(", ", applied)}.");
                return 0;
            }
            catch (Npgsql.NpgsqlException e) when (e.IsTransient && attempt < 30)
            {
                await Console.Error.WriteLineAsync($"PostgreSQL not reachable yet ({e.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>0 when this host's silo reports ready on its health endpoint.</summary>
    public static async Task<int> HealthAsync(SiloOptions options)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(ListenAddress.Local(options.HealthListen) + "/health/ready");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
