using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Faults;

/// <summary>
/// The disk under the database fills up for real (a small tmpfs written to its last page), while one reporter is
/// about to press Send, another is halfway through, a third is at the start page, and a report sent just before
/// still has its alerts to go. Nothing may be called sent that is not stored, nothing stored may be lost, and once
/// space is freed everything goes through without a restart, each alert to each officer.
/// </summary>
public sealed class FullDiskTests(ITestOutputHelper output)
{
    private const string OfficerA = "duty.a@nca.example";
    private const string OfficerB = "duty.b@nca.example";

    [Fact(Timeout = 60_000)]
    public async Task On_a_full_disk_nothing_unsaved_is_called_saved_and_once_space_is_freed_every_report_goes_and_is_alerted()
    {
        await using var disk = await SmallDisk.MountAsync("full-disk", megabytes: 16);
        await using var sink = SmtpSink.StartNew();
        await using var host = new AppHost(new Dictionary<string, string?>(sink.Settings)
        {
            ["Notifications:DutyOfficers:0"] = OfficerA,
            ["Notifications:DutyOfficers:1"] = OfficerB,
            ["Notifications:InitialBackoff"] = "00:00:00.100",
            ["Notifications:MaxBackoff"] = "00:00:01",
            ["Notifications:PollInterval"] = "00:00:00.200",
            ["Notifications:MaxAttempts"] = "100",
        }, dataFolder: disk.Path);

        // Sent before the disk fills; the mail server is down, so its alerts are still waiting when it does.
        await sink.StopAsync();
        var before = new ReporterOutcome(ReporterAnswers.For("fd-before", 0));
        await Reporter.WalkAsync(host.CreateBrowserlessClient(), before);
        var sender = ReporterAnswers.For("fd-sender", 1);
        var (sending, check, halfway, question, newcomer, start) = await ReportersMidway.ReadyAsync(host, sender);

        var filled = disk.Fill();
        Assert.True(disk.FreeBytes < 4096, $"{disk.FreeBytes} bytes still free");
        sink.Start();

        var notSent = await ReportersMidway.RefusedAsync(sending, check, "Your report has not been sent yet");
        Assert.Null(notSent.QuerySelector("#reference"));
        var notSaved = await ReportersMidway.RefusedAsync(halfway, question, "Your answer has not been saved yet", ("categories", "wants-to-meet"));
        Assert.True(notSaved.QuerySelector<IHtmlInputElement>("input[name=categories][value=wants-to-meet]")!.IsChecked);
        var notStarted = await ReportersMidway.RefusedAsync(newcomer, start, "Your report could not be started");
        // What only reads still works: the start page, a question, and the badge, which never touches the disk.
        await newcomer.GetAsync("/report");
        await halfway.GetAsync("/report/what-is-happening");
        using (var badge = await host.CreateBrowserlessClient().GetAsync("/widget/v1/button?partner=example-social"))
        {
            Assert.Equal(HttpStatusCode.OK, badge.StatusCode);
        }
        var reportsWhileFull = JourneyClient.ReportRows(host.DatabasePath);
        Assert.Equal([before.Reference], reportsWhileFull.Select(r => (string?)r["reference"]));
        // The dispatcher turns against the full disk too: wait until it has been refused. Its claims are writes, but a
        // claim that finds no row writes nothing, so when every pending row is held by a sender whose record of a
        // failed attempt was refused, only those records meet the full disk: either error counts.
        await Evidence.WaitUntilAsync(
            () => host.Log.LinesFrom(LogLevel.Error).Count(line =>
                line.StartsWith("Error ClickCeop.Web.Notifications.AlertDispatcher:", StringComparison.Ordinal)
                && line.Contains("database or disk is full", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(20),
            () => "the dispatcher was not refused by the full disk twice");
        var errorsWhileFull = host.Log.LinesFrom(LogLevel.Error).Count;

        disk.Empty();

        using (var sent = await sending.Client.SubmitAsync(notSent))
        {
            Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
            Assert.Equal("/report/confirmation", sent.Headers.Location!.ToString());
        }
        var reference = (await sending.GetAsync("/report/confirmation")).TextOf("#reference");
        using (var saved = await halfway.Client.SubmitAsync(notSaved))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
            Assert.Equal("/report/in-danger", saved.Headers.Location!.ToString());
        }
        using (var started = await newcomer.Client.SubmitAsync(notStarted))
        {
            Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        }

        var rows = JourneyClient.ReportRows(host.DatabasePath).ToDictionary(r => (string)r["reference"]!);
        Assert.Equal(2, rows.Count);
        AssertRow(before.Answers, rows[before.Reference!]);
        AssertRow(sender, rows[reference]);
        Assert.Equal(["ok"], await DatabaseFile.ColumnAsync(host.DatabasePath, "PRAGMA integrity_check"));

        string[] references = [before.Reference!, reference];
        await Evidence.WaitUntilAsync(
            () => references.All(r => Delivered(sink, r, OfficerA) && Delivered(sink, r, OfficerB)),
            TimeSpan.FromSeconds(20),
            () => $"delivered so far: {string.Join(", ", Evidence.Deliveries(sink.Accepted).Keys)}; outbox: "
                + string.Join(", ", Evidence.OutboxRows(host.DatabasePath).Select(o => $"({o.Reference}, {o.Recipient}, {o.Status}, attempts {o.Attempts}, leased until {o.LeaseUntil ?? "-"})")));
        // A copy sent again (its "sent" mark refused by the full disk) must be the same message, so mail clients
        // show it once; no alert may exist as two different messages.
        foreach (var ((r, recipient), ids) in Evidence.Deliveries(sink.Accepted))
        {
            Assert.True(ids.Distinct().Count() == 1, $"{r} reached {recipient} as {ids.Distinct().Count()} different messages");
        }

        // The failures were logged as errors, and no answer went into the log with them.
        Assert.True(errorsWhileFull >= 3, $"{errorsWhileFull} errors logged while the disk was full");
        Assert.DoesNotContain(host.Log.Lines, line => line.Contains("fd-sender", StringComparison.Ordinal) || line.Contains("fd-before", StringComparison.Ordinal));
        output.WriteLine($"filled {filled:N0} bytes; {errorsWhileFull} errors logged while full; {sink.Accepted.Count} messages accepted after");
    }

    private static void AssertRow(ReporterAnswers answers, Dictionary<string, object?> row)
    {
        foreach (var (column, expected) in answers.ExpectedRow())
        {
            Assert.True(Equals(expected, row[column]), $"{answers.Token} {column}: expected {expected}, stored {row[column]}");
        }
    }

    private static bool Delivered(SmtpSink sink, string reference, string officer) =>
        Evidence.Deliveries(sink.Accepted).ContainsKey((reference, officer));
}
