using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Officers;

/// <summary>
/// Two officers working the same report through the real pages, their requests replayed in a chosen order: each is
/// told truthfully what happened, and the audit trail holds every change that is shown.
/// </summary>
public sealed class CaseworkTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    private async Task<(HttpClient Alice, HttpClient Bob, string Url)> TwoOfficersOnOneReportAsync()
    {
        var alice = await _host.EnrolledOfficerAsync("alice@example.org", "Alice Able");
        var bob = await _host.EnrolledOfficerAsync("bob@example.org", "Bob Baker");
        var report = (await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(SampleReports.Parent(Danger.Yes), ReferenceNumber.NewId())).Report;
        var aliceClient = _host.CreateBrowserlessClient();
        var bobClient = _host.CreateBrowserlessClient();
        await _host.SignInAsync(aliceClient, alice);
        await _host.SignInAsync(bobClient, bob);
        return (aliceClient, bobClient, $"/officers/reports/{report.Id}");
    }

    [Fact]
    public async Task Taking_ownership_from_a_page_that_showed_nobody_does_not_silently_take_it_from_the_officer_who_claimed_it_first()
    {
        var (alice, bob, url) = await TwoOfficersOnOneReportAsync();
        var alicesPage = await alice.GetDocumentAsync(url);
        var bobsPage = await bob.GetDocumentAsync(url);
        Assert.Equal("Nobody", alicesPage.TextOf("#owner"));

        using (var bobTakes = await bob.SubmitAsync(bobsPage, formSelector: "#take-ownership"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bobTakes.StatusCode);
        }
        // Alice pressed Take ownership on the page that said nobody had it.
        using var aliceTakes = await alice.SubmitAsync(alicesPage, formSelector: "#take-ownership");

        Assert.Equal(HttpStatusCode.BadRequest, aliceTakes.StatusCode);
        var told = await Html.ParseAsync(aliceTakes);
        Assert.Equal("Bob Baker", told.TextOf("#owner"));
        Assert.Contains("Bob Baker took ownership of this report first", told.TextOf(".error-summary"));
        Assert.Equal("Bob Baker", (await bob.GetDocumentAsync(url)).TextOf("#owner"));

        // Told, she can still take it over on purpose, from the page that shows Bob as the owner.
        using var aliceTakesOver = await alice.SubmitAsync(told, formSelector: "#take-ownership");
        Assert.Equal(HttpStatusCode.Redirect, aliceTakesOver.StatusCode);
        Assert.Equal("Alice Able", (await bob.GetDocumentAsync(url)).TextOf("#owner"));
    }

    [Fact]
    public async Task An_outcome_note_posted_with_an_acknowledgement_is_in_the_audit_trail_if_it_is_kept()
    {
        var (alice, _, url) = await TwoOfficersOnOneReportAsync();
        var page = await alice.GetDocumentAsync(url);
        var token = page.QuerySelector("#acknowledge input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        // The status form never offers Acknowledged, but its handler takes it, with an outcome note, from a hand-made post.
        using var acknowledged = await alice.PostAsync(url + "?handler=Status", new FormUrlEncodedContent(FormPost.Fields(
            ("__RequestVerificationToken", token), ("newStatus", "acknowledged"), ("outcomeNote", "No further action needed"))));
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);

        page = await alice.GetDocumentAsync(url);
        Assert.Equal("Acknowledged", page.TextOf("#status"));
        if (page.TextOf("#case").Contains("No further action needed", StringComparison.Ordinal))
        {
            Assert.Contains("No further action needed", page.TextOf("#audit"));
        }
    }

    [Fact]
    public async Task A_note_refused_as_too_long_is_given_back_to_the_officer_to_shorten()
    {
        var (alice, _, url) = await TwoOfficersOnOneReportAsync();
        var page = await alice.GetDocumentAsync(url);
        var typed = "Rang the mother at 9pm.\n" + new string('x', CaseStore.MaxNoteLength);

        using var refused = await alice.SubmitAsync(page, FormPost.Fields(("note", typed)), "form[action*='handler=Note']");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var shown = await Html.ParseAsync(refused);
        Assert.Equal($"Note must be {CaseStore.MaxNoteLength} characters or fewer", shown.TextOf(".error-summary__list a"));
        Assert.Equal(typed, ((AngleSharp.Html.Dom.IHtmlTextAreaElement)shown.QuerySelector("textarea#note")!).Value);
    }

    [Fact]
    public async Task An_officer_whose_outcome_comes_after_a_colleague_closed_the_report_is_told_who_and_keeps_what_they_wrote()
    {
        var (alice, bob, url) = await TwoOfficersOnOneReportAsync();
        using (var acknowledged = await alice.SubmitAsync(await alice.GetDocumentAsync(url), formSelector: "#acknowledge")) { }
        using (var inProgress = await alice.SubmitAsync(await alice.GetDocumentAsync(url), FormPost.Fields(("newStatus", "in-progress")), "form[action*='handler=Status']")) { }
        var alicesPage = await alice.GetDocumentAsync(url);
        var bobsPage = await bob.GetDocumentAsync(url);

        using (var closed = await alice.SubmitAsync(alicesPage, FormPost.Fields(("newStatus", "closed"), ("outcomeNote", "No further action")), "form[action*='handler=Status']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        }
        const string bobsOutcome = "Referred to Kent Police, their reference KP-123";
        using var referred = await bob.SubmitAsync(bobsPage, FormPost.Fields(("newStatus", "referred"), ("outcomeNote", bobsOutcome)), "form[action*='handler=Status']");

        Assert.Equal(HttpStatusCode.BadRequest, referred.StatusCode);
        var told = await Html.ParseAsync(referred);
        Assert.Equal("Closed", told.TextOf("#status"));
        Assert.Contains("Alice Able closed this report", told.TextOf(".error-summary"));
        // The status form has gone with the closing; what Bob wrote is in the note box, not lost.
        Assert.Null(told.QuerySelector("form[action*='handler=Status']"));
        Assert.Equal(bobsOutcome, ((AngleSharp.Html.Dom.IHtmlTextAreaElement)told.QuerySelector("textarea#note")!).Value);
        Assert.Equal("#note", told.QuerySelector(".error-summary__list a")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("long")]
    public async Task A_status_change_refused_for_its_outcome_note_after_a_colleague_closed_the_report_says_who_and_keeps_what_was_typed(string typed)
    {
        var (alice, bob, url) = await TwoOfficersOnOneReportAsync();
        using (await alice.SubmitAsync(await alice.GetDocumentAsync(url), formSelector: "#acknowledge")) { }
        using (await alice.SubmitAsync(await alice.GetDocumentAsync(url), FormPost.Fields(("newStatus", "in-progress")), "form[action*='handler=Status']")) { }
        var bobsPage = await bob.GetDocumentAsync(url);
        using (var closed = await alice.SubmitAsync(await alice.GetDocumentAsync(url), FormPost.Fields(("newStatus", "closed"), ("outcomeNote", "No further action")), "form[action*='handler=Status']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        }
        // Bob, on the page from before, refers it with no outcome note yet, or with one longer than a note may be.
        var outcome = typed == "long" ? "Referred to Kent Police. " + new string('x', CaseStore.MaxNoteLength) : typed;

        using var referred = await bob.SubmitAsync(bobsPage, FormPost.Fields(("newStatus", "referred"), ("outcomeNote", outcome)), "form[action*='handler=Status']");

        Assert.Equal(HttpStatusCode.BadRequest, referred.StatusCode);
        var told = await Html.ParseAsync(referred);
        Assert.Equal("Closed", told.TextOf("#status"));
        Assert.Null(told.QuerySelector("form[action*='handler=Status']"));
        Assert.Contains("Alice Able closed this report", told.TextOf(".error-summary"));
        var link = told.QuerySelector(".error-summary__list a")!.GetAttribute("href")!;
        Assert.NotNull(told.QuerySelector(link));
        Assert.Equal(outcome, ((AngleSharp.Html.Dom.IHtmlTextAreaElement)told.QuerySelector("textarea#note")!).Value);
    }

    [Fact]
    public async Task A_double_press_of_add_note_puts_the_note_in_the_append_only_trail_once()
    {
        var (alice, _, url) = await TwoOfficersOnOneReportAsync();
        var page = await alice.GetDocumentAsync(url);
        const string note = "Rang the mother at 9pm.";

        // A double click, or Back and the button again: the same form posted twice. Both are answered as done.
        foreach (var press in new[] { 1, 2 })
        {
            using var added = await alice.SubmitAsync(page, FormPost.Fields(("note", note)), "form[action*='handler=Note']");
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var notes = (await alice.GetDocumentAsync(url)).QuerySelectorAll("#audit tbody tr[data-action='note-added']");
        Assert.Single(notes);
        // The same words written again from a page shown afterwards are a second note, and kept as one.
        using (var again = await alice.SubmitAsync(await alice.GetDocumentAsync(url), FormPost.Fields(("note", note)), "form[action*='handler=Note']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }
        Assert.Equal(2, (await alice.GetDocumentAsync(url)).QuerySelectorAll("#audit tbody tr[data-action='note-added']").Length);
    }

    [Theory]
    [InlineData("in-progress", "")]
    [InlineData("closed", "No further action: advice given by phone")]
    public async Task A_double_press_of_change_status_is_done_once_and_not_told_as_a_colleagues_change(string status, string outcome)
    {
        var (alice, _, url) = await TwoOfficersOnOneReportAsync();
        using (await alice.SubmitAsync(await alice.GetDocumentAsync(url), formSelector: "#acknowledge")) { }
        if (status == "closed")
        {
            using (await alice.SubmitAsync(await alice.GetDocumentAsync(url), FormPost.Fields(("newStatus", "in-progress")), "form[action*='handler=Status']")) { }
        }
        var page = await alice.GetDocumentAsync(url);

        // A double click, or Back and the button again: the same form posted twice.
        foreach (var press in new[] { 1, 2 })
        {
            using var changed = await alice.SubmitAsync(page, FormPost.Fields(("newStatus", status), ("outcomeNote", outcome)), "form[action*='handler=Status']");
            Assert.True(changed.StatusCode == HttpStatusCode.Redirect,
                $"Press {press}: {(int)changed.StatusCode} {(await Html.ParseAsync(changed)).QuerySelector(".error-summary")?.TextContent.Squash()}");
        }

        var shown = await alice.GetDocumentAsync(url);
        Assert.Single(shown.QuerySelectorAll("#audit tbody tr[data-action='status-changed']"), row => row.TextContent.Contains("→ " + status, StringComparison.Ordinal));
        Assert.Empty(shown.QuerySelectorAll("#audit tbody tr[data-action='note-added']"));
    }

    [Fact]
    public async Task The_same_status_form_posted_again_with_another_status_is_not_answered_as_done()
    {
        var (alice, _, url) = await TwoOfficersOnOneReportAsync();
        using (await alice.SubmitAsync(await alice.GetDocumentAsync(url), formSelector: "#acknowledge")) { }
        using (await alice.SubmitAsync(await alice.GetDocumentAsync(url), FormPost.Fields(("newStatus", "in-progress")), "form[action*='handler=Status']")) { }
        var page = await alice.GetDocumentAsync(url);
        using (var closed = await alice.SubmitAsync(page, FormPost.Fields(("newStatus", "closed"), ("outcomeNote", "No further action")), "form[action*='handler=Status']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        }

        // Back to the same page, Referred chosen instead: the form's key made a move, but not this one, so it is no replay.
        using var referred = await alice.SubmitAsync(page, FormPost.Fields(("newStatus", "referred"), ("outcomeNote", "Referred to Kent Police")), "form[action*='handler=Status']");

        Assert.Equal(HttpStatusCode.BadRequest, referred.StatusCode);
        var shown = await alice.GetDocumentAsync(url);
        Assert.Equal("Closed", shown.TextOf("#status"));
        Assert.DoesNotContain(shown.QuerySelectorAll("#audit tbody tr[data-action='status-changed']"), row => row.TextContent.Contains("→ referred", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_form_key_the_page_could_not_have_made_is_not_kept_and_does_not_stop_a_note()
    {
        var (alice, _, url) = await TwoOfficersOnOneReportAsync();
        var page = await alice.GetDocumentAsync(url);
        var handMade = "replay-" + new string('k', 2000);

        // A hand-made post: the key is not one of the page's (32 lower-case hex characters), so it is not written into
        // the append-only trail, and two such posts are two notes, as with no key at all.
        foreach (var press in new[] { 1, 2 })
        {
            using var added = await alice.SubmitAsync(page, FormPost.Fields(("note", "Rang the school."), ("formKey", handMade)), "form[action*='handler=Note']");
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        Assert.Equal(2, (await alice.GetDocumentAsync(url)).QuerySelectorAll("#audit tbody tr[data-action='note-added']").Length);
        Assert.Equal(["0"], await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT COUNT(*) FROM report_audit WHERE form_key IS NOT NULL AND action = 'note-added'"));
    }

    [Fact]
    public async Task A_second_press_of_take_ownership_says_the_officer_has_it_rather_than_that_they_cannot()
    {
        var (alice, _, url) = await TwoOfficersOnOneReportAsync();
        var page = await alice.GetDocumentAsync(url);
        using (var first = await alice.SubmitAsync(page, formSelector: "#take-ownership"))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        // A double click, or the back button and the button again.
        using var second = await alice.SubmitAsync(page, formSelector: "#take-ownership");

        var told = await Html.ParseAsync(second);
        Assert.Equal("Alice Able", told.TextOf("#owner"));
        Assert.Equal("You own this report already", told.TextOf(".error-summary__list a"));
    }

    [Fact]
    public async Task An_error_about_a_form_the_report_has_moved_past_links_to_what_the_page_shows_instead()
    {
        var (alice, bob, url) = await TwoOfficersOnOneReportAsync();
        var alicesPage = await alice.GetDocumentAsync(url);
        var bobsNewPage = await bob.GetDocumentAsync(url);
        using (await alice.SubmitAsync(alicesPage, formSelector: "#acknowledge")) { }
        using (await alice.SubmitAsync(alicesPage, formSelector: "#take-ownership")) { }
        var bobsAcknowledgedPage = await bob.GetDocumentAsync(url);
        using (await alice.SubmitAsync(await alice.GetDocumentAsync(url), FormPost.Fields(("newStatus", "in-progress")), "form[action*='handler=Status']")) { }
        using (var closed = await alice.SubmitAsync(await alice.GetDocumentAsync(url), FormPost.Fields(("newStatus", "closed"), ("outcomeNote", "No further action")), "form[action*='handler=Status']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        }

        // Each from a page shown before the report moved on: the form each names is no longer on the page.
        using var acknowledgedAgain = await bob.SubmitAsync(bobsNewPage, formSelector: "#acknowledge");
        using var ownedAgain = await alice.SubmitAsync(alicesPage, formSelector: "#take-ownership");
        using var closedAgain = await bob.SubmitAsync(bobsAcknowledgedPage, FormPost.Fields(("newStatus", "in-progress")), "form[action*='handler=Status']");

        foreach (var (response, target) in new[] { (acknowledgedAgain, "#acknowledged"), (ownedAgain, "#owner"), (closedAgain, "#status") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var told = await Html.ParseAsync(response);
            var link = told.QuerySelector(".error-summary__list a")!.GetAttribute("href")!;
            Assert.Equal(target, link);
            Assert.NotNull(told.QuerySelector(link));
        }
    }

    public void Dispose() => _host.Dispose();
}
