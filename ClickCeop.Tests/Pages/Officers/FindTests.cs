using System.Net;
using AngleSharp.Dom;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Pages.Officers;

/// <summary>A reporter rings and reads out their reference: the officer finds the report, open or closed.</summary>
public sealed class FindTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    private async Task<(HttpClient Client, ConsoleHost.TestOfficer Officer)> SignedInAsync()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);
        return (client, officer);
    }

    private async Task<HttpResponseMessage> FindAsync(HttpClient client, string typed)
    {
        var page = await client.GetDocumentAsync("/officers/find");
        return await client.SubmitAsync(page, FormPost.Fields(("reference", typed)));
    }

    [Fact]
    public async Task A_reference_read_out_any_way_finds_its_report_and_the_view_is_audited()
    {
        var (client, officer) = await SignedInAsync();
        var report = (await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(SampleReports.YoungPerson(), "draft-find")).Report;
        var queue = await client.GetDocumentAsync("/officers");
        Assert.Equal("/officers/find", queue.QuerySelector("main a[href='/officers/find']")?.GetAttribute("href"));
        var compact = report.Reference.Replace("-", "")[4..];

        foreach (var typed in new[] { report.Reference, report.Reference.ToLowerInvariant(), $" ceop {compact[..4]} {compact[4..]} ", compact })
        {
            using var found = await FindAsync(client, typed);
            Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);
            Assert.Equal($"/officers/reports/{report.Id}", ConsoleHost.PathOf(found));
        }
        Assert.DoesNotContain(await _host.Officers.HistoryAsync(officer.Id, 100), e => e.Event == OfficerEvent.ReferenceNotFound);
        var shown = await client.GetDocumentAsync($"/officers/reports/{report.Id}");
        Assert.Contains(report.Reference, shown.TextOf("h1"));
        Assert.Equal("viewed", shown.QuerySelector("#audit tbody tr")!.GetAttribute("data-action"));
    }

    [Fact]
    public async Task A_closed_report_is_found_too()
    {
        var (client, officer) = await SignedInAsync();
        var report = (await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(SampleReports.Parent(), "draft-closed")).Report;
        var cases = _host.Services.GetRequiredService<CaseStore>();
        Assert.Equal(CaseActionResult.Done, await cases.AcknowledgeAsync(report.Id, officer.Id));
        Assert.Equal(CaseActionResult.Done, await cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.InProgress, null));
        Assert.Equal(CaseActionResult.Done, await cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.Closed, "Advice given by phone."));

        using var found = await FindAsync(client, report.Reference);

        Assert.Equal($"/officers/reports/{report.Id}", ConsoleHost.PathOf(found));
    }

    [Theory]
    [InlineData("", "Enter the report's reference")]
    [InlineData("CEOP-0O1I-LU00", "Enter a reference like CEOP-7KQ4-M2XD")]
    [InlineData("CEOP-7KQ4", "Enter a reference like CEOP-7KQ4-M2XD")]
    [InlineData("CEOP-7KQ4-M2XD", "No report has the reference CEOP-7KQ4-M2XD")]
    public async Task A_reference_that_finds_nothing_says_why_on_the_page(string typed, string message)
    {
        var (client, officer) = await SignedInAsync();

        using var response = await FindAsync(client, typed);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.StartsWith("Error: Find a report", page.Title);
        Assert.Equal("#reference", page.QuerySelector(".error-summary a")!.GetAttribute("href"));
        Assert.StartsWith(message, page.TextOf("#reference-error").Replace("Error: ", ""));
        Assert.Equal(typed, page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#reference")!.Value);
        // Only a well-formed reference that no report has is a miss worth keeping: it is what guessing leaves.
        var misses = (await _host.Officers.HistoryAsync(officer.Id, 100)).Where(e => e.Event == OfficerEvent.ReferenceNotFound).ToList();
        Assert.Equal(message.StartsWith("No report", StringComparison.Ordinal) ? ["CEOP-7KQ4-M2XD"] : [], misses.Select(e => e.Detail));
    }

    [Fact]
    public async Task Nobody_signed_out_can_look_a_reference_up()
    {
        var client = _host.CreateBrowserlessClient();

        using var response = await client.GetAsync("/officers/find");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/officers/sign-in", ConsoleHost.PathOf(response));
    }

    public void Dispose() => _host.Dispose();
}
