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
        // Where an answer goes from a tab whose report another tab replaced.
        await page.GotoAsync(new Uri(_host.BaseAddress, "/report/started-again").ToString());
        await CheckAsync("started-again");

        Assert.Equal(2 + YoungPersonInBrowser.Questions.Length * 2 + 2 + 2, checkedPages.Count);
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

    /// <summary>
    /// Every element (form fields aside: a field scrolls its own value) whose content runs past its box, and the page's
    /// own width if it scrolls sideways. Read in Playwright's isolated world: the page itself runs no script.
    /// </summary>
    private const string Overflowing = """
        () => {
          const found = [];
          const page = document.documentElement;
          if (page.scrollWidth > page.clientWidth) found.push(`the page is ${page.scrollWidth} px wide in ${page.clientWidth}`);
          for (const e of document.body.querySelectorAll('*')) {
            if (e.matches('input, textarea, select, option') || e.closest('.visually-hidden, .skip-link')) continue;
            if (getComputedStyle(e).display === 'inline' || e.clientWidth === 0) continue;
            if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
              found.push(`${e.tagName.toLowerCase()}.${e.className} '${e.textContent.trim().slice(0, 30)}': ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`);
          }
          return found;
        }
        """;

    [Theory(Timeout = 120_000)]
    [InlineData(320)]
    [InlineData(1280)]
    public async Task No_words_are_cut_off_or_scroll_sideways_when_a_reader_widens_the_text_spacing(int width)
    {
        // WCAG 1.4.12 (AA), on every page of the journey, valid and in error, with a long address and username on check
        // answers. The sheet goes in through the DevTools protocol, as a reader's extension would: no page script.
        // 320 px is also 1280 px at 400 % zoom (WCAG 1.4.10).
        await using var context = await chromium.NewContextWithoutJavaScriptAsync(width);
        var page = await context.NewPageAsync();
        var folder = TestFolders.Output("text-spacing");
        var problems = new List<string>();
        async Task CheckAsync(string name)
        {
            await Chromium.AddReaderTextSpacingAsync(context, page);
            Assert.Equal("1.5", await page.Locator("h1").EvaluateAsync<string>("h => (parseFloat(getComputedStyle(h).lineHeight) / parseFloat(getComputedStyle(h).fontSize)).toFixed(1)"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
            problems.AddRange((await page.EvaluateAsync<string[]>(Overflowing)).Select(p => $"{name}: {p}"));
        }

        await WalkAsync(page, async name =>
        {
            await CheckAsync(name);
            if (name == "check-answers")
            {
                await page.GotoAsync(new Uri(_host.BaseAddress, "/report/where/change").ToString());
                await page.FillAsync("#platform", "https://www.example-social.com/users/profile/a-long-path-with-no-spaces-at-all/abcdefghijklmnopqrstuvwxyz0123456789");
                await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
                await page.GotoAsync(new Uri(_host.BaseAddress, "/report/other-person/change").ToString());
                await page.FillAsync("#other-person", "xX_the_longest_username_anyone_ever_typed_without_spaces_1234567890_Xx");
                await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
                Assert.EndsWith("/report/check-answers", page.Url);
                await CheckAsync("check-answers-long");
            }
        }, tryWrongFirst: true);
        foreach (var (path, name) in new[] { ("/report/answers-deleted", "answers-deleted"), ("/report/started-again", "started-again"), ("/report/no-such-page", "not-found") })
        {
            await page.GotoAsync(new Uri(_host.BaseAddress, path).ToString());
            await CheckAsync(name);
        }

        Assert.True(problems.Count == 0, $"with wider text spacing at {width} px:\n" + string.Join("\n", problems));
    }

    [Fact(Timeout = 120_000)]
    public async Task Each_error_summary_link_takes_the_keyboard_to_its_field_and_each_choice_sits_in_a_fieldset_with_a_legend()
    {
        // WCAG 1.3.1, 2.4.3 and 3.3.1 without JavaScript: the summary's links are plain links to the fields' ids, so the
        // browser itself must move focus there; radios and checkboxes are grouped under their question.
        await using var context = await chromium.NewContextWithoutJavaScriptAsync(320);
        var page = await context.NewPageAsync();
        var followed = new List<string>();
        await WalkAsync(page, async name =>
        {
            var ungrouped = await page.Locator("input[type=radio], input[type=checkbox]").EvaluateAllAsync<string[]>(
                "inputs => inputs.filter(i => !i.closest('fieldset')?.querySelector(':scope > legend')?.textContent.trim()).map(i => i.id)");
            Assert.True(ungrouped.Length == 0, $"{name}: not in a fieldset with a legend: {string.Join(", ", ungrouped)}");
            if (!name.EndsWith("-error")) return;
            var links = page.Locator(".error-summary a");
            Assert.True(await links.CountAsync() > 0, $"{name}: no links in the error summary");
            for (var i = 0; i < await links.CountAsync(); i++)
            {
                var href = (await links.Nth(i).GetAttributeAsync("href"))!;
                await links.Nth(i).FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                var focused = await page.EvaluateAsync<string>("() => document.activeElement.tagName.toLowerCase() + '#' + document.activeElement.id");
                Assert.True(focused is var f && (f.StartsWith("input#") || f.StartsWith("textarea#")) && f.EndsWith(href), $"{name}: the link to {href} left focus on {focused}");
                // What is above the field stays in view, so the reader sees what it is for: the whole question (label or
                // legend), or, where hints put it further up, 40 % of the window (and the field's ring is never cut).
                var tops = await page.EvaluateAsync<double[]>(
                    "() => { const f = document.activeElement; const q = f.closest('fieldset')?.querySelector(':scope > legend') ?? document.querySelector(`label[for=\"${f.id}\"]`); return [f.getBoundingClientRect().top, q.getBoundingClientRect().top, innerHeight]; }");
                var (field, question, window) = (tops[0], tops[1], tops[2]);
                Assert.True(question >= 0 || field >= 0.4 * window - 1,
                    $"{name}: after the link to {href} the field is {field:0} px from the top of a {window:0} px window and its question starts {question:0} px above the window");
                followed.Add($"{name} {href}");
            }
            // A redirect keeps the fragment the form was posted from; the walk compares plain URLs.
            await page.GotoAsync(page.Url.Split('#')[0]);
        }, tryWrongFirst: true);

        Assert.Equal(YoungPersonInBrowser.Questions.Length + 1, followed.Count); // about you has two fields in error
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
