using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// Shows the reference of the report this browser just sent. The reference comes from the submitted draft row (found
/// by the draft cookie), never from the URL; it stays readable until the draft expires or the reporter leaves. The
/// draft's answers were wiped at the send, so who reported and whether a child is in danger (for the banner and
/// the help that fits) are read back from the stored report.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ConfirmationModel(DraftStore drafts, ReportStore reports, ILogger<ConfirmationModel> logger) : PageModel
{
    public string Reference { get; private set; } = "";

    /// <summary>The report just sent; null only if it cannot be found, when the page shows the words for everyone.</summary>
    public Reports.Report? Sent { get; private set; }

    public bool IsUnder18 => Sent?.ReporterRole.IsUnder18() == true;

    public bool IsAdult => Sent is not null && !IsUnder18;

    /// <summary>Ticked with something for CEOP, the IWF's own page was skipped: it is named here instead.</summary>
    public bool SawSexualImages => Sent?.Categories.Contains(Category.SawSexualImagesOfChildren) == true;

    public async Task<IActionResult> OnGetAsync()
    {
        var cookie = DraftCookie.Read(Request);
        var draft = await drafts.FindAsync(cookie, HttpContext.RequestAborted);
        if (draft?.SubmittedReference is null)
        {
            Response.StatusCode = StatusCodes.Status303SeeOther;
            Response.Headers.Location = draft is null ? Journey.WithoutDraft(cookie) : Journey.Start;
            return new EmptyResult();
        }
        Reference = draft.SubmittedReference;
        try
        {
            Sent = await reports.FindByReferenceAsync(Reference, HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            // The reference is what the reporter must leave with; without the report the page speaks to everyone.
            logger.LogWarning(e, "The confirmation could not read back its report; showing the words for every reporter");
        }
        return Page();
    }
}
