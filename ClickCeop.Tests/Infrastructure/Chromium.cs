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
            Args = Switches,
        });
    }

    /// <summary>The machine has no network but loopback: stop Chromium's own background connections.</summary>
    public static readonly string[] Switches =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    /// <summary>
    /// A Chromium of its own with the back-forward cache on, as every Chromium and Chrome has it: Playwright turns it off
    /// (--disable-back-forward-cache) in the shared one, where Back always asks the server again. With it on, Back can
    /// show the very page that was left, as it was, without asking the server: Debian's Chromium 156 keeps even a page
    /// sent no-store, unless a cookie changed while it was kept. What the next person at the browser sees after Back is
    /// only shown by this one. JavaScript is off in its contexts as everywhere else.
    /// </summary>
    public static Task<IBrowser> LaunchWithBackForwardCacheAsync(IPlaywright playwright, params string[] switches) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CLICKCEOP_CHROMIUM") ?? DefaultExecutable,
            Headless = true,
            Args = [.. Switches, .. switches],
            IgnoreDefaultArgs = ["--disable-back-forward-cache"],
        });

    /// <summary>
    /// Back or Forward, then the page it shows. Playwright waits for "load", which a page taken from the back-forward
    /// cache never fires again, so this waits for the page's first heading instead.
    /// </summary>
    public static async Task<IPage> GoAsync(IPage page, bool back)
    {
        if (back) await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        else await page.GoForwardAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("h1").First.WaitForAsync();
        return page;
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

    /// <summary>WCAG 1.4.12's text spacing, as a reader's own style sheet may set it.</summary>
    public const string ReaderTextSpacing =
        "*{line-height:1.5!important;letter-spacing:.12em!important;word-spacing:.16em!important}p{margin-bottom:2em!important}";

    /// <summary>
    /// Adds <see cref="ReaderTextSpacing"/> to the page's top frame through the DevTools protocol, as a reader's extension
    /// would, so the page still runs no script. Returns the DevTools session, for reading computed styles.
    /// </summary>
    public static async Task<ICDPSession> AddReaderTextSpacingAsync(IBrowserContext context, IPage page)
    {
        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("DOM.enable");
        await devTools.SendAsync("CSS.enable");
        var frames = await devTools.SendAsync("Page.getFrameTree");
        var frameId = frames!.Value.GetProperty("frameTree").GetProperty("frame").GetProperty("id").GetString()!;
        var sheet = await devTools.SendAsync("CSS.createStyleSheet", new() { ["frameId"] = frameId });
        await devTools.SendAsync("CSS.setStyleSheetText", new() { ["styleSheetId"] = sheet!.Value.GetProperty("styleSheetId").GetString()!, ["text"] = ReaderTextSpacing });
        return devTools;
    }

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
