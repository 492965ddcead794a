using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Viidakko.Gateway.Tests.Support;

/// <summary>Everything a hub logs at <see cref="LogLevel.Warning"/> or above, for tests that promise a quiet log.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> _entries = new();

    /// <summary>What was logged, as "Level Category: message [exception type]" lines.</summary>
    public IReadOnlyList<string> Lines => _entries.Select(e => $"{e.Level} {e.Category}: {e.Message}{(e.Exception is null ? "" : $" [{e.Exception.GetType().Name}]")}").ToList();

    /// <summary>Entries at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<string> AtLeast(LogLevel level) =>
        _entries.Where(e => e.Level >= level).Select(e => $"{e.Level} {e.Category}: {e.Message}").ToList();

    /// <summary>Entries that carry an exception (a stack trace in the console log).</summary>
    public IReadOnlyList<string> WithExceptions => _entries.Where(e => e.Exception is not null).Select(e => $"{e.Level} {e.Category}: {e.Exception!.GetType().Name}").ToList();

    /// <summary>Forgets what was captured so far.</summary>
    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture._entries.Enqueue((logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
