using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Viidakko.Hosting;

/// <summary>
/// What every Viidakko process (hub, silo, gateway) sets up alike: the <c>VIIDAKKO_*</c> variables
/// as configuration, log levels that keep the console for what an operator acts on, the JSON
/// console format for containers, and options that are validated before anything starts.
/// </summary>
public static class ViidakkoHost
{
    /// <summary>Configuration, logging and the clock, the same in every Viidakko process.</summary>
    public static TBuilder AddViidakkoDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.Add(new ViidakkoEnvironment());

        var logging = builder.Logging;
        logging.AddFilter("Orleans", LogLevel.Warning);
        // The watchdog reports a bogus multi-minute stall on the first check after start-up.
        logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        // Orleans' resilience pipelines (Polly) log a line per retry at Information.
        logging.AddFilter("Polly", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Every refused request (bad input, wrong key) is the caller's business, not an event to log.
        logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);
        var log = builder.Configuration.GetSection(ViidakkoEnvironment.Section).Get<LogSettings>() ?? new LogSettings();
        if (string.Equals(log.LogFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.ClearProviders();
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else if (!string.IsNullOrEmpty(log.LogFormat) && !string.Equals(log.LogFormat, "text", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(nameof(LogSettings.LogFormat), typeof(LogSettings),
                [$"{ViidakkoEnvironment.Describe(nameof(LogSettings.LogFormat))} must be 'text' or 'json' (got '{log.LogFormat}')."]);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Binds <typeparamref name="T"/> to the section <c>Viidakko</c>, validates it now (a wrong
    /// setting stops the process with a message that names it) and registers it for injection.
    /// </summary>
    public static T AddViidakkoOptions<T>(this IHostApplicationBuilder builder, IValidateOptions<T> validator) where T : class, new()
    {
        var section = builder.Configuration.GetSection(ViidakkoEnvironment.Section);
        var options = new T();
        section.Bind(options);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures);
        }

        builder.Services.AddSingleton(validator);
        builder.Services.AddOptions<T>().Bind(section).ValidateOnStart();
        return options;
    }

    /// <summary>
    /// Runs a process's main part; a configuration mistake ends it with the message alone (no stack
    /// trace) and exit code 2.
    /// </summary>
    public static async Task<int> RunAsync(Func<Task<int>> main)
    {
        try
        {
            return await main();
        }
        catch (Exception e) when (ConfigurationProblem(e) is { } message)
        {
            await Console.Error.WriteLineAsync("Configuration error: " + message);
            return 2;
        }
    }

    private static string? ConfigurationProblem(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OptionsValidationException v:
                    return string.Join(" ", v.Failures);
                case InvalidOperationException when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                    return e.Message;
            }
        }

        return null;
    }

    private sealed class LogSettings
    {
        /// <summary><c>text</c> (default) or <c>json</c>: one JSON object per line, with scopes. <c>VIIDAKKO_LOG_FORMAT</c>.</summary>
        public string? LogFormat { get; set; }
    }
}
