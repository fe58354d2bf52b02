using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Faults;

/// <summary>
/// The file system under the database goes read-only while the service runs: ext4 mounted errors=remount-ro does it
/// by itself after a disk error. One reporter is about to press Send, another is halfway, a third at the start page,
/// and a report sent just before still has its alerts to go. As on a full disk, nothing unsaved may be called saved,
/// what only reads goes on, and /healthz says why; unlike a full disk it does not mend itself: ext4 stays read-only
/// until it is unmounted and checked, so there is no "afterwards" here without a restart.
/// </summary>
public sealed class ReadOnlyDiskTests(ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task On_a_disk_gone_read_only_nothing_unsaved_is_called_saved_the_pages_that_read_still_answer_and_healthz_says_why()
    {
        await using var disk = await SmallDisk.MountExt4Async("read-only-disk", megabytes: 32);
        await using var sink = SmtpSink.StartNew();
        await using var host = new AppHost(new Dictionary<string, string?>(sink.Settings)
        {
            ["Notifications:DutyOfficers:0"] = "duty.a@nca.example",
            ["Notifications:PollInterval"] = "00:00:00.200",
        }, dataFolder: disk.Path);

        await sink.StopAsync();
        var before = new ReporterOutcome(ReporterAnswers.For("ro-before", 0));
        await Reporter.WalkAsync(host.CreateBrowserlessClient(), before);
        var (sending, check, halfway, question, newcomer, start) = await ReportersMidway.ReadyAsync(host, ReporterAnswers.For("ro-sender", 1));
        using (var healthy = await host.CreateBrowserlessClient().GetAsync("/healthz"))
        {
            Assert.Equal("Healthy", await healthy.Content.ReadAsStringAsync());
        }

        await disk.FailAsync();
        sink.Start();

        var notSent = await ReportersMidway.RefusedAsync(sending, check, "Your report has not been sent yet");
        Assert.Null(notSent.QuerySelector("#reference"));
        var notSaved = await ReportersMidway.RefusedAsync(halfway, question, "Your answer has not been saved yet", ("categories", "wants-to-meet"));
        Assert.True(notSaved.QuerySelector<IHtmlInputElement>("input[name=categories][value=wants-to-meet]")!.IsChecked);
        await ReportersMidway.RefusedAsync(newcomer, start, "Your report could not be started");
        await newcomer.GetAsync("/report");
        await halfway.GetAsync("/report/what-is-happening");
        using (var badge = await host.CreateBrowserlessClient().GetAsync("/widget/v1/button?partner=example-social"))
        {
            Assert.Equal(HttpStatusCode.OK, badge.StatusCode);
        }
        Assert.Equal([before.Reference], JourneyClient.ReportRows(host.DatabasePath).Select(r => (string?)r["reference"]));

        using (var health = await host.CreateBrowserlessClient().GetAsync("/healthz"))
        {
            var body = await health.Content.ReadAsStringAsync();
            output.WriteLine($"/healthz on the read-only disk: {(int)health.StatusCode} {body}");
            Assert.True(body == "Unhealthy", $"/healthz answered {(int)health.StatusCode} {body} on a read-only disk");
        }
        Assert.Contains(host.Log.Lines, line => line.Contains("read-only", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Log.Lines, line => line.Contains("ro-sender", StringComparison.Ordinal) || line.Contains("ro-before", StringComparison.Ordinal));
    }
}
