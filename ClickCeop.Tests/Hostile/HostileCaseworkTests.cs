using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Hostile;

/// <summary>
/// A signed-in officer's forms (find a report by reference; on a report: acknowledge, take ownership, status with its
/// outcome note, note), every field given every hostile value, then whole-request attacks; and report addresses that
/// are not report ids. What an officer types is shown to every other officer: it must come back as text, never as
/// markup.
/// </summary>
public sealed class HostileCaseworkTests(HostileHost host, ITestOutputHelper output) : IClassFixture<HostileHost>
{
    private static readonly HttpStatusCode[] Answered = [HttpStatusCode.Found, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge];

    [Fact(Timeout = 180_000)]
    public async Task Every_field_of_every_casework_form_is_answered_readably_and_what_was_typed_stays_text()
    {
        var findings = new Findings();
        var app = host.App;
        var officer = await app.EnrolledOfficerAsync("casework@example.org", "Casework Officer");
        var client = app.CreateBrowserlessClient();
        await app.SignInAsync(client, officer);
        var report = (await app.Services.GetRequiredService<ReportStore>().SubmitAsync(SampleReports.YoungPerson(Danger.Yes), "draft-casework")).Report;
        var page = $"/officers/reports/{report.Id}";

        await FormAttacks.RunAsync(findings, client, "/officers/find", new() { ["reference"] = report.Reference }, Answered);
        await FormAttacks.RunAsync(findings, client, page, [], Answered, "form#take-ownership");
        await FormAttacks.RunAsync(findings, client, page, [], Answered, "form#acknowledge");
        await FormAttacks.RunAsync(findings, client, page, new() { ["note"] = "Called the reporter." }, Answered, "form[action*='handler=Note']");
        // Status last: a change that is accepted moves the report on, and a closed report has no status form.
        await FormAttacks.RunAsync(findings, client, page, new() { ["newStatus"] = "in-progress", ["outcomeNote"] = "" }, Answered, "form[action*='handler=Status']");

        foreach (var id in new[] { "..%2F..%2Fofficers", "%3Cscript%3E", new string('a', 33), report.Id.ToUpperInvariant(), "'%20OR%201=1--" })
        {
            using var view = await client.GetAsync($"/officers/reports/{id}");
            await findings.CheckAsync($"GET /officers/reports/{id}", view, HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        }

        // Every note and outcome that was accepted is on the report's page now, for every officer to read.
        using var after = await client.GetAsync(page);
        var shown = await findings.CheckAsync($"GET {page} after the attacks", after, HttpStatusCode.OK);
        var notes = await DatabaseFile.ColumnAsync(app.DatabasePath, $"SELECT detail FROM report_audit WHERE report_id = '{report.Id}' AND action = 'note-added'");
        if (notes.Count == 0) findings.Fail("notes", "no hostile note was accepted, so none was shown");
        if (!shown.Body!.TextContent.Contains(HostileValues.BreakOut, StringComparison.Ordinal)) findings.Fail(page, "an accepted note is not shown as the text typed");
        findings.CheckLog("the log", host.App.Log);
        findings.AssertNone(output, "Console casework");
    }
}
