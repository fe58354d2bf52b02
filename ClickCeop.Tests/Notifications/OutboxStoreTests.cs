using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Data;
using ClickCeop.Web.Notifications;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Notifications;

/// <summary>
/// The outbox's claims on a real SQLite file. The app's own dispatcher runs beside the test, so the rows here are
/// written to fall due tomorrow, and the claims are made "tomorrow".
/// </summary>
public sealed class OutboxStoreTests : IDisposable
{
    // The app's dispatcher takes a row due further off than MaxBackoff for one timed by a clock since stepped back
    // (due now): polling every ten minutes, it does not look at the table again while a test runs.
    private readonly AppHost _host = new(new Dictionary<string, string?> { ["Notifications:PollInterval"] = "00:10:00" });
    private readonly DateTimeOffset _tomorrow = DateTimeOffset.UtcNow.AddDays(1);

    [Fact(Timeout = 30_000)]
    public async Task A_claim_also_marks_the_row_its_sender_sent_before()
    {
        var reportId = await SubmittedReportAsync();
        var urgent = await InsertAsync(reportId, "urgent@nca.example", OutboxMessage.ImmediatePriority);
        var normal = await InsertAsync(reportId, "normal@nca.example", OutboxMessage.NormalPriority);
        var store = _host.Services.GetRequiredService<OutboxStore>();

        var first = await store.ClaimNextAsync(_tomorrow, _tomorrow.AddMinutes(1), sentBefore: null, CancellationToken.None);
        Assert.Equal(urgent, first?.Id);
        Assert.Equal($"{urgent} pending attempts=1 lease={OutboxStore.Stamp(_tomorrow.AddMinutes(1))} sent_at=", await RowAsync(urgent));

        var second = await store.ClaimNextAsync(_tomorrow.AddSeconds(1), _tomorrow.AddMinutes(2), sentBefore: urgent, CancellationToken.None);
        Assert.Equal(normal, second?.Id);
        Assert.Equal($"{urgent} sent attempts=1 lease= sent_at={OutboxStore.Stamp(_tomorrow.AddSeconds(1))}", await RowAsync(urgent));
        Assert.Equal($"{normal} pending attempts=1 lease={OutboxStore.Stamp(_tomorrow.AddMinutes(2))} sent_at=", await RowAsync(normal));

        // Nothing left to claim: the "sent" mark is still committed.
        Assert.Null(await store.ClaimNextAsync(_tomorrow.AddSeconds(2), _tomorrow.AddMinutes(3), sentBefore: normal, CancellationToken.None));
        Assert.Equal($"{normal} sent attempts=1 lease= sent_at={OutboxStore.Stamp(_tomorrow.AddSeconds(2))}", await RowAsync(normal));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_row_whose_sender_died_is_claimed_again_after_the_clock_was_stepped_back()
    {
        var reportId = await SubmittedReportAsync();
        var urgent = await InsertAsync(reportId, "urgent@nca.example", OutboxMessage.ImmediatePriority);
        var store = _host.Services.GetRequiredService<OutboxStore>();

        // A sender leases the row for two minutes and dies while sending it.
        Assert.Equal(urgent, (await store.ClaimNextAsync(_tomorrow, _tomorrow.AddMinutes(2), sentBefore: null, CancellationToken.None))?.Id);

        // Three minutes later the app runs again, but the clock was stepped back an hour meanwhile: by the clock the
        // dead sender's lease still has an hour to run, though no lease given now reaches that far.
        var now = _tomorrow.AddMinutes(3).AddHours(-1);
        var again = await store.ClaimNextAsync(now, now.AddMinutes(2), sentBefore: null, CancellationToken.None, latestRetry: now.AddMinutes(10));

        Assert.Equal(urgent, again?.Id);
        Assert.Equal($"{urgent} pending attempts=2 lease={OutboxStore.Stamp(now.AddMinutes(2))} sent_at=", await RowAsync(urgent));
    }

    /// <summary>A real report (the outbox rows reference it), once the app has sent its own alert for it.</summary>
    private async Task<string> SubmittedReportAsync()
    {
        var report = SampleReports.YoungPerson();
        await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(report, "outbox-store");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'"))[0] != "0")
        {
            Assert.True(DateTime.UtcNow < deadline, "the app's own alert was not sent");
            await Task.Delay(25);
        }
        return report.Id;
    }

    private async Task<string> InsertAsync(string reportId, string recipient, int priority)
    {
        var id = Guid.NewGuid().ToString("N");
        var message = new OutboxMessage(id, reportId, recipient, priority, "CEOP report", $"<{id}@clickceop.test>", "text", "<p>html</p>", 0);
        var database = _host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        await OutboxStore.InsertAsync(connection, transaction, message, _tomorrow, CancellationToken.None);
        await transaction.CommitAsync();
        return id;
    }

    private async Task<string> RowAsync(string id) => Assert.Single(await DatabaseFile.ColumnAsync(_host.DatabasePath,
        $"SELECT id || ' ' || status || ' attempts=' || attempts || ' lease=' || IFNULL(lease_until, '') || ' sent_at=' || IFNULL(sent_at, '') FROM outbox WHERE id = '{id}'"));

    public void Dispose() => _host.Dispose();
}
