using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Web.Notifications;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClickCeop.Tests.Notifications;

/// <summary>
/// The dispatcher against a clock that is stepped by hand (the console's <see cref="TestClock"/>), the app's real
/// MailKit client and the real SMTP sink. A server's clock can be stepped back (a clock that ran ahead, corrected);
/// an alert waiting for its retry must not then wait for as long as the step.
/// </summary>
public sealed class AlertClockTests : IAsyncLifetime
{
    private const string Officer = "duty@nca.example";

    private readonly SmtpSink _sink = new();
    private ConsoleHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        await _sink.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task An_alert_waiting_to_retry_is_sent_once_the_server_is_back_even_after_the_clock_was_stepped_back_an_hour()
    {
        _host = new ConsoleHost(new Dictionary<string, string?>(_sink.Settings)
        {
            ["Notifications:DutyOfficers:0"] = Officer,
            ["Notifications:InitialBackoff"] = "00:00:01",
            ["Notifications:MaxBackoff"] = "00:01:00",
            ["Notifications:PollInterval"] = "00:00:00.200",
        });
        // Stepped back an hour, the report's escalation round falls due at once; its mail is not the retry under test.
        _host.WithoutJob<EscalationService>();
        _host.StartServer();
        var report = SampleReports.YoungPerson(Danger.Yes) with { ReceivedAt = _host.Clock.Now };

        // The mail server is down: the first connection fails and the row waits about a second for the next one
        // (handed back untried: the attempt its claim counted is given back).
        await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(report, "draft-clock");
        await DatabaseFile.WaitForCountAsync(_host.DatabasePath, "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts = 0 AND last_error IS NOT NULL", 1);

        // The mail server comes back, and the clock is stepped back an hour. (The test clock stands still between
        // steps: the server is listening before the step, so the first attempt after it is the one that must go.)
        _sink.Start();
        _host.Clock.Advance(TimeSpan.FromHours(-1));

        try
        {
            var received = Assert.Single(await _sink.WaitForAsync(1, TimeSpan.FromSeconds(10)));
            Assert.Equal($"[IMMEDIATE RISK] CEOP report {report.Reference}", received.Message.Subject);
        }
        catch (TimeoutException timeout)
        {
            var rows = await DatabaseFile.ColumnAsync(_host.DatabasePath,
                "SELECT status || ' attempts=' || attempts || ' next=' || next_attempt_at || ' lease=' || IFNULL(lease_until, '') FROM outbox");
            var health = await _host.CreateBrowserlessClient().GetStringAsync("/healthz");
            Assert.Fail($"{timeout.Message} The clock reads {_host.Clock.Now:O}; outbox: {string.Join(" | ", rows)}; /healthz: {health}.");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task An_alert_still_waiting_after_stale_after_makes_health_degraded()
    {
        _host = new ConsoleHost(new Dictionary<string, string?>(_sink.Settings)
        {
            ["Notifications:DutyOfficers:0"] = Officer,
            // The mail server stays down and the next connection is an hour away: the row stays pending, never failed.
            ["Notifications:InitialBackoff"] = "01:00:00",
            ["Notifications:MaxBackoff"] = "01:00:00",
            ["Notifications:StaleAfter"] = "00:10:00",
        });
        _host.StartServer();
        var report = SampleReports.YoungPerson(Danger.Yes) with { ReceivedAt = _host.Clock.Now };
        await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(report, "draft-stale");
        await DatabaseFile.WaitForCountAsync(_host.DatabasePath, "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts = 0 AND last_error IS NOT NULL", 1);
        var client = _host.CreateBrowserlessClient();
        // A short outage is a warning, not yet an error.
        await _host.Log.WaitForAsync("Mail server unreachable (failed connection 1 in a row)", count: 1, TimeSpan.FromSeconds(10));
        Assert.Contains(_host.Log.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Mail server unreachable (failed connection 1 in a row)", StringComparison.Ordinal));
        Assert.DoesNotContain(_host.Log.LinesFrom(LogLevel.Error), line => line.Contains("Mail server unreachable", StringComparison.Ordinal));

        _host.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));

        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("Degraded", await client.GetStringAsync("/healthz"));
        Assert.Equal(["pending"], await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT status FROM outbox"));

        // No alert gives up however long the server is down, so the log must say so louder once the outage is longer
        // than StaleAfter: a new report's signal makes the next connection try now, and it fails.
        var later = SampleReports.YoungPerson(Danger.No) with { ReceivedAt = _host.Clock.Now };
        await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(later, "draft-stale-later");
        await _host.Log.WaitForAsync("Mail server unreachable for 00:11:", count: 1, TimeSpan.FromSeconds(10));
        Assert.Contains(_host.Log.LinesFrom(LogLevel.Error), line => line.Contains("Mail server unreachable for 00:11:", StringComparison.Ordinal));
        Assert.Equal(["0"], await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT COUNT(*) FROM outbox WHERE status = 'failed'"));
        Assert.Equal("Degraded", await client.GetStringAsync("/healthz"));
    }
}
