using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Pages.Officers;

/// <summary>The queue lists at most 500 reports; an officer must be told when open reports are left off it.</summary>
public sealed class QueueLimitTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public async Task Open_reports_beyond_the_queues_limit_are_not_left_off_it_silently()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var reports = _host.Services.GetRequiredService<ReportStore>();
        for (var i = 0; i < 500; i++)
        {
            await reports.SubmitAsync(SampleReports.YoungPerson() with { ReceivedAt = _host.Clock.Now.AddHours(-2).AddSeconds(i) }, ReferenceNumber.NewId());
        }
        var newest = (await reports.SubmitAsync(SampleReports.YoungPerson() with { ReceivedAt = _host.Clock.Now }, ReferenceNumber.NewId())).Report;
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);

        var page = await client.GetDocumentAsync("/officers");

        var rows = page.QuerySelectorAll("table.console-queue tbody tr").Length;
        var listed = page.QuerySelector($"table.console-queue a[href='/officers/reports/{newest.Id}']") is not null;
        var told = page.QuerySelector("#queue-limited")?.TextContent ?? "";
        Assert.True(listed || told.Contains("501", StringComparison.Ordinal),
            $"The queue lists {rows} of 501 open reports, {newest.Reference} is not on it, and the page does not say any were left off");
    }

    public void Dispose() => _host.Dispose();
}
