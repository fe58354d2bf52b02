using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Notifications;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ClickCeop.Tests.Notifications;

/// <summary>
/// The app's real dispatcher and MailKit client against a real SMTP server on 127.0.0.1 (<see cref="SmtpSink"/>).
/// Backoffs are configured small so retries take milliseconds; every wait is a bounded poll.
/// </summary>
public sealed class DutyOfficerAlertTests : IAsyncLifetime
{
    private const string OfficerA = "officer.a@nca.example";
    private const string OfficerB = "officer.b@nca.example";
    private const string ConsoleBaseUrl = "https://console.clickceop.test";

    private readonly List<AppHost> _hosts = [];
    private readonly SmtpSink _sink = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        await _sink.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_report_gives_one_message_per_officer_with_the_right_subject_headers_and_link_and_no_story()
    {
        _sink.Start();
        var host = Host(officers: [OfficerA, OfficerB]);
        var urgent = SampleReports.Parent(Danger.Yes);
        var normal = SampleReports.YoungPerson(Danger.No);

        await Store(host).SubmitAsync(urgent, "draft-urgent");
        await _sink.WaitForAsync(2);
        await Store(host).SubmitAsync(normal, "draft-normal");
        var all = await _sink.WaitForAsync(4);
        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'", 4);

        var forUrgent = all.Where(m => (m.Message.Subject ?? "").Contains(urgent.Reference, StringComparison.Ordinal)).ToList();
        Assert.Equal([OfficerA, OfficerB], forUrgent.SelectMany(m => m.Recipients).Order());
        Assert.Equal([OfficerA, OfficerB], forUrgent.SelectMany(m => m.Message.To.Mailboxes.Select(a => a.Address)).Order());
        foreach (var received in forUrgent)
        {
            var message = received.Message;
            Assert.Equal($"[IMMEDIATE RISK] CEOP report {urgent.Reference}", message.Subject);
            Assert.Equal("high", message.Headers[HeaderId.Importance]);
            Assert.Equal("1", message.Headers[HeaderId.XPriority]);
            // RFC 3834: an out-of-office or vacation reply must not answer (or loop with) an automatic alert.
            Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
            Assert.Contains($"{ConsoleBaseUrl}/officers/reports/{urgent.Id}", message.TextBody);
            Assert.Contains($"href=\"{ConsoleBaseUrl}/officers/reports/{urgent.Id}\"", message.HtmlBody);
            Assert.Contains("Categories: Asked for sexual images", message.TextBody); // as the console names it
            Assert.Contains("Example Social", message.TextBody);
            Assert.Contains("example-social", message.TextBody);
            Assert.Contains("28 November 2026 at 16:05 UTC", message.TextBody);
            foreach (var secret in new[] { urgent.Narrative, "Alex", "Jo Bloggs", "07700 900123", "stranger_42" })
            {
                Assert.DoesNotContain(secret, message.TextBody);
                Assert.DoesNotContain(secret, message.HtmlBody);
            }
        }
        // Each officer's copy is its own message with its own Message-ID, fixed in the outbox row.
        var storedIds = await DatabaseFile.ColumnAsync(host.DatabasePath, $"SELECT message_id FROM outbox WHERE report_id = '{urgent.Id}'");
        Assert.Equal(storedIds.Order(), forUrgent.Select(m => m.Message.MessageId).Order());
        Assert.Equal(2, storedIds.Distinct().Count());

        var forNormal = all.Where(m => (m.Message.Subject ?? "").Contains(normal.Reference, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, forNormal.Count);
        Assert.All(forNormal, m =>
        {
            Assert.Equal($"CEOP report {normal.Reference}", m.Message.Subject);
            Assert.Null(m.Message.Headers[HeaderId.XPriority]);
            Assert.Null(m.Message.Headers[HeaderId.Importance]);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task With_IncludeDetails_the_whole_report_is_in_the_body_and_html_encoded()
    {
        _sink.Start();
        var host = Host(officers: [OfficerA], extra: new() { ["Notifications:IncludeDetails"] = "true" });
        var report = SampleReports.Parent(Danger.NotSure) with { Narrative = "He said <b>\"meet me\"</b> & sent a link" };

        await Store(host).SubmitAsync(report, "draft-details");
        var message = (await _sink.WaitForAsync(1))[0].Message;

        Assert.Contains(report.Narrative, message.TextBody);
        Assert.Contains("He said &lt;b&gt;&quot;meet me&quot;&lt;/b&gt; &amp; sent a link", message.HtmlBody);
        Assert.DoesNotContain("<b>", message.HtmlBody);
        Assert.Contains("Alex", message.HtmlBody);
        Assert.Contains("Jo Bloggs", message.HtmlBody);
        Assert.Contains("07700 900123", message.TextBody);
        Assert.Contains("@stranger_42", message.TextBody);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_immediate_risk_report_overtakes_normal_reports_already_queued()
    {
        _sink.Start();
        // One sender, so the order of its claims is the order the server receives them in.
        var host = Host(officers: [OfficerA], extra: new() { ["Notifications:Senders"] = "1" });
        var store = Store(host);
        var held = _sink.HoldAsync();

        // The first normal alert is in flight (held inside DATA) while three more queue up behind it.
        await store.SubmitAsync(SampleReports.YoungPerson(Danger.No), "normal-1");
        await held.WaitAsync(TimeSpan.FromSeconds(10));
        var queued = new List<Report>();
        for (var i = 2; i <= 4; i++)
        {
            var normal = SampleReports.YoungPerson(i % 2 == 0 ? Danger.No : Danger.NotSure);
            await store.SubmitAsync(normal, $"normal-{i}");
            queued.Add(normal);
        }
        var urgent = SampleReports.YoungPerson(Danger.Yes);
        await store.SubmitAsync(urgent, "urgent");
        _sink.Release();

        var order = (await _sink.WaitForAsync(5)).Select(m => m.Message.Subject).ToList();
        Assert.Equal($"[IMMEDIATE RISK] CEOP report {urgent.Reference}", order[1]);
        Assert.Equal(queued.Select(r => $"CEOP report {r.Reference}"), order.Skip(2));
    }

    [Fact(Timeout = 60_000)]
    public async Task Alerts_are_sent_over_several_connections_at_once_so_a_slow_message_does_not_hold_back_the_next()
    {
        _sink.Start();
        var host = Host(officers: [OfficerA], extra: new() { ["Notifications:Senders"] = "3" });
        var store = Store(host);
        var held = _sink.HoldAsync();

        var reports = new List<Report>();
        for (var i = 1; i <= 3; i++)
        {
            var report = SampleReports.YoungPerson(Danger.No);
            await store.SubmitAsync(report, $"parallel-{i}");
            reports.Add(report);
        }
        await held.WaitAsync(TimeSpan.FromSeconds(10));

        // With one connection the second message could not reach DATA before the first was answered.
        await _sink.WaitUntilHeldAsync(3);
        _sink.Release();
        var received = await _sink.WaitForAsync(3);
        Assert.Equal(reports.Select(r => $"CEOP report {r.Reference}").Order(), received.Select(m => m.Message.Subject).Order());
        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts = 1", 3);
        Assert.Equal(3, _sink.Accepted.Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task When_the_mail_server_is_down_the_report_is_stored_and_the_alert_arrives_once_it_is_up()
    {
        var host = Host(officers: [OfficerA, OfficerB]);
        var report = SampleReports.YoungPerson(Danger.Yes);

        var result = await Store(host).SubmitAsync(report, "draft-down");

        Assert.True(result.Created);
        Assert.NotNull(await Store(host).FindByReferenceAsync(report.Reference));
        // The dispatcher tried (and failed) to connect while the server was down; the rows wait, still pending.
        await WaitUntilAsync(host, "SELECT COUNT(*) > 0 FROM outbox WHERE status = 'pending' AND last_error IS NOT NULL", 1);

        _sink.Start();
        await BothOfficersAlertedOnceAsync(host);
        // The connections that failed used up no attempt: each row was sent at its first.
        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE attempts = 1", 2);
    }

    /// <summary>
    /// Each claim counts an attempt, and the most urgent row is claimed first: had a connection that never opened been
    /// charged to the row claimed for it, every try during an outage would fall on the immediate-risk alert, which gave
    /// up first while the normal alerts waited and later went by themselves.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task A_mail_server_down_for_more_connection_tries_than_MaxAttempts_fails_no_alert_and_the_immediate_risk_one_goes_first()
    {
        const int maxAttempts = 2;
        var transport = new CountingTransport();
        // One sender, so the order the server receives the alerts in is the order of the claims.
        var app = Host(officers: [OfficerA], extra: new()
        {
            ["Notifications:Senders"] = "1",
            ["Notifications:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var host = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IMailTransport>(provider => transport.Over(provider.GetRequiredService<SmtpMailTransport>()))));
        var store = host.Services.GetRequiredService<ReportStore>();
        var normal = SampleReports.YoungPerson(Danger.No);
        var urgent = SampleReports.YoungPerson(Danger.Yes);
        await store.SubmitAsync(normal, "draft-outage-normal");
        await store.SubmitAsync(urgent, "draft-outage-urgent");

        // Refused connections, well past MaxAttempts of them (or, until fixed, an alert that gave up).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (transport.Refused < 2 * maxAttempts + 1
               && (await DatabaseFile.ColumnAsync(app.DatabasePath, "SELECT COUNT(*) FROM outbox WHERE status = 'failed'")).Single() == "0")
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {transport.Refused} connection(s) refused within 20 s.");
            await Task.Delay(25);
        }
        Assert.Empty(_sink.Accepted);

        _sink.Start();
        await WaitUntilAsync(app, "SELECT COUNT(*) FROM outbox WHERE status <> 'pending'", 2);

        Assert.Equal(["sent attempts=1", "sent attempts=1"], await DatabaseFile.ColumnAsync(app.DatabasePath,
            "SELECT status || ' attempts=' || attempts FROM outbox ORDER BY priority"));
        Assert.Equal(
            [$"[IMMEDIATE RISK] CEOP report {urgent.Reference}", $"CEOP report {normal.Reference}"],
            (await _sink.WaitForAsync(2)).Select(m => m.Message.Subject));
        Assert.Equal("Healthy", await app.CreateBrowserlessClient().GetStringAsync("/healthz"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_mail_server_that_takes_the_connection_and_never_answers_holds_no_alert_past_the_smtp_timeout()
    {
        // Without a timeout MailKit would wait for the greeting for minutes, and every sender with it.
        var host = Host(officers: [OfficerA, OfficerB], extra: new() { ["Notifications:Smtp:Timeout"] = "00:00:01" });
        _sink.Hang();
        var report = SampleReports.YoungPerson(Danger.Yes);

        await Store(host).SubmitAsync(report, "draft-hung");

        // Each connection was given up on after the timeout and the row put back: more than once, within seconds,
        // and without using up the rows' attempts (at most the one a connection in progress holds).
        await host.Log.WaitForAsync("Mail server unreachable", count: 3, TimeSpan.FromSeconds(15));
        Assert.Contains(host.Log.Lines, line => line.Contains("Mail server unreachable", StringComparison.Ordinal) && line.Contains("TimeoutException", StringComparison.Ordinal));
        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND attempts <= 1", 2);
        Assert.Empty(_sink.Accepted);

        _sink.Start();
        await BothOfficersAlertedOnceAsync(host);
    }

    [Fact(Timeout = 60_000)]
    public async Task When_the_database_refuses_the_dispatcher_it_keeps_trying_and_the_alert_goes_once_the_database_accepts()
    {
        _sink.Start();
        // One sender, so three refusals in the log are three turns of the same loop, not one turn of three senders.
        var host = Host(officers: [OfficerA, OfficerB], extra: new() { ["Notifications:Senders"] = "1" });
        var store = Store(host);
        var report = SampleReports.YoungPerson(Danger.Yes);

        await using (await DatabaseFile.RefuseAsync(host.DatabasePath, "BEFORE UPDATE ON outbox"))
        {
            Assert.True((await store.SubmitAsync(report, "draft-refused")).Created);
            await host.Log.WaitForAsync(DatabaseFile.RefusalMessage, count: 3, TimeSpan.FromSeconds(15));
            Assert.Empty(_sink.Accepted);
        }

        await BothOfficersAlertedOnceAsync(host);
    }

    [Fact(Timeout = 60_000)]
    public async Task When_the_database_refuses_to_record_a_failed_attempt_the_alert_is_not_left_leased_and_goes_once_the_database_accepts()
    {
        // The claim commits, the mail server refuses the connection, and then the write that hands the row back for a
        // retry is refused (as on a disk that filled in between). The row must not wait for its lease (two minutes by
        // default, longer than this test) before anyone tries it again.
        var host = Host(officers: [OfficerA], extra: new() { ["Notifications:Senders"] = "1" });
        var store = Store(host);
        var report = SampleReports.YoungPerson(Danger.Yes);

        // Every write that records an outcome sets last_error; the claim does not.
        await using (await DatabaseFile.RefuseAsync(host.DatabasePath, "BEFORE UPDATE OF last_error ON outbox"))
        {
            await store.SubmitAsync(report, "draft-retry-refused");
            await host.Log.WaitForAsync(DatabaseFile.RefusalMessage, count: 1, TimeSpan.FromSeconds(15));
        }
        _sink.Start();

        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'", 1);
        Assert.Equal([OfficerA], (await _sink.WaitForAsync(1)).SelectMany(m => m.Recipients));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_alert_survives_a_restart_between_submission_and_delivery()
    {
        var first = Host(officers: [OfficerA]);
        var report = SampleReports.YoungPerson(Danger.Yes);
        await Store(first).SubmitAsync(report, "draft-restart");
        await first.DisposeAsync();
        _hosts.Remove(first);
        Assert.Equal(["pending"], await DatabaseFile.ColumnAsync(first.DatabasePath, "SELECT status FROM outbox"));

        _sink.Start();
        var second = Host(officers: [OfficerA], dataFolder: first.DataFolder);
        second.StartServer();

        await WaitUntilAsync(second, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'", 1);
        var received = await _sink.WaitForAsync(1);
        Assert.Equal($"[IMMEDIATE RISK] CEOP report {report.Reference}", received[0].Message.Subject);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_row_held_by_a_sender_that_died_is_sent_once_its_lease_runs_out()
    {
        var first = Host(officers: [OfficerA]);
        var report = SampleReports.YoungPerson(Danger.Yes);
        await Store(first).SubmitAsync(report, "draft-lease");
        await first.DisposeAsync();
        _hosts.Remove(first);
        // As if a dispatcher had claimed the row and the process died before it could record the outcome.
        var leaseUntil = DateTimeOffset.UtcNow.AddSeconds(1.5);
        await DatabaseFile.ColumnAsync(first.DatabasePath, $"UPDATE outbox SET attempts = 1, next_attempt_at = '{OutboxStore.Stamp(DateTimeOffset.UtcNow)}', lease_until = '{OutboxStore.Stamp(leaseUntil)}'");

        _sink.Start();
        var second = Host(officers: [OfficerA], dataFolder: first.DataFolder);
        second.StartServer();

        var received = Assert.Single(await _sink.WaitForAsync(1));
        Assert.True(received.AcceptedAt >= leaseUntil, $"sent at {received.AcceptedAt:O}, before the lease ended at {leaseUntil:O}");
        await WaitUntilAsync(second, "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts = 2", 1);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_sender_stopped_between_a_send_and_its_next_claim_still_marks_the_row_sent()
    {
        // A sender records a send together with its next claim. The app is stopped in between: the real SMTP
        // transport has sent the message, and the session returns only once the dispatcher is told to stop.
        _sink.Start();
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = Host(officers: [OfficerA]).WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IMailTransport>(provider => new StopAfterSend(provider.GetRequiredService<SmtpMailTransport>(), sent))));
        var report = SampleReports.YoungPerson(Danger.Yes);
        await host.Services.GetRequiredService<ReportStore>().SubmitAsync(report, "draft-stop");
        var databasePath = _hosts[^1].DatabasePath;

        await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await host.DisposeAsync();

        Assert.Single(await _sink.WaitForAsync(1));
        Assert.Equal(["sent attempts=1 lease="], await DatabaseFile.ColumnAsync(
            databasePath, "SELECT status || ' attempts=' || attempts || ' lease=' || IFNULL(lease_until, '') FROM outbox"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_row_whose_connection_fails_while_the_app_stops_is_handed_back_at_once()
    {
        // The app is stopping while a sender connects, and the connection then fails on its own (nothing listens):
        // the row must not stay leased until its lease runs out.
        var connecting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = Host(officers: [OfficerA]).WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IMailTransport>(provider => new ConnectAfterStop(provider.GetRequiredService<SmtpMailTransport>(), connecting))));
        await host.Services.GetRequiredService<ReportStore>().SubmitAsync(SampleReports.YoungPerson(Danger.Yes), "draft-refused");
        var databasePath = _hosts[^1].DatabasePath;

        await connecting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await host.DisposeAsync();

        // Nothing was handed to a server, so the attempt its claim counted is given back too.
        Assert.Equal(["pending attempts=0 lease= error=interrupted by shutdown"], await DatabaseFile.ColumnAsync(
            databasePath, "SELECT status || ' attempts=' || attempts || ' lease=' || IFNULL(lease_until, '') || ' error=' || IFNULL(last_error, '') FROM outbox"));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_send_still_in_flight_when_its_lease_runs_out_is_not_sent_again_by_another_sender()
    {
        // A live sender whose server is slow to answer DATA: Smtp:Timeout is per command (up to ten minutes), so one
        // send can outlast the lease (two minutes by default). The lease is for senders that died; this one did not.
        // A lease of two seconds here so the test waits two seconds, not two minutes.
        _sink.Start();
        var host = Host(officers: [OfficerA], extra: new() { ["Notifications:Senders"] = "2", ["Notifications:Lease"] = "00:00:02" });
        var store = Store(host);
        var held = _sink.HoldAsync();
        var urgent = SampleReports.YoungPerson(Danger.Yes);
        await store.SubmitAsync(urgent, "draft-slow");
        await held.WaitAsync(TimeSpan.FromSeconds(10));
        var firstLease = OutboxStore.Parse(Assert.Single(await DatabaseFile.ColumnAsync(host.DatabasePath, "SELECT lease_until FROM outbox")));

        // The first lease has run out while the message is still inside DATA; a second report wakes the idle sender.
        while (DateTimeOffset.UtcNow <= firstLease.AddMilliseconds(200))
        {
            await Task.Delay(25);
        }
        var normal = SampleReports.YoungPerson(Danger.No);
        await store.SubmitAsync(normal, "draft-after-lease");
        await _sink.WaitUntilHeldAsync(2);
        _sink.Release();

        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'", 2);
        var subjects = _sink.Accepted.Select(m => m.Message.Subject).ToList();
        var copies = _sink.Accepted.Where(m => m.Message.Subject == $"[IMMEDIATE RISK] CEOP report {urgent.Reference}").Select(m => m.Message.MessageId).ToList();
        Assert.True(copies.Count == 1, $"The immediate-risk alert reached the officer {copies.Count} times (Message-IDs {string.Join(", ", copies)}).");
        Assert.Equal(1, subjects.Count(s => s == $"CEOP report {normal.Reference}"));
        Assert.Equal(2, _sink.DataAttempts);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_replayed_submit_queues_no_second_alert()
    {
        _sink.Start();
        var host = Host(officers: [OfficerA, OfficerB]);
        var report = SampleReports.YoungPerson(Danger.Yes);

        await Store(host).SubmitAsync(report, "draft-replay");
        var replay = await Store(host).SubmitAsync(report with { Id = "other", Reference = "CEOP-2222-3333" }, "draft-replay");
        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'", 2);

        Assert.False(replay.Created);
        Assert.Equal(["2"], await DatabaseFile.ColumnAsync(host.DatabasePath, "SELECT COUNT(*) FROM outbox"));
        Assert.Equal(2, (await _sink.WaitForAsync(2)).Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_permanent_5xx_fails_the_row_after_MaxAttempts_and_health_says_degraded()
    {
        _sink.Start();
        _sink.Reply = _ => 550;
        var host = Host(officers: [OfficerA], extra: new() { ["Notifications:MaxAttempts"] = "3" });
        var client = host.CreateBrowserlessClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));

        await Store(host).SubmitAsync(SampleReports.YoungPerson(Danger.Yes), "draft-5xx");
        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND attempts = 3", 1);

        Assert.Equal(3, _sink.DataAttempts);
        Assert.Empty(_sink.Accepted);
        var error = Assert.Single(await DatabaseFile.ColumnAsync(host.DatabasePath, "SELECT last_error FROM outbox"));
        Assert.StartsWith("SMTP 550", error);
        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Retries_back_off_exponentially_with_jitter_up_to_MaxBackoff()
    {
        var settings = new NotificationOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(60) };
        // InitialBackoff x 2^(attempt-1), capped at MaxBackoff, then 50-100% of that: each range below is exact.
        foreach (var (attempt, ceiling) in new[] { (1, 1), (2, 2), (3, 4), (4, 8), (6, 32), (7, 60), (30, 60) })
        {
            var wait = AlertDispatcher.Backoff(attempt, settings);
            Assert.InRange(wait, TimeSpan.FromSeconds(ceiling / 2.0), TimeSpan.FromSeconds(ceiling));
        }
    }

    /// <summary>
    /// What a mail server answered is kept as the alert's last error, written into the log and printed by `alerts
    /// failed`, one line per alert. A multi-line reply, or one with a terminal's escape codes, must not add lines that
    /// pose as other alerts or log entries, or rewrite the operator's screen.
    /// </summary>
    [Fact]
    public void A_servers_answer_is_kept_as_one_line_without_control_characters()
    {
        var answer = new MailKit.Net.Smtp.SmtpCommandException(MailKit.Net.Smtp.SmtpErrorCode.MessageNotAccepted,
            MailKit.Net.Smtp.SmtpStatusCode.TransactionFailed, "5.7.1 Refused\r\n550 Alert 0000 for report ABCD sent\u001b[2J\u0007");

        var kept = AlertDispatcher.Describe(answer);

        Assert.Equal("SMTP 554: 5.7.1 Refused 550 Alert 0000 for report ABCD sent[2J", kept);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_4xx_answer_is_retried_until_the_server_accepts()
    {
        _sink.Start();
        _sink.Reply = attempt => attempt <= 2 ? 451 : null;
        var host = Host(officers: [OfficerA]);

        await Store(host).SubmitAsync(SampleReports.YoungPerson(), "draft-4xx");
        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts = 3", 1);

        Assert.Single(_sink.Accepted);
        Assert.Equal(3, _sink.DataAttempts);
        // Every resend is the same message: the Message-ID was fixed when the row was queued.
        var stored = Assert.Single(await DatabaseFile.ColumnAsync(host.DatabasePath, "SELECT message_id FROM outbox"));
        Assert.Equal([stored, stored, stored], _sink.AttemptedMessageIds);
        Assert.Equal("Healthy", await host.CreateBrowserlessClient().GetStringAsync("/healthz"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Hostile_report_values_give_a_well_formed_message_whose_headers_hold_none_of_them()
    {
        _sink.Start();
        var host = Host(officers: [OfficerA], extra: new() { ["Notifications:IncludeDetails"] = "true" });
        const string injection = "Sam\r\nBcc: attacker@evil.example\r\nSubject: hijacked";
        var longText = string.Concat(Enumerable.Repeat("abcdefghij", 500));
        var report = SampleReports.Parent(Danger.Yes) with
        {
            Partner = "partner\r\nX-Injected: yes",
            Platform = "<script>alert(1)</script>",
            Narrative = longText + " \u202Eevil\u202C \u200Fמרק 😀 <script>alert(2)</script>",
            Child = new ChildDetails("Alexandra\nHostile\u202E", 11),
            Reporter = new ReporterDetails(injection, 40),
            OtherPersonIdentifiers = ["@bad\r\nTo: more@evil.example", "😀😀"],
        };

        await Store(host).SubmitAsync(report, "draft-hostile");
        var received = Assert.Single(await _sink.WaitForAsync(1));

        Assert.Equal([OfficerA], received.Recipients);
        foreach (var forbidden in new[] { "attacker", "evil", "hijacked", "X-Injected", "script", "\u202E", "\u200F", "😀", "abcdefghij", "Hostile", "partner" })
        {
            Assert.DoesNotContain(forbidden, received.RawHeaders, StringComparison.Ordinal);
        }
        Assert.Contains(report.Reference, received.RawHeaders);
        Assert.Equal($"[IMMEDIATE RISK] CEOP report {report.Reference}", received.Message.Subject);
        Assert.Null(received.Message.Headers["X-Injected"]);
        Assert.Empty(received.Message.Bcc);
        Assert.Equal([OfficerA], received.Message.To.Mailboxes.Select(m => m.Address));
        Assert.Contains(longText, received.Message.TextBody);
        Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt;", received.Message.HtmlBody);
        Assert.DoesNotContain("<script", received.Message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\u202Eevil", received.Message.TextBody);
        Assert.Contains("😀", received.Message.TextBody);
        // A line break typed into a value cannot start a line that looks like another field of the alert.
        Assert.DoesNotContain("\r\nBcc:", received.Message.TextBody);
        Assert.DoesNotContain("\r\nX-Injected", received.Message.TextBody);
    }

    /// <summary>
    /// A right-to-left override typed at the end of a name runs on to the end of its line or cell. Put beside the age,
    /// it showed "Alex\u202E, 13" as "Alex31 ,": the officer read a 13-year-old as 31, and the reporter's age the same
    /// way. A value the service writes must not share a line (text) or a cell (HTML) with what someone typed.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task A_direction_override_typed_into_a_name_cannot_reverse_the_age_shown_beside_it()
    {
        _sink.Start();
        var host = Host(officers: [OfficerA], extra: new() { ["Notifications:IncludeDetails"] = "true" });
        var report = SampleReports.Parent(Danger.NotSure) with
        {
            Child = new ChildDetails("Alex\u202E", 13),
            Reporter = new ReporterDetails("Jo\u202E", 47),
        };

        await Store(host).SubmitAsync(report, "draft-bidi-age");
        var message = Assert.Single(await _sink.WaitForAsync(1)).Message;

        // What follows each override, to the end of its line (text) or its cell (HTML), holds neither age.
        var text = message.TextBody ?? "";
        var html = message.HtmlBody ?? "";
        var afterOverrides = text.ReplaceLineEndings("\n").Split('\n')
            .Where(line => line.Contains('\u202E', StringComparison.Ordinal))
            .Select(line => line[line.IndexOf('\u202E', StringComparison.Ordinal)..])
            .Concat(html.Split('\u202E').Skip(1).Select(rest => rest[..rest.IndexOf("</td>", StringComparison.Ordinal)]))
            .ToList();
        Assert.Equal(4, afterOverrides.Count);
        foreach (var rest in afterOverrides)
        {
            Assert.DoesNotContain("13", rest, StringComparison.Ordinal);
            Assert.DoesNotContain("47", rest, StringComparison.Ordinal);
        }
        // The names themselves are still there as typed.
        Assert.Contains("Alex\u202E", message.TextBody);
        Assert.Contains("Jo\u202E", message.HtmlBody);
    }

    [Fact(Timeout = 60_000)]
    public async Task Without_an_smtp_host_alerts_are_written_to_the_pickup_folder()
    {
        var host = Track(new AppHost());
        var report = SampleReports.YoungPerson(Danger.Yes);

        await Store(host).SubmitAsync(report, "draft-pickup");
        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'", 1);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(host.DataFolder, "mail-pickup"), "*.eml"));
        // Written under a temporary name and renamed: nothing half-written, and no second copy of it, is left beside it.
        Assert.Equal([file], Directory.GetFiles(Path.Combine(host.DataFolder, "mail-pickup")));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal($"[IMMEDIATE RISK] CEOP report {report.Reference}", message.Subject);
        Assert.Equal("duty-officer@clickceop.invalid", message.To.Mailboxes.Single().Address);
    }

    [Fact(Timeout = 60_000)]
    public async Task With_starttls_configured_a_server_that_does_not_offer_it_gets_no_alert_in_the_clear()
    {
        _sink.Start(); // the sink offers no STARTTLS
        var host = Host(officers: [OfficerA], extra: new() { ["Notifications:Smtp:Tls"] = "StartTls" });

        await Store(host).SubmitAsync(SampleReports.Parent(Danger.Yes), "draft-starttls");
        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND last_error IS NOT NULL", 1);

        Assert.Contains("TLS", Assert.Single(await DatabaseFile.ColumnAsync(host.DatabasePath, "SELECT last_error FROM outbox")), StringComparison.Ordinal);
        Assert.Equal(0, _sink.DataAttempts);
        Assert.Empty(_sink.Accepted);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("Notifications:DutyOfficers:0", "not an address")]
    [InlineData("Notifications:DutyOfficers:0", "a@example.org\r\nBcc: b@example.org")]
    [InlineData("Notifications:ConsoleBaseUrl", "/relative")]
    [InlineData("Notifications:Smtp:Port", "0")]
    // "120" meant as seconds is 120 days: the lease keeper's half-lease delay is past the longest timer, and every alert failed
    [InlineData("Notifications:Lease", "120")]
    [InlineData("Notifications:PollInterval", "60")]
    // Past year 9999 from now: every claim's "now + MaxBackoff" overflowed, the dispatcher logged an error each poll and no alert was ever sent
    [InlineData("Notifications:MaxBackoff", "3000000")]
    // "60" meant as minutes is 60 days: one refused connection paused every sender for weeks, past the longest timer
    [InlineData("Notifications:MaxBackoff", "60")]
    // An address without a domain: the server refuses MAIL FROM, so every alert would fail
    [InlineData("Notifications:From", "alerts")]
    public async Task Invalid_settings_stop_the_app_at_start_up(string key, string value)
    {
        var host = Track(new AppHost(new Dictionary<string, string?> { [key] = value }));
        await Task.Yield();
        var failure = Assert.ThrowsAny<Exception>(() => host.StartServer());
        Assert.Contains("Notifications:", failure.ToString());
    }

    private AppHost Host(string[] officers, Dictionary<string, string?>? extra = null, string? dataFolder = null)
    {
        var settings = new Dictionary<string, string?>(_sink.Settings)
        {
            ["Notifications:ConsoleBaseUrl"] = ConsoleBaseUrl,
            ["Notifications:InitialBackoff"] = "00:00:00.050",
            ["Notifications:MaxBackoff"] = "00:00:00.200",
            ["Notifications:PollInterval"] = "00:00:00.500",
        };
        for (var i = 0; i < officers.Length; i++)
        {
            settings[$"Notifications:DutyOfficers:{i}"] = officers[i];
        }
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        return Track(new AppHost(settings, dataFolder));
    }

    private AppHost Track(AppHost host)
    {
        _hosts.Add(host);
        return host;
    }

    private static ReportStore Store(AppHost host)
    {
        host.StartServer();
        return host.Services.GetRequiredService<ReportStore>();
    }

    /// <summary>The real SMTP transport, whose sessions hold a send's success until the dispatcher is stopping.</summary>
    private sealed class StopAfterSend(IMailTransport smtp, TaskCompletionSource sent) : IMailTransport
    {
        public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken) =>
            new Session(await smtp.OpenAsync(cancellationToken), sent);

        private sealed class Session(IMailSession smtp, TaskCompletionSource sent) : IMailSession
        {
            public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
            {
                await smtp.SendAsync(message, cancellationToken);
                sent.TrySetResult();
                var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var registration = cancellationToken.Register(() => stopping.TrySetResult());
                await stopping.Task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }

            public ValueTask DisposeAsync() => smtp.DisposeAsync();
        }
    }

    /// <summary>The real SMTP transport, counting the connections that could not be opened.</summary>
    private sealed class CountingTransport
    {
        private int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public IMailTransport Over(IMailTransport smtp) => new Counted(smtp, this);

        private sealed class Counted(IMailTransport smtp, CountingTransport counter) : IMailTransport
        {
            public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
            {
                try
                {
                    return await smtp.OpenAsync(cancellationToken);
                }
                catch
                {
                    Interlocked.Increment(ref counter._refused);
                    throw;
                }
            }
        }
    }

    /// <summary>The real SMTP transport, connecting only once the app is stopping, and then to a server that is not there.</summary>
    private sealed class ConnectAfterStop(IMailTransport smtp, TaskCompletionSource connecting) : IMailTransport
    {
        public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
        {
            connecting.TrySetResult();
            var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (cancellationToken.Register(() => stopping.TrySetResult()))
            {
                await stopping.Task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
            return await smtp.OpenAsync(CancellationToken.None); // refused: the sink was never started
        }
    }

    /// <summary>Both officers' alerts are marked sent, the server took each once, and no other attempt follows.</summary>
    private async Task BothOfficersAlertedOnceAsync(AppHost host)
    {
        await WaitUntilAsync(host, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'", 2);
        var received = await _sink.WaitForAsync(2);
        Assert.Equal([OfficerA, OfficerB], received.SelectMany(m => m.Recipients).Order());
        await Task.Delay(300); // nothing is still on its way after every row is marked sent
        Assert.Equal(2, _sink.DataAttempts);
    }

    /// <summary>Polls a COUNT query until it reaches <paramref name="expected"/>; a failure shows the outbox.</summary>
    private static Task WaitUntilAsync(AppHost host, string countSql, int expected) =>
        DatabaseFile.WaitForCountAsync(host.DatabasePath, countSql, expected,
            "SELECT status || ' attempts=' || attempts || ' error=' || IFNULL(last_error, '') || ' lease=' || IFNULL(lease_until, '') || ' next=' || next_attempt_at || ' created=' || created_at FROM outbox");
}
