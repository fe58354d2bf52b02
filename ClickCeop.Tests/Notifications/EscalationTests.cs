using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Web.Notifications;
using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Notifications;

/// <summary>
/// Escalation of unacknowledged immediate-risk reports: the app's own escalation service and dispatcher, the
/// console's test clock (moved by hand, never slept on), and the real SMTP sink. The service looks every 100 ms of
/// real time; "nothing more arrives" is checked after several of those looks.
/// </summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private const string Configured = "config.duty@nca.example";
    private const string Inspector = "inspector@nca.example";
    private static readonly TimeSpan SeveralPasses = TimeSpan.FromMilliseconds(600);

    private readonly SmtpSink _sink = SmtpSink.StartNew();
    private readonly List<ConsoleHost> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unacknowledged_immediate_risk_report_is_re_alerted_after_the_interval_and_again_after_another()
    {
        // Round 1 is due After the first alert, each next round Interval after the last: two different times here, so
        // the rounds show which of them was used.
        var host = Host(settings: new() { ["Escalation:After"] = "00:05:00", ["Escalation:Interval"] = "00:10:00" });
        var officer = await host.EnrolledOfficerAsync("dana@nca.example");
        var report = await SubmitAsync(host, Danger.Yes);
        var first = await _sink.WaitForAsync(2);
        Assert.All(first, m => Assert.Equal($"[IMMEDIATE RISK] CEOP report {report.Reference}", m.Message.Subject));
        await WaitForSentAsync(host, 2);

        host.Clock.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(SeveralPasses);
        Assert.Equal(2, _sink.Accepted.Count);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var round1 = (await _sink.WaitForAsync(5)).Skip(2).ToList();
        Assert.Equal([Configured, "dana@nca.example", Inspector], round1.SelectMany(m => m.Recipients).Order());
        Assert.All(round1, m =>
        {
            Assert.Equal($"[ESCALATION 1] [IMMEDIATE RISK] CEOP report {report.Reference}", m.Message.Subject);
            Assert.Equal("1", m.Message.Headers[MimeKit.HeaderId.XPriority]);
            Assert.Contains("ESCALATION 1: nobody has acknowledged this report yet.", m.Message.TextBody);
            Assert.Contains($"/officers/reports/{report.Id}", m.Message.TextBody);
            // Only the reference from the report reaches a header.
            foreach (var value in new[] { report.Narrative, report.Reporter.Name, report.Platform })
            {
                Assert.DoesNotContain(value, m.RawHeaders, StringComparison.OrdinalIgnoreCase);
            }
        });
        // Every message is its own: no Message-ID reused from the first alert or within the round.
        Assert.Equal(5, _sink.Accepted.Select(m => m.Message.MessageId).Distinct().Count());
        await WaitForSentAsync(host, 5);

        host.Clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(SeveralPasses);
        Assert.Equal(5, _sink.Accepted.Count);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var round2 = (await _sink.WaitForAsync(8)).Skip(5).ToList();
        Assert.All(round2, m => Assert.Equal($"[ESCALATION 2] [IMMEDIATE RISK] CEOP report {report.Reference}", m.Message.Subject));
        Assert.Equal([Configured, "dana@nca.example", Inspector], round2.SelectMany(m => m.Recipients).Order());

        // The report page's audit log shows both rounds, newest first.
        var opened = await host.Services.GetRequiredService<CaseStore>().OpenAsync(report.Id, officer.Id);
        var escalated = opened!.Value.Audit.Where(a => a.Action == "escalated").Select(a => a.Detail).ToList();
        Assert.Equal(["round 2, to 3 recipients", "round 1, to 3 recipients"], escalated);

        // And on the report page itself, as the officer sees it.
        var client = host.CreateBrowserlessClient();
        await host.SignInAsync(client, officer);
        var page = await client.GetDocumentAsync($"/officers/reports/{report.Id}");
        var rows = page.QuerySelectorAll("#audit tbody tr[data-action='escalated']")
            .Select(row => row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, cells => Assert.Equal("ClickCeop (automatic)", cells[1]));
        Assert.Equal("Escalated (not acknowledged in time)", rows[0][2]);
        Assert.Equal("round 2, to 3 recipients", rows[0][3]);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("Escalation:Address", "not an address")]
    [InlineData("Escalation:Address", "a@nca.example\r\nBcc: b@example.org")]
    [InlineData("Escalation:Address", "a@nca.example, b@nca.example")]
    [InlineData("Escalation:After", "00:00:00")]
    [InlineData("Escalation:Interval", "00:00:10")]
    public async Task Invalid_escalation_settings_stop_the_app_at_start_up(string key, string value)
    {
        var host = new ConsoleHost(new Dictionary<string, string?> { [key] = value.Replace("\\r\\n", "\r\n", StringComparison.Ordinal) });
        _hosts.Add(host);
        await Task.Yield();
        var failure = Assert.ThrowsAny<Exception>(() => host.StartServer());
        Assert.Contains("Escalation:", failure.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_clock_stepped_back_an_hour_does_not_hold_back_the_next_round_for_the_hour()
    {
        var host = Host();
        await host.EnrolledOfficerAsync("dana@nca.example");
        var report = await SubmitAsync(host, Danger.Yes);
        await _sink.WaitForAsync(2);
        await WaitForSentAsync(host, 2);

        // Five minutes on, the clock is corrected an hour back (it had run ahead): by the clock the first alert is now
        // 55 minutes in the future. Waiting for the clock to pass it again would leave the report unacknowledged and
        // unrepeated for an hour; the round goes at once, five minutes early, instead.
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        host.Clock.Advance(TimeSpan.FromHours(-1));

        var round1 = (await _sink.WaitForAsync(5, TimeSpan.FromSeconds(10))).Skip(2).ToList();
        Assert.All(round1, m => Assert.Equal($"[ESCALATION 1] [IMMEDIATE RISK] CEOP report {report.Reference}", m.Message.Subject));
        await WaitForSentAsync(host, 5);
        // The round just written is timed from now, so the next waits its interval as usual.
        host.Clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(SeveralPasses);
        Assert.Equal(5, _sink.Accepted.Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Acknowledging_stops_escalation()
    {
        var host = Host();
        var officer = await host.EnrolledOfficerAsync("dana@nca.example");
        var report = await SubmitAsync(host, Danger.Yes);
        await _sink.WaitForAsync(2);
        await WaitForSentAsync(host, 2);
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await _sink.WaitForAsync(5);
        await WaitForSentAsync(host, 5);

        Assert.Equal(CaseActionResult.Done, await host.Services.GetRequiredService<CaseStore>().AcknowledgeAsync(report.Id, officer.Id));
        for (var i = 0; i < 3; i++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(SeveralPasses);
        }
        Assert.Equal(5, _sink.Accepted.Count);
        Assert.Equal(0, await host.Services.GetRequiredService<EscalationService>().EscalateDueAsync());
        Assert.Equal(["1"], await DatabaseFile.ColumnAsync(host.DatabasePath, $"SELECT round FROM escalations WHERE report_id = '{report.Id}'"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Reports_without_immediate_risk_never_escalate()
    {
        var host = Host();
        await host.EnrolledOfficerAsync("dana@nca.example");
        await SubmitAsync(host, Danger.No);
        await SubmitAsync(host, Danger.NotSure);
        await _sink.WaitForAsync(4);
        await WaitForSentAsync(host, 4);

        foreach (var minutes in new[] { 10, 30, 240 })
        {
            host.Clock.Advance(TimeSpan.FromMinutes(minutes));
            await Task.Delay(SeveralPasses);
        }
        Assert.Equal(4, _sink.Accepted.Count);
        Assert.DoesNotContain(_sink.Accepted, m => m.Message.Subject!.Contains("ESCALATION", StringComparison.Ordinal));
        Assert.Equal(["0"], await DatabaseFile.ColumnAsync(host.DatabasePath, "SELECT COUNT(*) FROM escalations"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_restart_neither_repeats_nor_skips_a_round_and_concurrent_passes_write_one_round()
    {
        var first = Host();
        await first.EnrolledOfficerAsync("dana@nca.example");
        var report = await SubmitAsync(first, Danger.Yes);
        await _sink.WaitForAsync(2);
        await WaitForSentAsync(first, 2);
        first.Clock.Advance(TimeSpan.FromMinutes(10));
        await _sink.WaitForAsync(5);
        await WaitForSentAsync(first, 5);
        var stoppedAt = first.Clock.Now;
        await first.DisposeAsync();
        _hosts.Remove(first);

        // The same database, five minutes later: round 1 is recorded, round 2 is not due yet.
        var second = Host(first.DataFolder, stoppedAt + TimeSpan.FromMinutes(5));
        second.StartServer();
        await Task.Delay(SeveralPasses);
        Assert.Equal(5, _sink.Accepted.Count);

        // Round 2 falls due; the service's own loop and two extra passes race for it: exactly one round is written.
        second.Clock.Advance(TimeSpan.FromMinutes(5));
        var escalation = second.Services.GetRequiredService<EscalationService>();
        var written = await Task.WhenAll(escalation.EscalateDueAsync(), escalation.EscalateDueAsync());
        Assert.True(written.Sum() <= 1);
        var all = await _sink.WaitForAsync(8);
        await Task.Delay(SeveralPasses);
        Assert.Equal(8, _sink.Accepted.Count);
        Assert.Equal(3, all.Count(m => m.Message.Subject!.StartsWith("[ESCALATION 2] ", StringComparison.Ordinal)));
        Assert.Equal(["1", "2"], await DatabaseFile.ColumnAsync(second.DatabasePath, $"SELECT round FROM escalations WHERE report_id = '{report.Id}' ORDER BY round"));
    }

    private ConsoleHost Host(string? dataFolder = null, DateTimeOffset? clockStart = null, Dictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>(_sink.Settings)
        {
            ["Notifications:DutyOfficers:0"] = Configured,
            ["Notifications:InitialBackoff"] = "00:00:00.050",
            ["Notifications:MaxBackoff"] = "00:00:00.200",
            ["Notifications:PollInterval"] = "00:00:00.200",
            ["Escalation:Address"] = Inspector,
            ["Escalation:CheckEvery"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings ?? []) configuration[key] = value;
        var host = new ConsoleHost(configuration, dataFolder, clockStart);
        _hosts.Add(host);
        return host;
    }

    /// <summary>Submits a report received "now" by the host's clock, as the form would.</summary>
    private static async Task<Report> SubmitAsync(ConsoleHost host, Danger danger)
    {
        var report = SampleReports.Parent(danger) with { ReceivedAt = host.Clock.Now };
        await host.Services.GetRequiredService<ReportStore>().SubmitAsync(report, "key-" + report.Id);
        return report;
    }

    /// <summary>
    /// Waits until the dispatcher has recorded its sends. The sink accepts a message before the dispatcher records it
    /// sent; moving the clock past the 2-minute lease in between lets another sender claim the row again and send it
    /// a second time (same Message-ID), as it should once a lease has run out. So the clock moves only after this.
    /// </summary>
    private static Task WaitForSentAsync(ConsoleHost host, int count) =>
        DatabaseFile.WaitForCountAsync(host.DatabasePath, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'", count);
}
