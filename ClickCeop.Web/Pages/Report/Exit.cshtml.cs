using ClickCeop.Web.Reports;
using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// "Leave this site": forgets the draft on the server, asks the browser to clear what it holds for us, and goes
/// to a neutral page. Works without JavaScript: it is a plain link.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ExitModel(DraftStore drafts, IOptions<HelpOptions> help, ILogger<ExitModel> logger) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var id = DraftCookie.Read(Request);
        if (!string.IsNullOrEmpty(id))
        {
            try
            {
                await drafts.DeleteAsync(id, HttpContext.RequestAborted);
            }
            catch (Exception e) when (e is SqliteException or IOException)
            {
                // The person must still leave: an error page here would keep them on this site, on a shared device,
                // with the cookie that opens their answers. Once the browser forgets the cookie nobody can reach the
                // draft, and it is purged when its lifetime ends.
                logger.LogError(e, "The database refused to delete a draft on leaving; it stays until it expires");
            }
        }
        DraftCookie.Delete(Response);
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"cookies\", \"storage\"";
        Response.StatusCode = StatusCodes.Status303SeeOther;
        Response.Headers.Location = help.Value.ExitUrl;
        return new EmptyResult();
    }
}
