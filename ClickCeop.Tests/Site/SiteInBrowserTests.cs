using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Site;

[Collection(ChromiumCollection.Name)]
public sealed class SiteInBrowserTests(Chromium chromium) : IDisposable
{
    private readonly AppHost _host = new AppHost().WithKestrel();

    [Fact]
    public async Task Home_page_works_without_javascript_at_320_px()
    {
        await using var context = await chromium.NewContextWithoutJavaScriptAsync(width: 320);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(new Uri(_host.BaseAddress, "/").ToString());

        Assert.Equal(200, response!.Status);
        Assert.True(await page.Locator("a.quick-exit").IsVisibleAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestFolders.Output("site"), "home-320.png"), FullPage = true });
    }

    [Fact]
    public async Task Home_page_has_no_accessibility_violations_and_reflows_at_320_px()
    {
        await Accessibility.AssertNoViolationsAsync(chromium, new Uri(_host.BaseAddress, "/").ToString(), width: 320, prepare: async page =>
        {
            // Nothing may scroll sideways at 320 px (WCAG 1.4.10 reflow).
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 320);
        });
    }

    [Theory]
    [InlineData("/no-such-page", 320)]
    [InlineData("/no-such-page", 1280)]
    [InlineData("/error/400", 320)]
    [InlineData("/error/413", 320)]
    [InlineData("/error/429", 320)]
    public async Task Error_pages_have_no_accessibility_violations_and_keep_the_quick_exit(string path, int width)
    {
        await Accessibility.AssertNoViolationsAsync(chromium, new Uri(_host.BaseAddress, path).ToString(), width, prepare: async page =>
        {
            Assert.True(await page.Locator("a.quick-exit").IsVisibleAsync(), $"{path} has no quick exit");
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width, $"{path} scrolls sideways");
        });
    }

    public void Dispose() => _host.Dispose();
}
