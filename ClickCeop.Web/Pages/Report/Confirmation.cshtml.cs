using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// Shows the reference of the report this browser just sent. The reference comes from the submitted draft row (found
/// by the draft cookie), never from the URL; it stays readable until the draft expires or the reporter leaves.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ConfirmationModel(DraftStore drafts) : PageModel
{
    public string Reference { get; private set; } = "";

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
        return Page();
    }
}
