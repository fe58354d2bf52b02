using System.Globalization;
using ClickCeop.Web.Reports;
using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Localization;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// One question of the journey. Before any handler runs it finds the reporter's draft (none: see Journey.WithoutDraft)
/// and checks the question is reachable with the answers so far (not: to the first unanswered question). Pages are
/// never stored by a browser or proxy, since a shared device is the norm.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class JourneyPageModel(DraftStore drafts) : PageModel
{
    private readonly List<(string Field, string Message)> _errors = [];

    protected abstract Step Step { get; }

    public Draft Draft { get; private set; } = null!;

    public DraftAnswers Answers => Draft.Answers;

    /// <summary>
    /// The marker of the draft the page was shown for, posted back from a hidden field (<see cref="Draft.Marker"/>).
    /// Null from a form without it: one rendered before the field existed, still open in a tab.
    /// </summary>
    [BindProperty(Name = "draft")] public string? ShownFor { get; set; }

    /// <summary>True on the /change variant, reached from check answers: saving returns there.</summary>
    public bool IsChange => string.Equals(RouteData.Values["mode"] as string, "change", StringComparison.Ordinal);

    public string BackPath => IsChange ? Journey.ChangeBackPathOf(Step, Answers) : Journey.BackPathOf(Step, Answers);

    public IReadOnlyList<(string Field, string Message)> Errors => _errors;

    /// <summary>The words table (Site/Words.cs), for what a page model says itself: its error messages.</summary>
    protected IStringLocalizer<Words> Words => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Words>>();

    public string? ErrorFor(string field) => _errors.FirstOrDefault(e => e.Field == field).Message;

    /// <summary>
    /// The ids a field's aria-describedby names: its hint, then its error message (id "{field}-error"), so a screen
    /// reader says the error on reaching the field, not only in the summary. Null (no attribute) when neither exists.
    /// </summary>
    public string? DescribedBy(string field, string? hintId = null) =>
        ErrorFor(field) is null ? hintId : string.Join(' ', new[] { hintId, field + "-error" }.Where(id => id is not null));

    // NonHandler: a public method named On{Verb}{Name} is otherwise a handler (verb "Page"), callable by any visitor.
    [NonHandler]
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var cookie = DraftCookie.Read(Request);
        var draft = await drafts.FindAsync(cookie, HttpContext.RequestAborted);
        if (draft is null)
        {
            context.Result = SeeOther(Journey.WithoutDraft(cookie));
            return;
        }
        if (ShownFor is not null && ShownFor != draft.Marker)
        {
            // Start now in another tab replaced the draft this page was shown for (the badge opens a new tab each
            // time): saved here, this answer would go into that other report, one child's name beside another
            // child's story, or Send would send it and call this tab's report sent. Checked before the sent check:
            // the other report being sent says nothing about this one.
            context.Result = SeeOther(Journey.StartedAgain);
            return;
        }
        if (draft.SubmittedReference is not null)
        {
            // Sent already: a replayed submit, or an answer from another tab on this report, shows the same
            // confirmation (the start page said nothing of the report, so it looked lost); any other step, such as
            // Back to a question, starts a new report.
            context.Result = SeeOther(Step == Step.CheckAnswers || HttpMethods.IsPost(Request.Method) ? Journey.Confirmation : Journey.Start);
            return;
        }
        Draft = draft;
        if (!Journey.CanShow(Step, draft.Answers))
        {
            context.Result = SeeOther(Journey.PathOf(Journey.FirstUnanswered(draft.Answers)));
            return;
        }
        await next();
    }

    protected void AddError(string field, string message) => _errors.Add((field, message));

    /// <summary>
    /// A count in the reporter's words, grouped as English and Welsh write it ("5,000"). Not the server's culture: a
    /// machine set to Turkish or German said "5.000" in an error under a hint that says "5,000" (ServerCultureTests).
    /// </summary>
    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Shows the question again with what was typed, the error summary and status 400.</summary>
    protected PageResult Invalid()
    {
        ViewData["HasError"] = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Saves the answers and goes on: the next question, or back to check answers after a change.</summary>
    protected async Task<IActionResult> SaveAndContinueAsync()
    {
        try
        {
            await drafts.SaveAsync(Draft, HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            return this.NotStored(e, "Your answer has not been saved yet", "Your answers are still here. Wait a minute, then try again.");
        }
        return SeeOther(IsChange ? Journey.AfterChange(Answers) : Journey.PathOf(Journey.Next(Step, Answers)));
    }

    /// <summary>303: after a POST the browser GETs the next page, so Back and refresh never resend answers.</summary>
    protected static IActionResult SeeOther(string path) => new SeeOtherResult(path);

    private sealed class SeeOtherResult(string path) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.HttpContext.Response.Headers.Location = path;
            return Task.CompletedTask;
        }
    }
}
