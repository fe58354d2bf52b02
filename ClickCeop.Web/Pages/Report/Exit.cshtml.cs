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
public sealed class ExitModel(DraftStore drafts, IOptions<HelpOptions> help, TimeProvider time, ILogger<ExitModel> logger) : PageModel
{
    /// <summary>
    /// How long leaving waits for the draft's delete. A delete takes milliseconds; while another process holds the
    /// write lock it would take up to 30 s, with the person still on this site, so it goes on after they have left.
    /// </summary>
    public static readonly TimeSpan DeleteWait = TimeSpan.FromSeconds(1);

    public async Task<IActionResult> OnGetAsync()
    {
        var id = DraftCookie.Read(Request);
        if (!string.IsNullOrEmpty(id))
        {
            // On a thread of its own: SQLite waits for a held lock on the caller's thread. Not the request's token:
            // the draft must go even though the browser has already left.
            var deleting = Task.Run(() => DeleteAsync(id));
            await Task.WhenAny(deleting, Task.Delay(DeleteWait, time));
        }
        DraftCookie.Delete(Response);
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"cookies\", \"storage\"";
        Response.StatusCode = StatusCodes.Status303SeeOther;
        Response.Headers.Location = help.Value.ExitUrl;
        return new EmptyResult();
    }

    private async Task DeleteAsync(string id)
    {
        try
        {
            await drafts.DeleteAsync(id);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            // The person must still leave: an error page here would keep them on this site, on a shared device,
            // with the cookie that opens their answers. Once the browser forgets the cookie nobody can reach the
            // draft, and it is purged when its lifetime ends.
            logger.LogError(e, "The database refused to delete a draft on leaving; it stays until it expires");
        }
    }
}
