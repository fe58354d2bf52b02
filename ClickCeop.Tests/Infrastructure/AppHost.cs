using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    private readonly List<Type> _jobsLeftOut = [];

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

    /// <summary>
    /// Starts the app without one of its background jobs (before the first request). The jobs keep real time while a
    /// test moves a hand-set clock, so a job the test is not about can act at a moment the test does not choose and
    /// add rows, or mail, that the test then counts.
    /// </summary>
    public AppHost WithoutJob<TJob>() where TJob : IHostedService
    {
        _jobsLeftOut.Add(typeof(TJob));
        return this;
    }

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
        if (_jobsLeftOut.Count > 0)
        {
            builder.ConfigureTestServices(LeaveOutJobs);
        }
    }

    /// <summary>
    /// A job registered by a factory (EscalationService is also a singleton others use) shows its type only once made:
    /// each is made as before, and one left out is swapped for a job that does nothing.
    /// </summary>
    private void LeaveOutJobs(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var registered = services[i];
            if (registered.ServiceType != typeof(IHostedService) || registered.IsKeyedService)
            {
                continue;
            }
            services[i] = ServiceDescriptor.Singleton<IHostedService>(provider =>
            {
                var job = registered.ImplementationInstance as IHostedService
                    ?? registered.ImplementationFactory?.Invoke(provider) as IHostedService
                    ?? (IHostedService)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!);
                return _jobsLeftOut.Contains(job.GetType()) ? new LeftOutJob() : job;
            });
        }
    }

    private sealed class LeftOutJob : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
