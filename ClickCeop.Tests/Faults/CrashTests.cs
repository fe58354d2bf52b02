using System.Diagnostics;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Faults;

/// <summary>
/// Issue 6 item 2: the built app as a real child process, reporters walking the real journey over HTTP, SIGKILL
/// mid-load, restart on the same SQLite file. Nothing confirmed may be lost, and every officer gets every alert.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const string OfficerA = "duty.a@nca.example";
    private const string OfficerB = "duty.b@nca.example";
    private const int Reporters = 8;

    [Fact(Timeout = 90_000)]
    public async Task Killed_mid_load_and_restarted_on_the_same_file_it_keeps_every_confirmed_report_and_alerts_every_officer()
    {
        var clock = Stopwatch.StartNew();
        await using var sink = SmtpSink.StartNew();
        var folder = TestFolders.NewTemporary("crash");
        var database = Path.Combine(folder, "clickceop.db");
        var settings = new Dictionary<string, string?>(sink.Settings)
        {
            ["Data:ConnectionString"] = $"Data Source={database}",
            ["Notifications:PickupFolder"] = Path.Combine(folder, "mail-pickup"),
            ["Notifications:DutyOfficers:0"] = OfficerA,
            ["Notifications:DutyOfficers:1"] = OfficerB,
            ["Notifications:InitialBackoff"] = "00:00:00.100",
            ["Notifications:MaxBackoff"] = "00:00:01",
            ["Notifications:PollInterval"] = "00:00:00.500",
            // A row the killed process had claimed is retried once its lease runs out: keep that short.
            ["Notifications:Lease"] = "00:00:02",
            ["Journey:SubmitsPerWindow"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        var first = await AppProcess.StartAsync(settings);
        var current = first;
        var load = LoadRun.Start("crash", Reporters, () => current.BaseAddress);
        AppProcess? second = null;
        try
        {
            // A few seconds of load, with enough confirmed reports to make the check mean something.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await load.WaitForConfirmedAsync(12, TimeSpan.FromSeconds(30));
            // Then kill while some reporter has pressed "Send report" and has no answer yet (bounded: at most 5 s more),
            // so the kill can land inside a submission, the case that must be all or nothing.
            var inSubmit = Stopwatch.StartNew();
            while (!load.Outcomes.Any(o => o.SubmitStarted && !o.Submitted && o.Error is null) && inSubmit.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(1);
            }

            load.Interrupt();
            first.Kill();
            var killedAt = clock.Elapsed;
            await load.StopAsync(TimeSpan.FromSeconds(20));
            Assert.True(first.HasExited);
            var outcomes = load.Outcomes;
            Assert.All(outcomes, o => Assert.True(o.Error is null || o.CutOffByFault, $"{o.Answers.Token} failed before the kill: {o.Error}"));
            var confirmed = outcomes.Where(o => o.Reference is not null).ToList();
            var submittedUnconfirmed = outcomes.Where(o => o.Submitted && o.Reference is null).ToList();
            var cutOffInSubmit = outcomes.Where(o => o.SubmitStarted && !o.Submitted).ToList();
            var neverSubmitted = outcomes.Where(o => !o.SubmitStarted).ToList();

            var restartedAt = clock.Elapsed;
            second = await AppProcess.StartAsync(settings);
            current = second;

            // Wait (bounded) until every confirmed reference was accepted by the sink for both officers.
            await Evidence.WaitUntilAsync(
                () =>
                {
                    var delivered = Evidence.Deliveries(sink.Accepted);
                    return confirmed.All(o => delivered.ContainsKey((o.Reference!, OfficerA)) && delivered.ContainsKey((o.Reference!, OfficerB)));
                },
                TimeSpan.FromSeconds(30),
                () => $"{confirmed.Count(o => !Evidence.Deliveries(sink.Accepted).ContainsKey((o.Reference!, OfficerA)))} confirmed report(s) not yet mailed to {OfficerA}\n{second.Output}");
            var recovered = clock.Elapsed - restartedAt;
            // Then until the outbox is drained, so reports committed but never confirmed are also sent.
            await Evidence.WaitUntilAsync(
                () => Evidence.OutboxRows(database).All(r => r.Status == "sent"),
                TimeSpan.FromSeconds(20),
                () => $"{Evidence.OutboxRows(database).Count(r => r.Status != "sent")} outbox row(s) not sent");

            var rows = JourneyClient.ReportRows(database);
            var byToken = rows.GroupBy(r => TokenOf((string)r["narrative"]!)).ToDictionary(g => g.Key, g => g.ToList());
            Assert.All(byToken, pair => Assert.Single(pair.Value));
            var outbox = Evidence.OutboxRows(database);

            // Every confirmed report exists after the restart under the reference it was shown with.
            foreach (var outcome in confirmed)
            {
                Assert.True(byToken.TryGetValue(outcome.Answers.Token, out var found), $"Confirmed report {outcome.Reference} ({outcome.Answers.Token}) is missing after the restart.");
                Assert.Equal(outcome.Reference, found![0]["reference"]);
            }
            // Every stored report (confirmed or cut off) holds exactly what its reporter sent, field for field.
            var byOutcome = outcomes.ToDictionary(o => o.Answers.Token);
            foreach (var (token, found) in byToken)
            {
                Assert.True(byOutcome.TryGetValue(token, out var outcome), $"A report no reporter sent: {token}");
                foreach (var (column, expected) in outcome!.Answers.ExpectedRow())
                {
                    Assert.True(Equals(expected, found[0][column]), $"{found[0]["reference"]} {column}: expected '{expected}', stored '{found[0][column]}'");
                }
            }
            // A 303 from check-answers comes only after the commit: those exist too, even if the confirmation page was cut off.
            Assert.All(submittedUnconfirmed, o => Assert.True(byToken.ContainsKey(o.Answers.Token), $"{o.Answers.Token} was answered 303 but is missing."));
            // A journey that never pressed submit left no report.
            Assert.All(neverSubmitted, o => Assert.False(byToken.ContainsKey(o.Answers.Token), $"{o.Answers.Token} never submitted but was stored."));
            // A submission cut off by the kill is all or nothing: present with one outbox row per officer (checked for
            // every report below), or absent. Count which, for the output.
            var cutOffPresent = cutOffInSubmit.Count(o => byToken.ContainsKey(o.Answers.Token));

            // Every stored report has exactly its two alerts: never a report without its outbox rows.
            foreach (var row in rows)
            {
                var recipients = outbox.Where(m => m.ReportId == (string)row["id"]!).Select(m => m.Recipient).Order().ToList();
                Assert.Equal([OfficerA, OfficerB], recipients);
            }
            Assert.All(outbox, m => Assert.NotEqual("", m.Reference));

            // Delivery is at-least-once: a message the sink accepted just before the kill, whose row was not yet marked
            // sent, is sent again after the restart, with the SAME Message-ID (fixed in its outbox row), so a mail system
            // or officer can recognise the copy. Two different Message-IDs for one report and officer would be a real
            // duplicate alert, and is what must never happen.
            var deliveries = Evidence.Deliveries(sink.Accepted);
            foreach (var message in outbox)
            {
                Assert.True(deliveries.TryGetValue((message.Reference, message.Recipient), out var ids), $"{message.Reference} never reached {message.Recipient}.");
                Assert.All(ids!, id => Assert.Equal(message.MessageId, id));
            }
            Assert.Equal(outbox.Count, deliveries.Count);

            var copies = deliveries.Values.Sum(ids => ids.Count);
            output.WriteLine($"Crash run: {outcomes.Count} journeys started by {Reporters} reporters, killed at {killedAt.TotalSeconds:0.0} s.");
            output.WriteLine($"  confirmed {confirmed.Count}, answered 303 but confirmation cut off {submittedUnconfirmed.Count}, " +
                             $"cut off inside submit {cutOffInSubmit.Count} ({cutOffPresent} present, {cutOffInSubmit.Count - cutOffPresent} absent).");
            output.WriteLine($"  reports stored {rows.Count}; alerts {outbox.Count} (2 per report), accepted by SMTP {copies} " +
                             $"({copies - outbox.Count} resent with the same Message-ID).");
            output.WriteLine($"  recovery: restart to every confirmed report mailed {recovered.TotalSeconds:0.00} s; whole test {clock.Elapsed.TotalSeconds:0.0} s.");
        }
        finally
        {
            await load.StopAsync(TimeSpan.FromSeconds(20)).ContinueWith(_ => { }, TaskScheduler.Default);
            first.Kill();
            if (second is not null) await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    /// <summary>The reporter's token from its narrative ("Report {token}.\n...").</summary>
    private static string TokenOf(string narrative) => narrative["Report ".Length..narrative.IndexOf(".\n", StringComparison.Ordinal)];
}
