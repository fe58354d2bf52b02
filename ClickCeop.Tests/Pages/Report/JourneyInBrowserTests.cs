using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Reports;
using Microsoft.Playwright;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>Real Chromium: a young person clicks through the whole form with JavaScript off; axe checks every page.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class JourneyInBrowserTests(Chromium chromium) : IDisposable
{
    private readonly AppHost _host = new AppHost().WithKestrel();

    private async Task<string> WalkAsync(IPage page, Func<string, Task> atPage, bool tryWrongFirst)
    {
        page.SetDefaultTimeout(15000);
        page.SetDefaultNavigationTimeout(15000);
        await page.GotoAsync(new Uri(_host.BaseAddress, "/report?partner=example-social").ToString());
        return await YoungPersonInBrowser.CompleteAsync(page, atPage, tryWrongFirst);
    }

    [Theory(Timeout = 120_000)]
    [InlineData(320)]
    [InlineData(1280)]
    public async Task A_young_person_clicks_through_to_a_reference_without_javascript(int width)
    {
        await using var context = await chromium.NewContextWithoutJavaScriptAsync(width);
        var page = await context.NewPageAsync();
        var folder = TestFolders.Output("journey");

        var reference = await WalkAsync(page, async name =>
        {
            Assert.True(await page.Locator("a.quick-exit").IsVisibleAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
        }, tryWrongFirst: false);

        Assert.True(ReferenceNumber.IsWellFormed(reference), reference);
        var row = Assert.Single(JourneyClient.ReportRows(_host.DatabasePath));
        Assert.Equal(reference, row["reference"]);
        Assert.Equal(1L, row["immediate_risk"]);
    }

    [Theory(Timeout = 240_000)]
    [InlineData(320)]
    [InlineData(1280)]
    public async Task Every_page_valid_and_in_error_has_no_accessibility_violations(int width)
    {
        await using var context = await chromium.NewContextForAxeAsync(width);
        var page = await context.NewPageAsync();
        var checkedPages = new List<string>();
        async Task CheckAsync(string name)
        {
            await Accessibility.AssertNoViolationsAsync(page);
            // Nothing may scroll sideways (WCAG 1.4.10 reflow).
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width, $"{name} scrolls sideways at {width}px");
            checkedPages.Add(name);
        }

        await WalkAsync(page, async name =>
        {
            await CheckAsync(name);
            if (name == "check-answers")
            {
                // The send refused by the database once: the page that says so, checked the same way.
                await using (await DatabaseFile.RefuseAsync(_host.DatabasePath, "BEFORE INSERT ON reports"))
                {
                    await page.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
                }
                Assert.Equal("Your report has not been sent yet", await page.Locator("[role=alert] h2").TextContentAsync());
                await CheckAsync("check-answers-not-sent");
            }
        }, tryWrongFirst: true);
        // Where the form goes once a draft has expired.
        await page.GotoAsync(new Uri(_host.BaseAddress, "/report/answers-deleted").ToString());
        await CheckAsync("answers-deleted");

        Assert.Equal(2 + YoungPersonInBrowser.Questions.Length * 2 + 2 + 1, checkedPages.Count);
    }

    [Theory(Timeout = 180_000)]
    [InlineData(320)]
    [InlineData(1280)]
    public async Task Advice_iwf_and_about_the_child_pages_have_no_accessibility_violations(int width)
    {
        await using var context = await chromium.NewContextForAxeAsync(width);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15000);
        page.SetDefaultNavigationTimeout(15000);
        var continueButton = page.GetByRole(AriaRole.Button, new() { Name = "Continue" });

        // Images only: the IWF page.
        await page.GotoAsync(new Uri(_host.BaseAddress, "/report").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Start now" }).ClickAsync();
        await page.GetByLabel("I am a parent or carer").CheckAsync();
        await continueButton.ClickAsync();
        await page.GetByLabel("I saw sexual pictures of children online").CheckAsync();
        await continueButton.ClickAsync();
        Assert.EndsWith("/report/sexual-images-of-children", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);

        // Change to bullying only: the advice page, then on to the questions about the child.
        await page.GotoAsync(new Uri(_host.BaseAddress, "/report/what-is-happening").ToString());
        await page.GetByLabel("I saw sexual pictures of children online").UncheckAsync();
        await page.GetByLabel("Being bullied").CheckAsync();
        await continueButton.ClickAsync();
        Assert.EndsWith("/report/advice", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "I still want to report to CEOP" }).ClickAsync();
        await page.CheckAsync("#danger-no");
        await continueButton.ClickAsync();
        await page.FillAsync("#platform", "Gamez");
        await continueButton.ClickAsync();
        await page.FillAsync("#other-person", "xX_bad_Xx");
        await continueButton.ClickAsync();
        await continueButton.ClickAsync(); // when it started: optional, left empty
        await page.FillAsync("#narrative", "Messages to my son.");
        await continueButton.ClickAsync();
        Assert.EndsWith("/report/about-the-child", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.FillAsync("#child-age", "30");
        await continueButton.ClickAsync();
        Assert.Equal(2, await page.Locator(".error-summary li").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("#role", "/report/who-are-you")]
    [InlineData("#categories", "/report/what-is-happening")]
    public async Task A_focused_radio_or_checkbox_is_ringed_in_black_next_to_yellow(string control, string path)
    {
        await using var context = await chromium.NewContextWithoutJavaScriptAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15000);
        await page.GotoAsync(new Uri(_host.BaseAddress, "/report").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Start now" }).ClickAsync();
        if (path != "/report/who-are-you")
        {
            await page.CheckAsync("#role");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        }
        Assert.EndsWith(path, page.Url);

        var input = page.Locator(control);
        await input.FocusAsync();
        var style = await input.EvaluateAsync<string[]>("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; }");

        // The ring touching the white page must have 3:1 contrast with it (WCAG 1.4.11); yellow may only sit outside it.
        Assert.Equal("solid", style[0]);
        Assert.Equal("3px", style[1]);
        Assert.True(ContrastWithWhite(style[2]) >= 3, $"outline {style[2]} has {ContrastWithWhite(style[2]):0.00}:1 with white");
        Assert.Contains("rgb(255, 221, 0)", style[3]);
    }

    /// <summary>WCAG's contrast ratio of a computed "rgb(r, g, b)" colour against white.</summary>
    private static double ContrastWithWhite(string rgb)
    {
        var channels = rgb[(rgb.IndexOf('(') + 1)..rgb.IndexOf(')')].Split(',').Take(3)
            .Select(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture) / 255)
            .Select(c => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4)).ToArray();
        var luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
        return 1.05 / (luminance + 0.05);
    }

    public void Dispose() => _host.Dispose();
}
