using Microsoft.Extensions.Logging;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>
/// Keeps every line the app logs ("Level Category: message state exception") so a test can check what was, or was
/// never, written, or wait for something the app only tells its log. The configured log levels still apply.
/// </summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly List<(LogLevel Level, string Line)> _lines = [];

    public IReadOnlyList<string> Lines => LinesFrom(LogLevel.Trace);

    /// <summary>The lines logged at <paramref name="level"/> or above, e.g. the errors.</summary>
    public IReadOnlyList<string> LinesFrom(LogLevel level)
    {
        lock (_lines) return _lines.Where(entry => entry.Level >= level).Select(entry => entry.Line).ToList();
    }

    /// <summary>Polls (bounded) until <paramref name="count"/> lines contain <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string text, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Lines.Count(line => line.Contains(text, StringComparison.Ordinal)) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} log line(s) containing \"{text}\" within {timeout}; the log has {Lines.Count} line(s).");
            }
            await Task.Delay(25);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)} {state} {exception?.Message}";
            lock (recorder._lines) recorder._lines.Add((logLevel, line));
        }
    }
}
