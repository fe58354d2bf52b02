using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>
/// The real app, in memory, on its own real SQLite file in a fresh folder. Settings are plain configuration keys
/// ("Data:ConnectionString", "Notifications:Smtp:Host", ...) so a test sets exactly what an operator would.
/// Call <see cref="UseKestrel()"/> (before the first request) for a real server on 127.0.0.1 that a browser can reach.
/// </summary>
public class AppHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public AppHost(IDictionary<string, string?>? settings = null, string? dataFolder = null)
    {
        DataFolder = dataFolder ?? TestFolders.NewTemporary("app");
        _settings = new Dictionary<string, string?>
        {
            ["Data:ConnectionString"] = $"Data Source={DatabasePath}",
            // Alerts without an SMTP host become .eml files: keep them beside the test's database, not in the repo.
            ["Notifications:PickupFolder"] = Path.Combine(DataFolder, "mail-pickup"),
            // Hundreds of hosts start in one run: their start-up lines would bury a failing test's message.
            ["Logging:LogLevel:Default"] = "Warning",
            // "No XML encryptor configured", expected and documented (docs/running.md), once per host.
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            // The tests that read /healthz are about alerts; a test machine's own disk may run low (DiskSpaceHealthCheckTests).
            ["Data:MinimumFreeMegabytes"] = "0",
            // Every test client is 127.0.0.1 and the hostile suites post hundreds of sign-ins (SignInTests sets its own).
            ["Officers:SignInPostsPerAddress"] = "10000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataFolder { get; }

    public string DatabasePath => Path.Combine(DataFolder, "clickceop.db");

    /// <summary>What the app logged, at the configured levels (warnings and above unless the test says otherwise).</summary>
    public LogRecorder Log { get; } = new();

    /// <summary>Serves on a free port of 127.0.0.1 through Kestrel.</summary>
    public AppHost WithKestrel()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        return this;
    }

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234 (starts the server when needed).</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    /// <summary>A client that keeps cookies like a browser and does not follow redirects, so tests see each step.</summary>
    public HttpClient CreateBrowserlessClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
    }
}
