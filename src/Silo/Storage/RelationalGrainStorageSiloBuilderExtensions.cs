using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace Viidakko.Silo.Storage;

/// <summary>Registers Viidakko's relational grain storage on a silo.</summary>
public static class RelationalGrainStorageSiloBuilderExtensions
{
    /// <summary>
    /// Adds grain storage named <paramref name="name"/> (the name given in <c>[PersistentState]</c>)
    /// that keeps state as JSON in a SQLite database file.
    /// </summary>
    public static ISiloBuilder AddViidakkoSqliteGrainStorage(
        this ISiloBuilder builder, string name, Action<RelationalGrainStorageOptions> configure) =>
        builder.AddRelationalGrainStorage(name, configure, static options => new SqliteStorageDialect(options));

    /// <summary>
    /// Adds grain storage named <paramref name="name"/> that keeps state as <c>jsonb</c> in
    /// PostgreSQL, shared by every silo of the cluster. The schema must have been migrated
    /// (<see cref="PostgresMigrations"/>).
    /// </summary>
    public static ISiloBuilder AddViidakkoPostgresGrainStorage(
        this ISiloBuilder builder, string name, Action<RelationalGrainStorageOptions> configure) =>
        builder.AddRelationalGrainStorage(name, configure, static options => new PostgresStorageDialect(options));

    /// <summary>
    /// Adds SQLite grain storage as the default, used by <c>[PersistentState]</c> without a storage name.
    /// </summary>
    public static ISiloBuilder AddViidakkoSqliteGrainStorageAsDefault(
        this ISiloBuilder builder, Action<RelationalGrainStorageOptions> configure) =>
        builder.AddViidakkoSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    private static ISiloBuilder AddRelationalGrainStorage(
        this ISiloBuilder builder, string name, Action<RelationalGrainStorageOptions> configure,
        Func<RelationalGrainStorageOptions, IStorageDialect> createDialect)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);

        return builder.ConfigureServices(services =>
        {
            services.AddOptions<RelationalGrainStorageOptions>(name).Configure(configure);
            // AddGrainStorage registers the keyed IGrainStorage, the unkeyed default when the name is
            // "Default", and the silo lifecycle participation.
            services.AddGrainStorage(
                name,
                (serviceProvider, storageName) => RelationalGrainStorage.Create(serviceProvider, storageName, createDialect));
            // Grains read their event logs by range through the storage that wrote them.
            services.AddKeyedSingleton<IEventLogReader>(name, static (serviceProvider, key) =>
                (IEventLogReader)serviceProvider.GetRequiredKeyedService<IGrainStorage>(key));
            services.AddKeyedSingleton(name, static (serviceProvider, key) =>
                ActivatorUtilities.CreateInstance<EventRetentionService>(serviceProvider, (string)key!));
            services.AddSingleton<IHostedService>(serviceProvider => serviceProvider.GetRequiredKeyedService<EventRetentionService>(name));
        });
    }
}
