using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Reports;
using Microsoft.Playwright;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>Real Chromium: a young person clicks through the whole form with JavaScript off; axe checks every page.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class JourneyInBrowserTests(Chromium chromium) : IDisposable
{
    private readonly AppHost _host = new AppHost().WithKestrel();

    private async Task<string> WalkAsync(IPage page, Func<string, Task> atPage, bool tryEmptyFirst)
    {
        page.SetDefaultTimeout(15000);
        page.SetDefaultNavigationTimeout(15000);
        await page.GotoAsync(new Uri(_host.BaseAddress, "/report?partner=example-social").ToString());
        return await YoungPersonInBrowser.CompleteAsync(page, atPage, tryEmptyFirst);
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
        }, tryEmptyFirst: false);

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
        }, tryEmptyFirst: true);
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
        await page.FillAsync("#other-person", "xX_bad_Xx");
        await continueButton.ClickAsync();
        await page.FillAsync("#narrative", "Messages to my son.");
        await continueButton.ClickAsync();
        Assert.EndsWith("/report/about-the-child", page.Url);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.FillAsync("#child-age", "30");
        await continueButton.ClickAsync();
        Assert.Equal(2, await page.Locator(".error-summary li").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    public void Dispose() => _host.Dispose();
}
