using System.Net.Sockets;
using System.Reflection;
using ClickCeop.Web.Data;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Site;

/// <summary>
/// Builds, starts and runs the service. A start refused for something the operator must fix ends with one line on
/// standard error and exit code 1: a service manager (systemd) shows the last lines and the exit code, and an
/// unhandled exception's stack trace and the runtime's abort (134, with a core dump) say neither what nor where.
/// </summary>
public static class ServiceStart
{
    private const string Refused = "ClickCeop did not start: ";

    public static async Task<int> RunAsync(Func<WebApplication> build)
    {
        string? why;
        WebApplication app;
        try
        {
            app = build();
        }
        catch (Exception error) when (IsTheService && Explain(error) is { } line)
        {
            // Nothing is logged yet while the app is built: the line is all there is, so it names what to fix.
            await Console.Error.WriteLineAsync(Refused + line);
            return 1;
        }

        await using (app)
        {
            try
            {
                await app.StartAsync();
                why = null;
            }
            catch (Exception error) when (IsTheService && Explain(error, Addresses(app)) is { } line)
            {
                why = line;
                // The jobs that had started (alerts, the draft purge) are stopped as at any shutdown, so the log ends
                // with the failure the host logged, not with each job reporting that it was cancelled.
                await app.StopAsync();
            }
            if (why is null)
            {
                // Running: whatever fails from here on is not a refused start, and propagates as it always has.
                await app.WaitForShutdownAsync();
                return 0;
            }
        }
        // After the app is disposed, which flushes the log: the line is the last one a service manager shows.
        await Console.Error.WriteLineAsync(Refused + why);
        return 1;
    }

    /// <summary>
    /// Only when this process is the service: hosted by another program (the tests' WebApplicationFactory), that
    /// program gets the exception.
    /// </summary>
    private static bool IsTheService => Assembly.GetEntryAssembly() == typeof(ServiceStart).Assembly;

    /// <summary>
    /// Where the service was told to listen (--urls, ASPNETCORE_URLS, Kestrel:Endpoints); Kestrel forgets them when a
    /// bind fails, so they are read from the configuration.
    /// </summary>
    private static List<string> Addresses(WebApplication app) =>
    [
        .. (app.Configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        .. app.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>(),
    ];

    /// <summary>The line for a failure the operator can fix, or null for anything else (a bug keeps its stack trace).</summary>
    private static string? Explain(Exception error, ICollection<string>? addresses = null) => error switch
    {
        // Some settings are read while the app is built (the Data settings, for the database and its key ring), the
        // rest as it starts: both are the operator's. The log has the details.
        OptionsValidationException refused => string.Join(" ", refused.Failures),
        UnusableDatabaseException unusable => unusable.Message,
        IOException { InnerException: AddressInUseException } =>
            $"{error.Message} Stop whatever is listening there, or give the service another address (--urls).",
        // Kestrel's own exception names no address: a port under 1024 for a user without CAP_NET_BIND_SERVICE.
        SocketException { SocketErrorCode: SocketError.AccessDenied } when addresses is { Count: > 0 } =>
            $"Permission denied listening on {(addresses.Count > 1 ? "one of " : "")}{string.Join(", ", addresses)}. " +
            "Give the service a port from 1024 up (--urls) behind the reverse proxy.",
        _ => null,
    };
}
