using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClickCeop.Tests.Pages.Officers;

[Collection(ChromiumCollection.Name)]
public sealed class ConsoleInBrowserTests : IDisposable
{
    private const int StepTimeout = 15_000;
    private readonly Chromium _chromium;
    private readonly ConsoleHost _host = new();

    public ConsoleInBrowserTests(Chromium chromium)
    {
        _chromium = chromium;
        _host.WithKestrel();
    }

    private string Url(string path) => new Uri(_host.BaseAddress, path).ToString();

    private async Task<Web.Reports.Report> SubmitAsync(Web.Reports.Report report) =>
        (await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(report, ReferenceNumber.NewId())).Report;

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(TestFolders.Output("console"), name + ".png"), FullPage = true });

    [Fact(Timeout = 120_000)]
    public async Task Officer_follows_the_alert_link_signs_in_with_password_and_code_and_acknowledges_the_urgent_report()
    {
        _ = _host.BaseAddress; // start Kestrel before touching the database through Services
        var officer = await _host.EnrolledOfficerAsync();
        await SubmitAsync(SampleReports.Parent(Danger.No) with { ReceivedAt = _host.Clock.Now.AddHours(-3) });
        var urgent = await SubmitAsync(SampleReports.YoungPerson(Danger.Yes) with { ReceivedAt = _host.Clock.Now.AddMinutes(-2) });

        await using var context = await _chromium.NewContextWithoutJavaScriptAsync();
        context.SetDefaultTimeout(StepTimeout);
        context.SetDefaultNavigationTimeout(StepTimeout);
        var page = await context.NewPageAsync();

        // The link in the alert email.
        await page.GotoAsync(Url($"/officers/reports/{urgent.Id}"));
        Assert.Equal("/officers/sign-in", new Uri(page.Url).AbsolutePath);
        await ShotAsync(page, "1-sign-in");
        await page.GetByLabel("Email address", new() { Exact = true }).FillAsync(officer.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(ConsoleHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();

        Assert.Equal("/officers/sign-in/code", new Uri(page.Url).AbsolutePath);
        await ShotAsync(page, "2-code");
        await page.GetByLabel("Enter the code from your authenticator app", new() { Exact = true }).FillAsync(_host.CodeNow(officer));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        // Back where the email pointed.
        Assert.Equal($"/officers/reports/{urgent.Id}", new Uri(page.Url).AbsolutePath);

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to open reports", Exact = true }).ClickAsync();
        Assert.Equal("/officers", new Uri(page.Url).AbsolutePath);
        await ShotAsync(page, "3-queue");
        var firstRow = page.Locator("table.console-queue tbody tr").First;
        Assert.Equal(urgent.Reference, (await firstRow.Locator("td").First.InnerTextAsync()).Trim());
        Assert.Contains("Immediate risk", await firstRow.InnerTextAsync());

        await firstRow.GetByRole(AriaRole.Link).ClickAsync();
        Assert.Equal($"/officers/reports/{urgent.Id}", new Uri(page.Url).AbsolutePath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }).ClickAsync();

        Assert.Equal("Acknowledged", (await page.Locator("#status").InnerTextAsync()).Trim());
        Assert.Contains("Dana Duty", await page.Locator("#acknowledged").InnerTextAsync());
        var rows = await page.Locator("#audit tbody tr td:nth-child(3)").AllInnerTextsAsync();
        Assert.Equal(["Viewed", "Acknowledged", "Viewed", "Viewed"], rows.Select(r => r.Trim()));
        await ShotAsync(page, "4-acknowledged");
    }

    [Fact(Timeout = 180_000)]
    public async Task Every_console_page_has_no_accessibility_violations()
    {
        _ = _host.BaseAddress;
        var (created, oneTime) = await _host.Officers.CreateAsync("new@example.org", "Nia New");
        var report = await SubmitAsync(SampleReports.Parent(Danger.Yes));

        await using var context = await _chromium.NewContextForAxeAsync();
        context.SetDefaultTimeout(StepTimeout);
        context.SetDefaultNavigationTimeout(StepTimeout);
        var page = await context.NewPageAsync();

        await page.GotoAsync(Url("/officers/sign-in"));
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        Assert.Equal(1, await page.Locator(".error-summary").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("Email address", new() { Exact = true }).FillAsync(created.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(oneTime);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        Assert.Equal("/officers/new-password", new Uri(page.Url).AbsolutePath);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("password1234");
        await page.GetByLabel("Enter the new password again", new() { Exact = true }).FillAsync("password1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save password", Exact = true }).ClickAsync();
        Assert.Equal(1, await page.Locator(".error-summary").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(ConsoleHost.Password);
        await page.GetByLabel("Enter the new password again", new() { Exact = true }).FillAsync(ConsoleHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save password", Exact = true }).ClickAsync();

        Assert.Equal("/officers/set-up-authenticator", new Uri(page.Url).AbsolutePath);
        await Accessibility.AssertNoViolationsAsync(page);
        await ShotAsync(page, "set-up-authenticator");
        var secret = (await page.Locator("#secret").InnerTextAsync()).Replace(" ", "");
        await page.GetByLabel("Code from the app", new() { Exact = true }).FillAsync("000000" == ConsoleHost.CodeAt(secret, _host.Clock.Now) ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and sign in", Exact = true }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("Code from the app", new() { Exact = true }).FillAsync(ConsoleHost.CodeAt(secret, _host.Clock.Now));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and sign in", Exact = true }).ClickAsync();

        Assert.Equal("/officers", new Uri(page.Url).AbsolutePath);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GotoAsync(Url("/officers?status=new"));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Find a report by its reference", Exact = true }).ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
        Assert.Equal(1, await page.Locator(".error-summary").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("Find a report", new() { Exact = true }).FillAsync(report.Reference.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();

        Assert.Equal($"/officers/reports/{report.Id}", new Uri(page.Url).AbsolutePath);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note", Exact = true }).ClickAsync();
        Assert.Equal(1, await page.Locator(".error-summary").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync(Url("/officers/sign-out"));
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out now", Exact = true }).ClickAsync();
        Assert.Equal("/officers/sign-in", new Uri(page.Url).AbsolutePath);

        // The everyday second step, with and without an error.
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        await page.GetByLabel("Email address", new() { Exact = true }).FillAsync(created.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(ConsoleHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        Assert.Equal("/officers/sign-in/code", new Uri(page.Url).AbsolutePath);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        Assert.Equal(1, await page.Locator(".error-summary").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    public void Dispose() => _host.Dispose();
}
