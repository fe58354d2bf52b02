using System.Net;
using System.Text.RegularExpressions;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Widget;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClickCeop.Tests.Widget;

/// <summary>
/// The button document inside a platform's page on another origin (a second Kestrel port: Chromium lets no page but a
/// loopback one frame the app on loopback), in Chromium with JavaScript off.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class BadgeInBrowserTests(Chromium chromium) : IAsyncLifetime
{
    private const int StepTimeout = 15_000;

    private readonly AppHost _host = new AppHost().WithKestrel();
    private WebApplication? _platform;
    private string _platformOrigin = "";

    public async Task InitializeAsync()
    {
        var appOrigin = _host.BaseAddress.GetLeftPart(UriPartial.Authority);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _platform = builder.Build();
        // /profile?theme=dark&background=%231d1f21&scheme=dark: the large badge on a page of that colour, which
        // declares that colour scheme (CSS color-scheme) when one is given.
        _platform.MapGet("/profile", (string theme, string background, string? scheme) => Results.Content($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sam's profile – Example Social</title>
            <style>{{(scheme is null ? "" : $":root{{color-scheme:{scheme}}}")}}
            body{margin:0;padding:20px;background:{{background}}}</style></head>
            <body><iframe src="{{appOrigin}}{{BadgeMiddleware.ButtonPath}}?partner=example-social&amp;size=large&amp;theme={{theme}}"
                title="Report abuse to CEOP" width="288" height="48" style="border:0" referrerpolicy="no-referrer"></iframe></body></html>
            """, "text/html; charset=utf-8"));
        // /sandboxed?sandbox=...: the badge in an iframe the platform sandboxes, as some sandbox every third-party frame.
        _platform.MapGet("/sandboxed", (string sandbox) => Results.Content($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sam's profile – Example Social</title></head>
            <body><iframe src="{{appOrigin}}{{BadgeMiddleware.ButtonPath}}?partner=example-social" sandbox="{{sandbox}}"
                title="Report abuse to CEOP" width="240" height="40" style="border:0" referrerpolicy="no-referrer"></iframe></body></html>
            """, "text/html; charset=utf-8"));
        await _platform.StartAsync();
        var address = _platform.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _platformOrigin = new Uri(address.Replace("[::]", "127.0.0.1")).GetLeftPart(UriPartial.Authority);
    }

    /// <summary>
    /// A page that declares a colour scheme other than the iframe document's own makes Chromium paint the iframe's
    /// canvas opaque behind the badge (white for a light document): whatever the badge leaves uncovered then shows
    /// that colour instead of the platform's page. The badge must look the same whatever the platform's page declares.
    /// </summary>
    [Theory(Timeout = 90_000)]
    [InlineData("dark", "#1d1f21", "dark", ColorScheme.Light)] // a dark site that says so
    [InlineData("dark", "#1d1f21", "light dark", ColorScheme.Dark)] // a site that follows its reader's dark preference
    [InlineData("light", "#f3f2f1", "light dark", ColorScheme.Dark)]
    [InlineData("light", "#f3f2f1", "light", ColorScheme.Light)]
    public async Task The_badge_looks_the_same_whatever_colour_scheme_the_platforms_page_declares(
        string theme, string background, string scheme, ColorScheme reader)
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = 400, Height = 200 },
            ColorScheme = reader,
        });
        context.SetDefaultTimeout(StepTimeout);
        context.SetDefaultNavigationTimeout(StepTimeout);
        var profile = $"{_platformOrigin}/profile?theme={theme}&background={Uri.EscapeDataString(background)}";

        var plain = await BadgePixelsAsync(context, profile, $"{theme}-{reader}-plain");
        var declared = await BadgePixelsAsync(context, profile + "&scheme=" + Uri.EscapeDataString(scheme), $"{theme}-{reader}-{scheme.Replace(' ', '-')}");

        Assert.True(plain.SequenceEqual(declared),
            $"The {theme} badge on a page declaring color-scheme: {scheme} (the reader prefers {reader}) looks different from " +
            $"the same badge on the same page declaring nothing: see {TestFolders.Output("badge-colour-scheme")}");
    }

    /// <summary>
    /// A sandboxed iframe opens no tab without allow-popups, and the tab it opens inherits the sandbox unless
    /// allow-popups-to-escape-sandbox: there the form opens, but Start now (a form post) does nothing.
    /// </summary>
    [Fact(Timeout = 90_000)]
    public async Task In_an_iframe_sandboxed_as_the_docs_say_the_badge_opens_a_form_the_child_can_start()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(TestFolders.Output("docs")))!;
        var documented = Regex.Match(File.ReadAllText(Path.Combine(root, "docs", "embedding.md")), "sandbox=\"([^\"]+)\"");
        Assert.True(documented.Success, "docs/embedding.md does not say what a platform that sandboxes its iframes must allow");
        await using var context = await chromium.NewContextWithoutJavaScriptAsync();
        context.SetDefaultTimeout(StepTimeout);
        context.SetDefaultNavigationTimeout(StepTimeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_platformOrigin}/sandboxed?sandbox={Uri.EscapeDataString(documented.Groups[1].Value)}", new() { WaitUntil = WaitUntilState.Load });
        var link = page.FrameLocator("iframe").GetByRole(AriaRole.Link, new() { Name = "Report abuse to CEOP (opens in a new tab)", Exact = true });

        var form = await context.RunAndWaitForPageAsync(() => link.ClickAsync(), new() { Timeout = StepTimeout });
        await form.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = StepTimeout });
        Assert.Equal(_host.BaseAddress.GetLeftPart(UriPartial.Authority) + "/report?partner=example-social", form.Url);
        await form.GetByRole(AriaRole.Button, new() { Name = "Start now" }).ClickAsync();

        await form.WaitForURLAsync("**/report/who-are-you", new() { WaitUntil = WaitUntilState.Load });
    }

    private static async Task<byte[]> BadgePixelsAsync(IBrowserContext context, string url, string name)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
        await page.FrameLocator("iframe").GetByRole(AriaRole.Link, new() { Name = "Report abuse to CEOP (opens in a new tab)", Exact = true })
            .WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var pixels = await page.Locator("iframe").ScreenshotAsync(new() { Path = Path.Combine(TestFolders.Output("badge-colour-scheme"), name + ".png") });
        await page.CloseAsync();
        return pixels;
    }

    public async Task DisposeAsync()
    {
        if (_platform is not null) await _platform.DisposeAsync();
        _host.Dispose();
    }
}
