using Microsoft.Extensions.DependencyInjection;

namespace Viidakko.Silo.Reminders;

/// <summary>Registers <see cref="SqliteReminderTable"/> as the silo's reminder service.</summary>
public static class SqliteReminderSiloBuilderExtensions
{
    /// <summary>Durable reminders in the SQLite file at <paramref name="databasePath"/>.</summary>
    public static ISiloBuilder UseViidakkoSqliteReminders(this ISiloBuilder silo, string databasePath)
    {
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(new SqliteReminderTable(databasePath));
        return silo;
    }
}
