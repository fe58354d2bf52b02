using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using ClickCeop.Widget;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClickCeop.Tests.Pages.Embed;

/// <summary>
/// The badge as a child meets it: inside a platform's page on another origin, in Chromium with JavaScript off.
/// Every wait is bounded: these tests once hung on axe and iframes.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class EmbedInBrowserTests(Chromium chromium) : IAsyncLifetime
{
    private const int StepTimeout = 15_000;
    private const int TestTimeout = 90_000;

    private readonly AppHost _host = new AppHost().WithKestrel();
    private WebApplication? _platform;
    private string _platformOrigin = "";

    private string AppOrigin => _host.BaseAddress.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync()
    {
        var appOrigin = AppOrigin;
        // The snippets exactly as /embed gives them to a developer, for the origin the browser will load them from.
        using var embed = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var iframeSnippet = (await embed.GetDocumentAsync("/embed?partner=example-social&size=small")).TextOf("#iframe-snippet");
        var imageSnippet = (await embed.GetDocumentAsync("/embed?partner=example-social&size=large&theme=dark")).TextOf("#image-snippet");
        Assert.Contains(appOrigin + "/widget/v1/button?", iframeSnippet);
        // A platform's profile page on a second Kestrel port (another origin), with a strict policy of its own that
        // allows exactly the lines /embed tells developers to add, and COEP, which the badge's CORP header must satisfy.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _platform = builder.Build();
        _platform.MapGet("/profile", (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy =
                $"default-src 'none'; style-src 'unsafe-inline'; frame-src {appOrigin}; img-src {appOrigin}";
            context.Response.Headers["Cross-Origin-Embedder-Policy"] = "require-corp";
            return Results.Content($$"""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Sam's profile – Example Social</title>
                <style>body{font-family:sans-serif;margin:20px;background:#f3f2f1}</style></head>
                <body><h1>Sam's profile</h1><p>Something wrong? Tell someone who can help.</p>
                {{iframeSnippet}}
                <p id="image-badge">{{imageSnippet}}</p>
                </body></html>
                """, "text/html; charset=utf-8");
        });
        await _platform.StartAsync();
        var address = _platform.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _platformOrigin = new Uri(address.Replace("[::]", "127.0.0.1")).GetLeftPart(UriPartial.Authority);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_child_clicks_the_badge_on_another_site_and_the_form_opens_in_a_new_tab()
    {
        await using var context = await chromium.NewContextWithoutJavaScriptAsync(width: 800, height: 400);
        context.SetDefaultTimeout(StepTimeout);
        context.SetDefaultNavigationTimeout(StepTimeout);
        var page = await context.NewPageAsync();
        var badgeRequests = new List<IRequest>();
        context.Request += (_, request) =>
        {
            if (request.Url.StartsWith(AppOrigin + "/widget/", StringComparison.Ordinal)) lock (badgeRequests) badgeRequests.Add(request);
        };
        var response = await page.GotoAsync(_platformOrigin + "/profile", new() { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, response!.Status);
        Assert.NotEqual(new Uri(_platformOrigin).Port, _host.BaseAddress.Port);

        var frame = page.FrameLocator("iframe");
        var link = frame.GetByRole(AriaRole.Link, new() { Name = "Report abuse to CEOP (opens in a new tab)", Exact = true });
        await link.WaitForAsync(new() { State = WaitForSelectorState.Visible });

        // The inline <style> applied under the hash-only CSP: the link is exactly the small badge, and the words fit.
        var look = BadgeLook.For(BadgeSize.Small, BadgeTheme.Light);
        var box = (await link.BoundingBoxAsync())!;
        Assert.Equal(look.Width, box.Width, 1);
        Assert.Equal(look.Height, box.Height, 1);
        var words = (await link.Locator("span").BoundingBoxAsync())!;
        Assert.True(words.X + words.Width <= box.X + box.Width - 2, $"text ends at {words.X + words.Width}, badge at {box.X + box.Width}");
        Assert.True(words.Height >= BadgeLook.MinimumFontSize, $"text {words.Height}px high");

        // The image badge loaded across origins under the host's COEP (it has a size only if it was decoded).
        var image = page.Locator("#image-badge img");
        Assert.True(await image.IsVisibleAsync());
        // Neither badge tells us which page it is on: the snippets ask the browser to send no Referer for them.
        IRequest[] requested;
        lock (badgeRequests) requested = [.. badgeRequests];
        Assert.Equal(2, requested.Length);
        foreach (var request in requested)
        {
            var headers = await request.AllHeadersAsync();
            Assert.False(headers.ContainsKey("referer"), $"{request.Url} was sent Referer: {headers.GetValueOrDefault("referer")}");
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(TestFolders.Output("badge"), "platform-profile-with-badge.png"), FullPage = true });

        var form = await context.RunAndWaitForPageAsync(() => link.ClickAsync(), new() { Timeout = StepTimeout });
        await form.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = StepTimeout });

        Assert.Equal(AppOrigin + "/report?partner=example-social", form.Url);
        Assert.Equal(_platformOrigin + "/profile", page.Url); // the platform's page stays where it was
    }

    [Theory(Timeout = 120_000)]
    [InlineData(320)]
    [InlineData(1280)]
    public async Task A_child_clicks_the_badge_inside_a_profile_and_sends_a_report_without_javascript(int width)
    {
        await using var context = await chromium.NewContextWithoutJavaScriptAsync(width);
        context.SetDefaultTimeout(StepTimeout);
        context.SetDefaultNavigationTimeout(StepTimeout);
        var profile = await context.NewPageAsync();
        await profile.GotoAsync(_platformOrigin + "/profile", new() { WaitUntil = WaitUntilState.Load });
        var badge = profile.FrameLocator("iframe").GetByRole(AriaRole.Link, new() { Name = "Report abuse to CEOP (opens in a new tab)", Exact = true });
        await badge.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var folder = TestFolders.Output("badge-to-report");
        await profile.ScreenshotAsync(new() { Path = Path.Combine(folder, $"profile-{width}.png"), FullPage = true });

        var form = await context.RunAndWaitForPageAsync(() => badge.ClickAsync(), new() { Timeout = StepTimeout });
        await form.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = StepTimeout });
        var reference = await YoungPersonInBrowser.CompleteAsync(form, async name =>
        {
            Assert.True(await form.Locator("a.quick-exit").IsVisibleAsync(), $"{name} has no quick exit");
            await form.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
        }, tryWrongFirst: false);

        var row = Assert.Single(JourneyClient.ReportRows(_host.DatabasePath));
        Assert.Equal(reference, row["reference"]);
        Assert.Equal("example-social", row["partner"]); // the badge's partner travelled with the draft
        Assert.Equal(1L, row["immediate_risk"]);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task The_embed_page_previews_the_badge_without_javascript()
    {
        await using var context = await chromium.NewContextWithoutJavaScriptAsync(width: 1280);
        context.SetDefaultTimeout(StepTimeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync(AppOrigin + "/embed?partner=acme&size=large&theme=dark", new() { WaitUntil = WaitUntilState.Load });

        var link = page.FrameLocator("main iframe").GetByRole(AriaRole.Link, new() { Name = "Report abuse to CEOP (opens in a new tab)" });
        await link.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.Equal("/report?partner=acme", await link.GetAttributeAsync("href"));
        Assert.Equal(BadgeLook.For(BadgeSize.Large, BadgeTheme.Dark).Height, (await link.BoundingBoxAsync())!.Height, 1);

        // The GET form re-renders the snippets for a new choice.
        await page.Locator("#partner").FillAsync("example-social");
        await page.Locator("label[for=size-small]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my button" }).ClickAsync();
        await page.WaitForURLAsync("**/embed?partner=example-social&size=small*", new() { WaitUntil = WaitUntilState.Load });
        Assert.Equal(AppOrigin + "/embed?partner=example-social&size=small&theme=dark", page.Url);
        Assert.Contains("partner=example-social&amp;size=small&amp;theme=dark", await page.Locator("#iframe-snippet").InnerTextAsync(), StringComparison.Ordinal);

        await page.ScreenshotAsync(new() { Path = Path.Combine(TestFolders.Output("badge"), "embed-1280.png"), FullPage = true });
    }

    [Theory(Timeout = TestTimeout)]
    [InlineData(1280)]
    [InlineData(320)]
    public async Task The_embed_page_has_no_accessibility_violations(int width)
    {
        await using var context = await chromium.NewContextForAxeAsync(width);
        context.SetDefaultTimeout(StepTimeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync(AppOrigin + "/embed?partner=acme", new() { WaitUntil = WaitUntilState.Load });

        if (width == 320)
        {
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 320, "the page scrolls sideways at 320 px");
        }
        // axe descending into iframes is what hung before: the frame is left out here and its document is checked
        // on its own below.
        await AssertNoViolationsAsync(page, new AxeRunContext { Exclude = [new AxeSelector("iframe")] }, iframes: false);
    }

    [Theory(Timeout = TestTimeout)]
    [InlineData("small")]
    [InlineData("medium")]
    [InlineData("large")]
    public async Task The_words_stay_whole_when_a_reader_widens_the_text_spacing(string size)
    {
        // WCAG 1.4.12 (AA): a reader's own style sheet may set exactly these, and no words may be cut off. The sheet is
        // added through the DevTools protocol, as a reader's extension would, so the page still runs no script.
        await using var context = await chromium.NewContextWithoutJavaScriptAsync();
        context.SetDefaultTimeout(StepTimeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{AppOrigin}/widget/v1/button?partner=example-social&size={size}", new() { WaitUntil = WaitUntilState.Load });
        var devTools = await Chromium.AddReaderTextSpacingAsync(context, page);

        // The reader's sheet applies: letter-spacing is 0.12em of the size's font, computed in px.
        var font = BadgeLook.For(BadgeOptions.Parse(null, size, null, null).Size, BadgeTheme.Light).FontSize;
        Assert.Equal(Math.Round(0.12 * font, 2).ToString(System.Globalization.CultureInfo.InvariantCulture) + "px", await ComputedAsync(devTools, "span", "letter-spacing"));

        var link = page.GetByRole(AriaRole.Link, new() { Name = "Report abuse to CEOP (opens in a new tab)", Exact = true });
        var box = (await link.BoundingBoxAsync())!;
        var words = (await link.Locator("span").BoundingBoxAsync())!;
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestFolders.Output("badge"), $"text-spacing-{size}.png") });
        // Inside the 2 px border: the link clips whatever overflows its padding box.
        Assert.True(words.X + words.Width <= box.X + box.Width - 2,
            $"{size}: with wider text spacing the words end at {words.X + words.Width:0.#} px, the badge's border at {box.X + box.Width - 2} px");
    }

    /// <summary>A computed style read through the DevTools protocol, so the page runs no script.</summary>
    private static async Task<string> ComputedAsync(ICDPSession devTools, string selector, string property)
    {
        var document = await devTools.SendAsync("DOM.getDocument");
        var root = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
        var node = await devTools.SendAsync("DOM.querySelector", new() { ["nodeId"] = root, ["selector"] = selector });
        var styles = await devTools.SendAsync("CSS.getComputedStyleForNode", new() { ["nodeId"] = node!.Value.GetProperty("nodeId").GetInt32() });
        return styles!.Value.GetProperty("computedStyle").EnumerateArray()
            .First(p => p.GetProperty("name").GetString() == property).GetProperty("value").GetString()!;
    }

    [Theory(Timeout = TestTimeout)]
    [InlineData("small", "light")]
    [InlineData("small", "dark")]
    [InlineData("large", "light")]
    [InlineData("large", "dark")]
    public async Task The_button_document_has_no_accessibility_violations(string size, string theme)
    {
        await using var context = await chromium.NewContextForAxeAsync();
        context.SetDefaultTimeout(StepTimeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{AppOrigin}/widget/v1/button?partner=acme&size={size}&theme={theme}", new() { WaitUntil = WaitUntilState.Load });

        await AssertNoViolationsAsync(page, context: null, iframes: false);
    }

    private static async Task AssertNoViolationsAsync(IPage page, AxeRunContext? context, bool iframes)
    {
        var options = new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"] },
            Iframes = iframes,
        };
        var run = context is null ? page.RunAxe(options) : page.RunAxe(context, options);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(45));
        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")
            .ToList();
        Assert.True(violations.Count == 0, $"axe found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
    }

    public async Task DisposeAsync()
    {
        if (_platform is not null) await _platform.DisposeAsync();
        _host.Dispose();
    }
}
