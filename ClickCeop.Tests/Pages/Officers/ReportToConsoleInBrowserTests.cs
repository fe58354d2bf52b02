using System.Text.RegularExpressions;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClickCeop.Tests.Pages.Officers;

/// <summary>
/// End to end, all real parts: a young person files an immediate-risk report in Chromium with JavaScript off; the
/// app's dispatcher mails the duty officer through MailKit to a real SMTP server; the officer follows the link in
/// that email, signs in with password and TOTP, lands on the report, finds it at the top of the queue and
/// acknowledges it; the audit log shows the view and the acknowledgement.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class ReportToConsoleInBrowserTests(Chromium chromium) : IAsyncLifetime
{
    private const int StepTimeout = 15_000;
    private const string ConsoleBaseUrl = "https://console.clickceop.test";

    private readonly SmtpSink _sink = SmtpSink.StartNew();
    private ConsoleHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact(Timeout = 150_000)]
    public async Task A_young_persons_urgent_report_reaches_the_officer_by_email_and_is_acknowledged_in_the_console()
    {
        _host = new ConsoleHost(new Dictionary<string, string?>(_sink.Settings)
        {
            ["Notifications:ConsoleBaseUrl"] = ConsoleBaseUrl,
            ["Notifications:PollInterval"] = "00:00:00.200",
        });
        _host.WithKestrel();
        var baseAddress = _host.BaseAddress;
        var officer = await _host.EnrolledOfficerAsync("dana.duty@nca.example", "Dana Duty");
        // An older, normal report already waiting: the urgent one must still come first in the queue.
        var older = SampleReports.Parent(Danger.No) with { ReceivedAt = _host.Clock.Now.AddHours(-2) };
        await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(older, "older");

        var folder = TestFolders.Output("console-e2e");
        await using var context = await chromium.NewContextWithoutJavaScriptAsync();
        context.SetDefaultTimeout(StepTimeout);
        context.SetDefaultNavigationTimeout(StepTimeout);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(StepTimeout);
        Task Shot(string name) => page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });

        // 1. The young person, through the form pages.
        await page.GotoAsync(new Uri(baseAddress, "/report?partner=example-social").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Start now" }).ClickAsync();
        await page.GetByLabel("I am under 18 and this is about me").CheckAsync();
        await Continue(page);
        await page.GetByLabel("Someone asked for sexual pictures or videos").CheckAsync();
        await Continue(page);
        await page.CheckAsync("#danger");
        await Continue(page);
        await page.FillAsync("#platform", "Example Social");
        await Continue(page);
        await page.FillAsync("#other-person", "@stranger_42");
        await Continue(page);
        await Continue(page); // when it started: optional, left empty
        await page.FillAsync("#narrative", "He says he is outside my school now and wants me to come out.");
        await Continue(page);
        await page.FillAsync("#reporter-name", "Sam");
        await page.FillAsync("#reporter-age", "13");
        await Continue(page);
        await page.FillAsync("#email", "sam@example.org");
        await Continue(page);
        Assert.EndsWith("/report/check-answers", page.Url);
        await Shot("1-check-answers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        Assert.EndsWith("/report/confirmation", page.Url);
        var reference = (await page.Locator("#reference").TextContentAsync())!.Trim();
        Assert.True(ReferenceNumber.IsWellFormed(reference), reference);
        await Shot("2-confirmation");

        // 2. The email the SMTP server received, and the console link in it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        SmtpSink.Received? alert = null;
        while (alert is null)
        {
            alert = _sink.Accepted.FirstOrDefault(m =>
                m.Recipients.Contains(officer.Email) && m.Message.Subject == $"[IMMEDIATE RISK] CEOP report {reference}");
            if (alert is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "The officer's alert email did not arrive.");
                await Task.Delay(50);
            }
        }
        Assert.DoesNotContain("outside my school", alert.Message.TextBody);
        var link = ConsoleLink().Match(alert.Message.TextBody ?? "");
        Assert.True(link.Success, alert.Message.TextBody);
        var emailed = new Uri(link.Value);
        Assert.Equal(new Uri(ConsoleBaseUrl).Host, emailed.Host);
        // The same path on this test server (the configured console host name does not resolve here).
        var reportPath = emailed.AbsolutePath;
        Assert.Matches("^/officers/reports/[A-Za-z0-9_-]+$", reportPath);

        // 3. The officer follows it: sent to sign-in, password then TOTP, and back on that report.
        await page.GotoAsync(new Uri(baseAddress, reportPath).ToString());
        Assert.Equal("/officers/sign-in", new Uri(page.Url).AbsolutePath);
        await Shot("3-sign-in");
        await page.GetByLabel("Email address", new() { Exact = true }).FillAsync(officer.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(ConsoleHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        Assert.Equal("/officers/sign-in/code", new Uri(page.Url).AbsolutePath);
        await page.GetByLabel("Enter the code from your authenticator app", new() { Exact = true }).FillAsync(_host.CodeNow(officer));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        Assert.Equal(reportPath, new Uri(page.Url).AbsolutePath);
        Assert.Contains(reference, await page.InnerTextAsync("main"));
        Assert.Contains("outside my school", await page.InnerTextAsync("main"));
        await Shot("4-report");

        // 4. The queue: the urgent report at the top, above the older normal one.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to open reports", Exact = true }).ClickAsync();
        Assert.Equal("/officers", new Uri(page.Url).AbsolutePath);
        var rows = page.Locator("table.console-queue tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal(reference, (await rows.First.Locator("td").First.InnerTextAsync()).Trim());
        Assert.Contains("Immediate risk", await rows.First.InnerTextAsync());
        Assert.Equal(older.Reference, (await rows.Nth(1).Locator("td").First.InnerTextAsync()).Trim());
        await Shot("5-queue");

        // 5. Acknowledge; the audit log shows the views and the acknowledgement, by this officer.
        await rows.First.GetByRole(AriaRole.Link).ClickAsync();
        Assert.Equal(reportPath, new Uri(page.Url).AbsolutePath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }).ClickAsync();
        Assert.Equal("Acknowledged", (await page.Locator("#status").InnerTextAsync()).Trim());
        var actions = (await page.Locator("#audit tbody tr td:nth-child(3)").AllInnerTextsAsync()).Select(a => a.Trim()).ToList();
        // Newest first: the view after acknowledging, the acknowledgement, the view from the queue, the view via the email link.
        Assert.Equal(["Viewed", "Acknowledged", "Viewed", "Viewed"], actions);
        var officers = (await page.Locator("#audit tbody tr td:nth-child(2)").AllInnerTextsAsync()).Select(a => a.Trim());
        Assert.All(officers, name => Assert.Equal("Dana Duty", name));
        await Shot("6-acknowledged");

        // Acknowledged in time: no escalation, ever.
        _host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _host.Services.GetRequiredService<Web.Notifications.EscalationService>().EscalateDueAsync());
    }

    private static Task Continue(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

    [GeneratedRegex(@"https://console\.clickceop\.test/officers/reports/\S+")]
    private static partial Regex ConsoleLink();
}
