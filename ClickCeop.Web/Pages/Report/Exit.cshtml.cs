using ClickCeop.Web.Reports;
using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// "Leave this site": forgets the draft on the server, asks the browser to clear what it holds for us, and goes
/// to a neutral page. Works without JavaScript: it is a plain link.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ExitModel(DraftStore drafts, IOptions<HelpOptions> help) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var id = DraftCookie.Read(Request);
        if (!string.IsNullOrEmpty(id))
        {
            await drafts.DeleteAsync(id, HttpContext.RequestAborted);
        }
        DraftCookie.Delete(Response);
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"cookies\", \"storage\"";
        Response.StatusCode = StatusCodes.Status303SeeOther;
        Response.Headers.Location = help.Value.ExitUrl;
        return new EmptyResult();
    }
}
