using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClickCeop.Tests.Pages.Officers;

/// <summary>
/// The next person at an officer's browser, in a Chromium with its back-forward cache on (as people have it): once
/// the officer has signed out, Back shows no report, nor the note the officer was typing.
/// </summary>
public sealed class SignOutInBrowserTests : IAsyncLifetime
{
    private readonly ConsoleHost _host = new();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _host.WithKestrel();
        _ = _host.BaseAddress; // start Kestrel before touching the database through Services
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchWithBackForwardCacheAsync(_playwright);
    }

    [Fact(Timeout = 60_000)]
    public async Task After_signing_out_back_shows_no_report()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var report = (await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(SampleReports.Parent(Danger.Yes), "sent")).Report;
        await using var context = await _browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);

        await page.GotoAsync(new Uri(_host.BaseAddress, $"/officers/reports/{report.Id}").ToString());
        await page.GetByLabel("Email address", new() { Exact = true }).FillAsync(officer.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(ConsoleHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await page.GetByLabel("Enter the code from your authenticator app", new() { Exact = true }).FillAsync(_host.CodeNow(officer));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        Assert.Equal($"/officers/reports/{report.Id}", new Uri(page.Url).AbsolutePath);
        await page.FillAsync("#note", "Called the school, NOTE-NOT-SAVED");
        string[] secrets = [report.Reference, "Alex", "Jo Bloggs", "07700 900123", "come to my school", "NOTE-NOT-SAVED"];
        Assert.Contains(report.Reference, await page.Locator("main").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        Assert.Equal("/officers/sign-in", new Uri(page.Url).AbsolutePath);
        // As a person does before anyone presses Back: the page has finished loading, its style sheets with it. (Back
        // pressed at once, while the style sheet was still on its way, restored the report on a busy machine.)
        await page.WaitForLoadStateAsync(LoadState.Load);

        for (var i = 1; i <= 3; i++)
        {
            await Chromium.GoAsync(page, back: true);
            var shown = await page.TitleAsync() + "\n" + await page.Locator("body").InnerTextAsync() + "\n" +
                string.Join("\n", await page.Locator("input, textarea").EvaluateAllAsync<string[]>("fields => fields.map(f => f.value)"));
            var seen = secrets.Where(s => shown.Contains(s, StringComparison.Ordinal)).ToArray();
            Assert.True(seen.Length == 0, $"Back {i} time(s) after signing out, {page.Url} shows {string.Join(", ", seen.Select(s => $"'{s}'"))}");
        }
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }
}
