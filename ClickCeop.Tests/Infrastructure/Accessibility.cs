using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ClickCeop.Tests.Infrastructure;

public static class Accessibility
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

    /// <summary>
    /// Opens <paramref name="url"/> in a JavaScript-enabled, CSP-bypassing context (axe is a script; it hangs when
    /// JavaScript is off), lets <paramref name="prepare"/> act first, then asserts no WCAG 2.2 A/AA violation.
    /// </summary>
    public static async Task AssertNoViolationsAsync(Chromium chromium, string url, int width = 1280, Func<IPage, Task>? prepare = null)
    {
        await using var context = await chromium.NewContextForAxeAsync(width);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(url);
        Assert.NotNull(response);
        if (prepare is not null) await prepare(page);
        await AssertNoViolationsAsync(page);
    }

    /// <summary>Runs axe-core's WCAG 2.2 A and AA rules on the page as it is now; fails listing every violation.</summary>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
        });
        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")
            .ToList();
        Assert.True(violations.Count == 0, $"axe found {violations.Count} WCAG 2.2 A/AA violation(s) on {page.Url}:\n" + string.Join("\n", violations));
    }
}
