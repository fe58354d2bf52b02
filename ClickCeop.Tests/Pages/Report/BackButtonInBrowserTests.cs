using ClickCeop.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>
/// The next person at a shared browser presses Back and Forward, in a Chromium with its back-forward cache on (as
/// people have it): none of the answers typed before may show, in the page or in a field the browser fills again.
/// </summary>
public sealed class BackButtonInBrowserTests : IAsyncLifetime
{
    /// <summary>What the young person typed (YoungPersonInBrowser), and a story typed but not sent.</summary>
    private static readonly string[] Typed =
        ["Example Social", "@stranger_42", "Last week", "He asked me for pictures", "sam@example.org", "Sam", "TYPED-NOT-SENT"];

    private NeutralSite _neutral = null!;
    private AppHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _neutral = await NeutralSite.StartAsync();
        _host = new AppHost(new Dictionary<string, string?> { ["Help:ExitUrl"] = _neutral.ExitUrl }).WithKestrel();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchWithBackForwardCacheAsync(_playwright, NeutralSite.ResolverRule);
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new() { JavaScriptEnabled = false, IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        await page.GotoAsync(new Uri(_host.BaseAddress, "/report").ToString());
        return page;
    }

    /// <summary>Every typed answer the page shows, in its title, its text or its fields' values.</summary>
    private static async Task<string[]> AnswersShownAsync(IPage page)
    {
        var shown = await page.TitleAsync() + "\n" + await page.Locator("body").InnerTextAsync() + "\n" +
            string.Join("\n", await page.Locator("input, textarea").EvaluateAllAsync<string[]>("fields => fields.map(f => f.value)"));
        return Typed.Where(answer => shown.Contains(answer, StringComparison.Ordinal)).ToArray();
    }

    private static async Task AssertNothingShownAsync(IPage page, string after)
    {
        var shown = await AnswersShownAsync(page);
        Assert.True(shown.Length == 0, $"{after}, {page.Url} shows {string.Join(", ", shown.Select(s => $"'{s}'"))}");
    }

    [Fact(Timeout = 60_000)]
    public async Task After_leaving_back_and_forward_show_nothing_that_was_typed()
    {
        var page = await NewPageAsync();
        await YoungPersonInBrowser.CompleteAsync(page, async name =>
        {
            // Halfway through: the story typed but not sent, then the quick exit.
            if (name == "what-happened") throw new LeftException();
        }, tryWrongFirst: false).ContinueWith(t => Assert.IsType<LeftException>(t.Exception?.InnerException));
        Assert.EndsWith("/report/what-happened", page.Url);
        await page.FillAsync("#narrative", "TYPED-NOT-SENT");
        Assert.NotEmpty(await AnswersShownAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = "Leave this site" }).ClickAsync();
        Assert.Equal(_neutral.ExitUrl, page.Url);

        var seen = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            await Chromium.GoAsync(page, back: true);
            seen.Add(new Uri(page.Url).AbsolutePath);
            await AssertNothingShownAsync(page, $"Back {i} time(s) after leaving");
        }
        for (var i = 1; i <= 2; i++)
        {
            await Chromium.GoAsync(page, back: false);
            await AssertNothingShownAsync(page, $"Forward {i} time(s) after leaving and Back");
        }
        // Back did go through the form's pages (each now answered by the server with the start page).
        Assert.Contains("/report", seen);
    }

    [Fact(Timeout = 60_000)]
    public async Task After_sending_back_shows_none_of_the_answers()
    {
        var page = await NewPageAsync();
        await YoungPersonInBrowser.CompleteAsync(page, _ => Task.CompletedTask, tryWrongFirst: false);
        Assert.EndsWith("/report/confirmation", page.Url);
        // As a person does before anyone presses Back: the page has finished loading, its style sheets with it.
        await page.WaitForLoadStateAsync(LoadState.Load);

        // The answers were wiped from the server at the send: only the reference stays, until the reporter leaves.
        for (var i = 1; i <= 4; i++)
        {
            await Chromium.GoAsync(page, back: true);
            await AssertNothingShownAsync(page, $"Back {i} time(s) after sending");
        }
    }

    private sealed class LeftException : Exception;

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
        await _neutral.DisposeAsync();
    }
}
