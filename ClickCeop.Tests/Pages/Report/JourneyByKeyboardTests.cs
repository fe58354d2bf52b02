using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Reports;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>
/// Real Chromium, JavaScript off, no mouse: a young person sends a report with Tab, the arrow keys, Space, Enter and
/// typing alone (WCAG 2.1.1). On every page the skip link and the quick exit are the first stops, and every stop is
/// visibly marked while it has focus (2.4.7): its part of the screen looks different once focus moves on.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class JourneyByKeyboardTests(Chromium chromium, ITestOutputHelper output) : IDisposable
{
    private readonly AppHost _host = new AppHost().WithKestrel();

    [Theory(Timeout = 180_000)]
    [InlineData(320)]
    [InlineData(1280)]
    public async Task A_young_person_reaches_a_reference_with_the_keyboard_alone_and_always_sees_what_has_focus(int width)
    {
        await using var context = await chromium.NewContextWithoutJavaScriptAsync(width);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15000);
        page.SetDefaultNavigationTimeout(15000);
        var keyboard = new KeyboardUser(page);
        await page.GotoAsync(new Uri(_host.BaseAddress, "/report").ToString());

        await keyboard.NewPageAsync();
        await keyboard.PressButtonAsync("Start now");

        await keyboard.NewPageAsync();
        await keyboard.ChooseAsync("I am under 18 and this is about me");
        await keyboard.PressButtonAsync("Continue");

        await keyboard.NewPageAsync();
        await keyboard.TickAsync("Someone asked for sexual pictures or videos");
        await keyboard.TickAsync("Someone wants to meet up");
        await keyboard.PressButtonAsync("Continue");

        await keyboard.NewPageAsync();
        await keyboard.ChooseAsync(page.Locator("#danger"));
        await keyboard.PressButtonAsync("Continue");

        await keyboard.NewPageAsync();
        await keyboard.TypeAsync(page.Locator("#platform"), "Example Social");
        await keyboard.PressButtonAsync("Continue");

        await keyboard.NewPageAsync();
        await keyboard.TypeAsync(page.Locator("#other-person"), "@stranger_42");
        await keyboard.PressButtonAsync("Continue");

        await keyboard.NewPageAsync();
        await keyboard.TypeAsync(page.Locator("#started-when"), "Last week");
        await keyboard.PressButtonAsync("Continue");

        await keyboard.NewPageAsync();
        await keyboard.TypeAsync(page.Locator("#narrative"), "He asked me for pictures and wants to meet me.");
        await keyboard.PressButtonAsync("Continue");

        await keyboard.NewPageAsync();
        await keyboard.TypeAsync(page.Locator("#reporter-name"), "Sam");
        await keyboard.TypeAsync(page.Locator("#reporter-age"), "12");
        await keyboard.PressButtonAsync("Continue");

        await keyboard.NewPageAsync();
        await keyboard.TypeAsync(page.Locator("#email"), "sam@example.org");
        await keyboard.PressButtonAsync("Continue");

        Assert.EndsWith("/report/check-answers", page.Url);
        await keyboard.NewPageAsync();
        await keyboard.PressButtonAsync("Send report");

        Assert.EndsWith("/report/confirmation", page.Url);
        var reference = (await page.Locator("#reference").TextContentAsync())!.Trim();
        Assert.True(ReferenceNumber.IsWellFormed(reference), reference);
        var row = Assert.Single(JourneyClient.ReportRows(_host.DatabasePath));
        Assert.Equal(reference, row["reference"]);
        Assert.Equal(1L, row["immediate_risk"]);
        Assert.Equal("He asked me for pictures and wants to meet me.", row["narrative"]);
        output.WriteLine($"{keyboard.StopsChecked} focus stops compared with and without focus at {width} px.");
        Assert.True(keyboard.StopsChecked > 30, $"only {keyboard.StopsChecked} focus stops were compared");
    }

    public void Dispose() => _host.Dispose();

    /// <summary>Moves through a page with the keys a keyboard user has, checking each stop is visibly focused.</summary>
    private sealed class KeyboardUser(IPage page)
    {
        // Enough for the header, the back link, the banner and the longest form's controls, not for a lost focus.
        private const int MaxTabs = 20;

        private (PageScreenshotOptions Clip, byte[] Focused, string What)? _last;

        public int StopsChecked { get; private set; }

        /// <summary>A page has loaded: its first stop is the skip link and its quick exit comes within three.</summary>
        public async Task NewPageAsync()
        {
            _last = null;
            await TabToAsync(page.Locator("a.skip-link"), within: 1);
            await TabToAsync(page.Locator("a.quick-exit"), within: 2);
        }

        public Task ChooseAsync(string label) => ChooseAsync(page.GetByLabel(label, new() { Exact = true }));

        /// <summary>Tabs into the radio group, then moves with the down arrow (which selects) to the option.</summary>
        public async Task ChooseAsync(ILocator option)
        {
            var name = await option.GetAttributeAsync("name");
            await TabToAsync(page.Locator($"input[type=radio][name='{name}']"), MaxTabs);
            for (var i = 0; i < 8 && !await IsFocusedAsync(option); i++)
            {
                await page.Keyboard.PressAsync("ArrowDown");
            }
            if (!await option.IsCheckedAsync())
            {
                await page.Keyboard.PressAsync("Space"); // Tab into a group with nothing chosen focuses without choosing
            }
            Assert.True(await option.IsCheckedAsync(), "the arrow keys did not reach and select the option");
            await RememberFocusedStopAsync();
        }

        public async Task TickAsync(string label)
        {
            var box = page.GetByLabel(label, new() { Exact = true });
            await TabToAsync(box, MaxTabs);
            await page.Keyboard.PressAsync("Space");
            Assert.True(await box.IsCheckedAsync(), $"Space did not tick \"{label}\"");
            await RememberFocusedStopAsync();
        }

        public async Task TypeAsync(ILocator field, string text)
        {
            await TabToAsync(field, MaxTabs);
            await page.Keyboard.TypeAsync(text);
            Assert.Equal(text, await field.InputValueAsync());
            await RememberFocusedStopAsync();
        }

        public async Task PressButtonAsync(string name)
        {
            await TabToAsync(page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }), MaxTabs);
            // Every button pressed here leads to another page.
            var before = page.Url;
            await page.Keyboard.PressAsync("Enter");
            try
            {
                // Longer than the context's 15 s: on a loaded 2-core CI machine a POST and its redirect can queue.
                await page.WaitForURLAsync(url => url != before, new() { Timeout = 45_000 });
            }
            catch (TimeoutException)
            {
                // Say where the browser stayed, so a failure on CI names its cause (an error page answered in place?).
                var alerts = string.Join(" | ", await page.Locator(".error-summary, [role=alert]").AllTextContentsAsync());
                var focused = string.Join(" | ", await page.Locator(":focus").AllTextContentsAsync());
                Assert.Fail($"Enter on \"{name}\" left the browser on {page.Url} (title \"{await page.TitleAsync()}\"; focused: \"{focused}\"; alerts: {alerts})");
            }
            await page.WaitForLoadStateAsync(LoadState.Load);
        }

        private async Task TabToAsync(ILocator target, int within)
        {
            for (var i = 0; i < within; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                await CompareLastStopAsync();
                await RememberFocusedStopAsync();
                if (await IsFocusedAsync(target))
                {
                    return;
                }
            }
            Assert.Fail($"{target} was not reached within {within} presses of Tab on {page.Url}");
        }

        private static async Task<bool> IsFocusedAsync(ILocator target) => await target.And(target.Page.Locator(":focus")).CountAsync() > 0;

        /// <summary>The last stop, now without focus, must look different from how it looked with focus.</summary>
        private async Task CompareLastStopAsync()
        {
            if (_last is not { } last)
            {
                return;
            }
            var unfocused = await page.ScreenshotAsync(last.Clip);
            Assert.False(unfocused.AsSpan().SequenceEqual(last.Focused), $"{last.What} on {page.Url} looks the same with and without focus");
            StopsChecked++;
        }

        /// <summary>
        /// Captures the focused stop as it looks now. Called again after a key changes it (a tick, a choice, typed
        /// text), so that the comparison when focus moves on differs by the focus style alone.
        /// </summary>
        private async Task RememberFocusedStopAsync()
        {
            var box = await page.Locator(":focus").BoundingBoxAsync();
            if (box is null)
            {
                _last = null;
                return;
            }
            // Boxes are measured from the viewport, a full-page clip from the document: the root's box is the scroll.
            var document = (await page.Locator("html").BoundingBoxAsync())!;
            // The focus style may draw outside the element (outline, offset, shadow): take a margin around it.
            var clip = new PageScreenshotOptions
            {
                Clip = new Clip
                {
                    X = Math.Max(0, box.X - document.X - 6),
                    Y = Math.Max(0, box.Y - document.Y - 6),
                    Width = box.Width + 12,
                    Height = box.Height + 12,
                },
                FullPage = true,
            };
            var focused = page.Locator(":focus");
            var what = $"<{await focused.GetAttributeAsync("class")} {await focused.GetAttributeAsync("href")} {await focused.GetAttributeAsync("id")}> \"{(await focused.TextContentAsync())?.Trim()}\" at {box.X},{box.Y} {box.Width}x{box.Height}";
            _last = (clip, await page.ScreenshotAsync(clip), what);
        }
    }
}
