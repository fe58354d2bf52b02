using Microsoft.Playwright;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>A young person at immediate risk answering the form in a real browser: shared by the journey and badge tests.</summary>
public static class YoungPersonInBrowser
{
    /// <summary>Each question: its path, how a young person answers it, and what to type first to see it in error.</summary>
    public static readonly (string Path, Func<IPage, Task> Answer, Func<IPage, Task>? Wrong)[] Questions =
    [
        ("/report/who-are-you", p => p.GetByLabel("I am under 18 and this is about me").CheckAsync(), null),
        ("/report/what-is-happening", async p =>
        {
            await p.GetByLabel("Someone asked for sexual pictures or videos").CheckAsync();
            await p.GetByLabel("Someone wants to meet up").CheckAsync();
        }, null),
        ("/report/in-danger", p => p.CheckAsync("#danger"), null),
        // The badge's partner fills the platform in: emptied to see the error.
        ("/report/where", p => p.FillAsync("#platform", "Example Social"), p => p.FillAsync("#platform", "")),
        ("/report/other-person", p => p.FillAsync("#other-person", "@stranger_42"), null),
        // Optional, so only too long is wrong; maxlength stops a person typing that, so the check (with JavaScript
        // on, for axe) takes the limit off first, as a browser that ignores maxlength would.
        ("/report/when-it-started", p => p.FillAsync("#started-when", "Last week"), async p =>
        {
            await p.Locator("#started-when").EvaluateAsync("field => field.removeAttribute('maxlength')");
            await p.FillAsync("#started-when", new string('a', 201));
        }),
        ("/report/what-happened", p => p.FillAsync("#narrative", "He asked me for pictures and wants to meet me."), null),
        ("/report/about-you", async p =>
        {
            await p.FillAsync("#reporter-name", "Sam");
            await p.FillAsync("#reporter-age", "12");
        }, null),
        ("/report/contact", p => p.FillAsync("#email", "sam@example.org"), null),
    ];

    /// <summary>From the start page (already open), answers every question and sends the report.</summary>
    /// <param name="atPage">Called on every page with its name (and "-error" after a wrong or empty Continue).</param>
    /// <returns>The reference shown on the confirmation page.</returns>
    public static async Task<string> CompleteAsync(IPage page, Func<string, Task> atPage, bool tryWrongFirst)
    {
        await atPage("start");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start now" }).ClickAsync();
        foreach (var (path, answer, wrong) in Questions)
        {
            Assert.EndsWith(path, new Uri(page.Url).AbsolutePath);
            var name = path["/report/".Length..];
            await atPage(name);
            if (tryWrongFirst)
            {
                if (wrong is not null) await wrong(page);
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
