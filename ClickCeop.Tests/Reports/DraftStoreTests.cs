using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Reports;

public sealed class DraftStoreTests : IDisposable
{
    private readonly AppHost _host = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 28, 16, 0, 0, TimeSpan.Zero));

    private DraftStore Store() => Service<DraftStore>();

    /// <summary>From the app with the test's clock; every call in a test gets the same app.</summary>
    private T Service<T>() where T : notnull
    {
        _clocked ??= _host.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        return _clocked.Services.GetRequiredService<T>();
    }

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? _clocked;

    [Fact]
    public async Task A_draft_keeps_its_answers_and_partner_and_has_a_random_128_bit_id()
    {
        var store = Store();
        var draft = await store.CreateAsync("example-social");
        draft.Answers.Narrative = "line one\nline two 👀";
        await store.SaveAsync(draft);

        var found = await store.FindAsync(draft.Id);

        Assert.Equal(32, draft.Id.Length);
        Assert.NotEqual(draft.Id, (await store.CreateAsync(null)).Id);
        Assert.Equal("example-social", found!.Partner);
        Assert.Equal("line one\nline two 👀", found.Answers.Narrative);
    }

    [Fact]
    public async Task Answers_are_stored_as_the_reflection_serializer_wrote_them_so_older_drafts_still_read()
    {
        var store = Store();
        var draft = await store.CreateAsync(null);
        var answers = new DraftAnswers
        {
            Role = "young-person", Categories = ["sexual-chat", "images"], AdviceSeen = true, Danger = "not-sure",
            Platform = "game <chat> & \"more\"", OtherPerson = ["@stranger", "0770 000 000"], StartedWhen = "this-week",
            Narrative = "line one\nline two 👀 \u202Eevil", ChildFirstName = "Al", ChildAge = 12, ReporterName = "Sam",
            ReporterAge = 12, AboutYouDone = true, Email = "sam@example.com", Phone = "0770", TextSafe = false,
            VoicemailSafe = true, SafeTimes = "after school", ContactDone = true,
        };
        draft.Answers = answers;
        await store.SaveAsync(draft);

        var stored = Assert.Single(await DatabaseFile.ColumnAsync(_host.DatabasePath, $"SELECT answers FROM drafts WHERE id = '{draft.Id}'"));
        var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(answers, web), stored);

        // So what is stored is what the reflection serializer wrote; it reads back whole.
        var found = (await store.FindAsync(draft.Id))!.Answers;
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(answers, web), System.Text.Json.JsonSerializer.Serialize(found, web));
    }

    [Fact]
    public async Task Drafts_expire_60_minutes_after_the_last_save_and_are_purged()
    {
        var store = Store();
        var idle = await store.CreateAsync(null);
        var busy = await store.CreateAsync(null);
        _clock.Advance(TimeSpan.FromMinutes(50));
        await store.SaveAsync(busy);
        _clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Null(await store.FindAsync(idle.Id));
        Assert.NotNull(await store.FindAsync(busy.Id));
        Assert.Equal(1, await store.PurgeExpiredAsync());
        Assert.Equal(1, JourneyClient.CountDrafts(_host.DatabasePath));
    }

    /// <summary>
    /// "Leave this site" and expiry delete the row; the answers must not stay readable in the database file's free
    /// space either, where anyone reading the file (or an undelete tool) finds what the reporter chose not to send.
    /// The narrative is long enough to overflow a page, so freed overflow pages are checked as well as the row's page.
    /// </summary>
    [Theory]
    [InlineData("left")]
    [InlineData("expired")]
    public async Task Deleted_answers_are_not_left_in_the_database_file_after_a_checkpoint(string how)
    {
        var store = Store();
        var draft = await store.CreateAsync(null);
        draft.Answers.ChildFirstName = "Childmarkerqz";
        draft.Answers.Email = "emailmarkerqz@example.org";
        draft.Answers.Narrative = string.Concat(Enumerable.Repeat("Narrativemarkerqz ", 280));
        await store.SaveAsync(draft);

        if (how == "left")
        {
            await store.DeleteAsync(draft.Id);
        }
        else
        {
            _clock.Advance(TimeSpan.FromMinutes(61));
            Assert.Equal(1, await store.PurgeExpiredAsync());
        }
        // "0" says no reader stopped it part way.
        Assert.Equal("0", await DatabaseFile.CheckpointAsync(_host.DatabasePath));

        var file = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_host.DatabasePath));
        Assert.DoesNotContain("Childmarkerqz", file);
        Assert.DoesNotContain("emailmarkerqz", file);
        Assert.DoesNotContain("Narrativemarkerqz", file);
    }

    [Fact]
    public async Task Submitting_wipes_the_answers_and_keeps_only_the_reference()
    {
        var store = Store();
        var draft = await store.CreateAsync("example-social");
        draft.Answers.ReporterName = "Sam";
        await store.SaveAsync(draft);

        var report = SampleReports.YoungPerson() with { ReceivedAt = _clock.GetUtcNow() };
        var submitted = await Service<ReportStore>().SubmitAsync(report, submissionKey: draft.Id);
        draft.Answers.ReporterName = "changed after submit";
        await store.SaveAsync(draft);

        var found = await store.FindAsync(draft.Id);
        Assert.Equal(submitted.Report.Reference, found!.SubmittedReference);
        Assert.Null(found.Answers.ReporterName);
        Assert.Null(found.Partner);
        // It stays for the confirmation page as long as any draft lives after its last change.
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(await store.FindAsync(draft.Id));
    }

    [Fact]
    public async Task A_submit_that_fails_stores_nothing_and_leaves_the_answers_to_submit_again()
    {
        var store = Store();
        var draft = await store.CreateAsync("example-social");
        draft.Answers.ReporterName = "Sam";
        await store.SaveAsync(draft);
        // A real failure inside the submit's transaction, after the report and its alerts are written: SQLite itself
        // refuses to mark this draft submitted.
        var refusal = await DatabaseFile.RefuseAsync(_host.DatabasePath, "BEFORE UPDATE OF submitted_reference ON drafts");
        var report = SampleReports.YoungPerson() with { ReceivedAt = _clock.GetUtcNow() };

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => Service<ReportStore>().SubmitAsync(report, draft.Id));

        Assert.Empty(await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT id FROM reports"));
        Assert.Empty(await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT id FROM outbox"));
        var kept = await store.FindAsync(draft.Id);
        Assert.Equal("Sam", kept!.Answers.ReporterName);
        Assert.Null(kept.SubmittedReference);

        await refusal.DisposeAsync();
        var submitted = await Service<ReportStore>().SubmitAsync(report, draft.Id);
        Assert.True(submitted.Created);
        Assert.Equal(submitted.Report.Reference, Assert.Single(await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT reference FROM reports")));
    }

    [Theory]
    [InlineData("http", "ceop-draft", false)]
    [InlineData("https", "__Host-ceop-draft", true)]
    public void The_cookie_is_a_host_only_http_only_lax_session_cookie(string scheme, string name, bool secure)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;

        DraftCookie.Write(context.Response, new string('a', 32));

        var header = context.Response.Headers.SetCookie.ToString();
        Assert.StartsWith(name + "=", header);
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header);
        Assert.DoesNotContain("expires", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain", header, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(secure, header.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Control_characters_are_stripped_except_newline_and_tab()
    {
        Assert.Equal("a\nb\tc 👀", FreeText.Clean("a\r\nb\tc\u0000\u001b 👀", singleLine: false));
        Assert.Equal("a b", FreeText.Clean("  a\nb\u0007 ", singleLine: true));
        // A single-line answer (a name, a platform) keeps no tab either: it becomes a space like a newline.
        Assert.Equal("a b c", FreeText.Clean("\ta\tb\nc\t", singleLine: true));
    }

    public void Dispose() => _host.Dispose();
}
