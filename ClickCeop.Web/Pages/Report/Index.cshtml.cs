using ClickCeop.Web.Reports;
using ClickCeop.Widget;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// The start page. GET sets no cookie and stores nothing (the badge links here); the Start button POSTs and only
/// then is a draft made. Start needs no antiforgery token: issuing one would set a cookie on GET. A start another
/// site's page sent (the browser says so in Sec-Fetch-Site) would still replace the reporter's draft cookie and strand
/// their answers, so it makes nothing and shows this page: the person presses Start here if they meant to.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(DraftStore drafts) : PageModel
{
    /// <summary>The badge's partner slug, kept with the draft. Anything not slug-shaped is dropped, never echoed.</summary>
    [BindProperty(SupportsGet = true, Name = "partner")]
    public string? Partner { get; set; }

    /// <summary>Where a reporter who left the journey with answers not sent can carry on; null when there is nothing to carry on.</summary>
    public string? CarryOnPath { get; private set; }

    /// <summary>
    /// Someone who left the journey (the header's link, the badge again) finds their answers one click away, rather
    /// than losing them to Start now. Only read, never made: the page still sets no cookie and stores nothing.
    /// </summary>
    public async Task OnGetAsync()
    {
        Partner = Clean(Partner);
        CarryOnPath = await CarryOnPathAsync(drafts, HttpContext, answeredSomething: true);
    }

    /// <summary>
    /// Where the browser's draft, not sent, carries on; null without one (or with nothing answered, when
    /// <paramref name="answeredSomething"/>). Null too while the database is failing: the pages that offer it must
    /// show, offer or not.
    /// </summary>
    internal static async Task<string?> CarryOnPathAsync(DraftStore drafts, HttpContext context, bool answeredSomething)
    {
        if (DraftCookie.Read(context.Request) is not { Length: 32 } id)
        {
            return null;
        }
        try
        {
            return await drafts.FindAsync(id, context.RequestAborted) is { SubmittedReference: null } draft
                && (!answeredSomething || Journey.IsAnswered(Step.WhoAreYou, draft.Answers))
                ? Journey.PathOf(Journey.FirstUnanswered(draft.Answers))
                : null;
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            return null;
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Partner = Clean(Partner);
        if (Request.Headers["Sec-Fetch-Site"] == "cross-site")
        {
            Response.StatusCode = StatusCodes.Status303SeeOther;
            Response.Headers.Location = Journey.Start + (Partner is null ? "" : "?partner=" + Partner);
            return new EmptyResult();
        }
        Draft draft;
        try
        {
            var old = DraftCookie.Read(Request);
            if (old is { Length: 32 })
            {
                await drafts.DeleteAsync(old, HttpContext.RequestAborted);
            }
            draft = await drafts.CreateAsync(Partner, HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            return this.NotStored(e, "Your report could not be started", "Wait a minute, then press Start now again.");
        }
        DraftCookie.Write(Response, draft.Id);
        Response.StatusCode = StatusCodes.Status303SeeOther;
        Response.Headers.Location = Journey.PathOf(Step.WhoAreYou);
        return new EmptyResult();
    }

    // The badge's own rule, so the form keeps exactly the slugs a badge links with (and never one ending in a newline).
    private static string? Clean(string? partner) => BadgeOptions.IsPartnerSlug(partner) ? partner : null;
}
