using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Data;
using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Officers;

public sealed class CaseStoreTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    private CaseStore Cases => _host.Services.GetRequiredService<CaseStore>();

    private async Task<Report> SubmitAsync(Report report) =>
        (await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(report, ReferenceNumber.NewId())).Report;

    /// <summary>
    /// The page's Acknowledge button posts no form key, but ChangeStatusAsync takes Acknowledged like any status: that
    /// move is written as "acknowledged", not "status-changed", and the form posted again must find it there.
    /// </summary>
    [Fact]
    public async Task Acknowledged_posted_twice_from_the_same_status_form_is_done_once()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var report = await SubmitAsync(SampleReports.YoungPerson());
        var formKey = ReferenceNumber.NewId();

        Assert.Equal(CaseActionResult.Done, await Cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.Acknowledged, null, formKey));
        Assert.Equal(CaseActionResult.Done, await Cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.Acknowledged, null, formKey));
        // Another form (another page shown) asking for the same move is refused, as before form keys.
        Assert.Equal(CaseActionResult.NotAllowed, await Cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.Acknowledged, null, ReferenceNumber.NewId()));

        Assert.Equal(["1"], await DatabaseFile.ColumnAsync(_host.DatabasePath, $"SELECT COUNT(*) FROM report_audit WHERE report_id = '{report.Id}' AND action = 'acknowledged'"));
    }

    /// <summary>
    /// One page's note and status forms share its key. A note added from it is not the status move: when a colleague has
    /// made that move meanwhile, the status form posted from the same page is refused, not answered as done by this officer.
    /// </summary>
    [Fact]
    public async Task A_note_from_the_same_page_does_not_make_its_status_form_count_as_done()
    {
        var alice = await _host.EnrolledOfficerAsync("alice@example.org", "Alice Able");
        var bob = await _host.EnrolledOfficerAsync("bob@example.org", "Bob Baker");
        var report = await SubmitAsync(SampleReports.YoungPerson());
        Assert.Equal(CaseActionResult.Done, await Cases.AcknowledgeAsync(report.Id, alice.Id));
        var alicesPage = ReferenceNumber.NewId();

        Assert.Equal(CaseActionResult.Done, await Cases.AddNoteAsync(report.Id, alice.Id, "Rang the school.", alicesPage));
        Assert.Equal(CaseActionResult.Done, await Cases.ChangeStatusAsync(report.Id, bob.Id, ReportStatus.InProgress, null, ReferenceNumber.NewId()));

        Assert.Equal(CaseActionResult.NotAllowed, await Cases.ChangeStatusAsync(report.Id, alice.Id, ReportStatus.InProgress, null, alicesPage));
    }

    /// <summary>
    /// A form posted again counts as a replay only with the same words: a note changed and added again from the same
    /// page (the officer corrected it, a browser that kept the page) is a second note, and must not be dropped as done.
    /// </summary>
    [Fact]
    public async Task A_different_note_from_the_same_page_is_kept_as_a_second_note()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var report = await SubmitAsync(SampleReports.YoungPerson());
        var page = ReferenceNumber.NewId();

        Assert.Equal(CaseActionResult.Done, await Cases.AddNoteAsync(report.Id, officer.Id, "Rang the school.", page));
        Assert.Equal(CaseActionResult.Done, await Cases.AddNoteAsync(report.Id, officer.Id, "Rang the school; the head teacher will call back.", page));
        Assert.Equal(CaseActionResult.Done, await Cases.AddNoteAsync(report.Id, officer.Id, "Rang the school.", page));

        Assert.Equal(["Rang the school.", "Rang the school; the head teacher will call back."],
            await DatabaseFile.ColumnAsync(_host.DatabasePath, $"SELECT detail FROM report_audit WHERE report_id = '{report.Id}' AND action = 'note-added' ORDER BY id"));
    }

    [Fact]
    public async Task Status_moves_only_forward_one_allowed_step_and_final_states_need_an_outcome_note()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var report = await SubmitAsync(SampleReports.YoungPerson());

        Assert.Equal(CaseActionResult.NotAllowed, await Cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.InProgress, null));
        Assert.Equal(CaseActionResult.NotAllowed, await Cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.Closed, "done"));
        Assert.Equal(CaseActionResult.Done, await Cases.AcknowledgeAsync(report.Id, officer.Id));
        Assert.Equal(CaseActionResult.NotAllowed, await Cases.AcknowledgeAsync(report.Id, officer.Id));
        Assert.Equal(CaseActionResult.NotAllowed, await Cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.Referred, "to police"));
        Assert.Equal(CaseActionResult.Done, await Cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.InProgress, null));
        Assert.Equal(CaseActionResult.NotAllowed, await Cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.Referred, "  "));
        Assert.Equal(CaseActionResult.Done, await Cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.Referred, "Referred to Kent Police, ref 123"));
        Assert.Equal(CaseActionResult.NotAllowed, await Cases.ChangeStatusAsync(report.Id, officer.Id, ReportStatus.Closed, "closing"));
        Assert.Equal(CaseActionResult.NotFound, await Cases.AcknowledgeAsync(ReferenceNumber.NewId(), officer.Id));

        var opened = await Cases.OpenAsync(report.Id, officer.Id);
        Assert.Equal(ReportStatus.Referred, opened!.Value.Report.Status);
        Assert.Equal("Referred to Kent Police, ref 123", opened.Value.Case.OutcomeNote);
        Assert.Equal("Dana Duty", opened.Value.Case.AcknowledgedByName);
        Assert.Equal(["viewed", "status-changed", "status-changed", "acknowledged"], opened.Value.Audit.Select(a => a.Action));
        Assert.Empty(await Cases.QueueAsync(null, null));
    }

    [Fact]
    public async Task Audit_log_is_append_only_in_the_database_itself()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var report = await SubmitAsync(SampleReports.YoungPerson());
        await Cases.AddNoteAsync(report.Id, officer.Id, "Called the school");

        await using var connection = await _host.Services.GetRequiredService<Database>().OpenAsync();
        foreach (var sql in new[] { "UPDATE report_audit SET detail = 'nothing happened'", "DELETE FROM report_audit" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.Message);
        }
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT detail FROM report_audit";
        Assert.Equal("Called the school", await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Queue_puts_immediate_risk_first_then_oldest_and_filters_by_status_and_partner()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var old = await SubmitAsync(SampleReports.YoungPerson() with { ReceivedAt = _host.Clock.Now.AddHours(-5) });
        var newer = await SubmitAsync(SampleReports.YoungPerson(partner: "other-site") with { ReceivedAt = _host.Clock.Now.AddHours(-1) });
        var urgentLate = await SubmitAsync(SampleReports.YoungPerson(Danger.Yes) with { ReceivedAt = _host.Clock.Now });
        var closed = await SubmitAsync(SampleReports.YoungPerson() with { ReceivedAt = _host.Clock.Now.AddHours(-9) });
        await Cases.AcknowledgeAsync(closed.Id, officer.Id);
        await Cases.ChangeStatusAsync(closed.Id, officer.Id, ReportStatus.InProgress, null);
        await Cases.ChangeStatusAsync(closed.Id, officer.Id, ReportStatus.Closed, "No further action");
        await Cases.AcknowledgeAsync(old.Id, officer.Id);
        await Cases.TakeOwnershipAsync(old.Id, officer.Id, null);

        Assert.Equal([urgentLate.Id, old.Id, newer.Id], (await Cases.QueueAsync(null, null)).Select(q => q.Id));
        Assert.Equal([old.Id], (await Cases.QueueAsync(ReportStatus.Acknowledged, null)).Select(q => q.Id));
        Assert.Equal([newer.Id], (await Cases.QueueAsync(null, "other-site")).Select(q => q.Id));
        Assert.Equal("Dana Duty", (await Cases.QueueAsync(ReportStatus.Acknowledged, null)).Single().OwnerName);

        // The page shows the same order, and links by the random id.
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);
        var page = await client.GetDocumentAsync("/officers");
        var links = page.QuerySelectorAll("table.console-queue tbody tr td:first-child a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/officers/reports/{urgentLate.Id}", $"/officers/reports/{old.Id}", $"/officers/reports/{newer.Id}"], links);
        var filtered = await client.GetDocumentAsync("/officers?status=acknowledged&partner=example-social");
        Assert.Single(filtered.QuerySelectorAll("table.console-queue tbody tr"));
    }

    [Fact]
    public async Task Report_page_shows_every_answer_and_its_actions_are_audited()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var report = await SubmitAsync(SampleReports.Parent(Danger.Yes));
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);

        var page = await client.GetDocumentAsync($"/officers/reports/{report.Id}");
        var answers = page.TextOf("#answers").Squash();
        foreach (var expected in new[] { report.Narrative, report.Platform, "@stranger_42", "Alex", "11", "Jo Bloggs", "07700 900123", "Last week", "example-social" })
        {
            Assert.Contains(expected, answers);
        }

        using var noOutcome = await client.SubmitAsync(page, FormPost.Fields(("note", "")), "form[action*='handler=Note']");
        Assert.Equal(HttpStatusCode.BadRequest, noOutcome.StatusCode);
        using var acknowledged = await client.SubmitAsync(page, formSelector: "#acknowledge");
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        page = await client.GetDocumentAsync($"/officers/reports/{report.Id}");
        using var owned = await client.SubmitAsync(page, formSelector: "#take-ownership");
        Assert.Equal(HttpStatusCode.Redirect, owned.StatusCode);
        page = await client.GetDocumentAsync($"/officers/reports/{report.Id}");
        using var closeWithoutNote = await client.SubmitAsync(page, FormPost.Fields(("newStatus", "in-progress")), "form[action*='handler=Status']");
        Assert.Equal(HttpStatusCode.Redirect, closeWithoutNote.StatusCode);
        page = await client.GetDocumentAsync($"/officers/reports/{report.Id}");
        using var referNoNote = await client.SubmitAsync(page, FormPost.Fields(("newStatus", "referred"), ("outcomeNote", "")), "form[action*='handler=Status']");
        Assert.Equal(HttpStatusCode.BadRequest, referNoNote.StatusCode);
        using var note = await client.SubmitAsync(page, FormPost.Fields(("note", "Rang the mother <b>at 9pm</b>")), "form[action*='handler=Note']");
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);

        page = await client.GetDocumentAsync($"/officers/reports/{report.Id}");
        Assert.Equal("In progress", page.TextOf("#status"));
        Assert.Equal("Dana Duty", page.TextOf("#owner"));
        var actions = page.QuerySelectorAll("#audit tbody tr").Select(r => r.GetAttribute("data-action")).ToList();
        Assert.Equal(["viewed", "note-added", "viewed", "viewed", "status-changed", "viewed", "took-ownership", "viewed", "acknowledged", "viewed", "viewed"], actions);
        // Notes are shown as text, never as markup.
        Assert.Null(page.QuerySelector("#audit b"));
        Assert.Contains("<b>at 9pm</b>", page.TextOf("#audit"));
    }

    [Fact]
    public async Task A_status_change_with_no_status_chosen_asks_in_gov_uk_words()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var report = await SubmitAsync(SampleReports.YoungPerson());
        Assert.Equal(CaseActionResult.Done, await Cases.AcknowledgeAsync(report.Id, officer.Id));
        Assert.Equal(CaseActionResult.Done, await Cases.TakeOwnershipAsync(report.Id, officer.Id, null));
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);
        var page = await client.GetDocumentAsync($"/officers/reports/{report.Id}");

        using var none = await client.SubmitAsync(page, FormPost.Fields(("outcomeNote", "")), "form[action*='handler=Status']");

        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal("Select the new status", (await Html.ParseAsync(none)).TextOf(".error-summary__list a"));
    }

    [Fact]
    public async Task Enabled_emails_are_the_officers_not_disabled()
    {
        await _host.Officers.CreateAsync("a@example.org", "A");
        await _host.Officers.CreateAsync("b@example.org", "B");
        await _host.Officers.DisableAsync("a@example.org");
        var database = _host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        Assert.Equal(["b@example.org"], await OfficerStore.EnabledEmailsAsync(connection, transaction));
    }

    public void Dispose() => _host.Dispose();
}
