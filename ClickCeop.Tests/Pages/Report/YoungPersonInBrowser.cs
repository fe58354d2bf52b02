using Microsoft.Playwright;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>A young person at immediate risk answering the form in a real browser: shared by the journey and badge tests.</summary>
public static class YoungPersonInBrowser
{
    /// <summary>Each question: its path, and how a young person answers it.</summary>
    public static readonly (string Path, Func<IPage, Task> Answer)[] Questions =
    [
        ("/report/who-are-you", p => p.GetByLabel("I am under 18 and this is about me").CheckAsync()),
        ("/report/what-is-happening", async p =>
        {
            await p.GetByLabel("Someone asked for sexual pictures or videos").CheckAsync();
            await p.GetByLabel("Someone wants to meet up").CheckAsync();
        }),
        ("/report/in-danger", p => p.CheckAsync("#danger")),
        ("/report/where", async p =>
        {
            await p.FillAsync("#platform", "Example Social");
            await p.FillAsync("#other-person", "@stranger_42");
            await p.FillAsync("#started-when", "Last week");
        }),
        ("/report/what-happened", p => p.FillAsync("#narrative", "He asked me for pictures and wants to meet me.")),
        ("/report/about-you", async p =>
        {
            await p.FillAsync("#reporter-name", "Sam");
            await p.FillAsync("#reporter-age", "12");
        }),
        ("/report/contact", p => p.FillAsync("#email", "sam@example.org")),
    ];

    /// <summary>From the start page (already open), answers every question and sends the report.</summary>
    /// <param name="atPage">Called on every page with its name (and "-error" after an empty Continue).</param>
    /// <returns>The reference shown on the confirmation page.</returns>
    public static async Task<string> CompleteAsync(IPage page, Func<string, Task> atPage, bool tryEmptyFirst)
    {
        await atPage("start");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start now" }).ClickAsync();
        foreach (var (path, answer) in Questions)
        {
            Assert.EndsWith(path, new Uri(page.Url).AbsolutePath);
            var name = path["/report/".Length..];
            await atPage(name);
            if (tryEmptyFirst)
            {
                if (path == "/report/where") await page.FillAsync("#platform", "");
                await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
                Assert.Equal(1, await page.Locator(".error-summary").CountAsync());
                Assert.StartsWith("Error: ", await page.TitleAsync());
                await atPage(name + "-error");
            }
            await answer(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        }
        Assert.EndsWith("/report/check-answers", page.Url);
        await atPage("check-answers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        Assert.EndsWith("/report/confirmation", page.Url);
        await atPage("confirmation");
        return (await page.Locator("#reference").TextContentAsync())!.Trim();
    }
}
