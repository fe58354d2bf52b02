using Microsoft.Playwright;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, installed by test.sh), driven by Playwright, shared by every browser test.
/// Playwright's own browser download cannot work here, so the executable path is always given.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CLICKCEOP_CHROMIUM") ?? DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is not at {executable}. Run ./test.sh, which installs it, or set CLICKCEOP_CHROMIUM.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // The machine has no network but loopback: stop Chromium's own background connections.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>A fresh context (no cookies, no storage) with JavaScript turned off, as our promise is tested.</summary>
    public Task<IBrowserContext> NewContextWithoutJavaScriptAsync(int width = 1280, int height = 900) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });

    /// <summary>
    /// For axe-core only: it is a script, so it needs JavaScript and must bypass our CSP. Nothing else may use this.
    /// </summary>
    public Task<IBrowserContext> NewContextForAxeAsync(int width = 1280, int height = 900) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = true,
            BypassCSP = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<Chromium>
{
    public const string Name = "Chromium";
}
