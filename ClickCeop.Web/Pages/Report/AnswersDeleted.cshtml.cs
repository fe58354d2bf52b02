using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// Where the form goes when the browser's draft has gone: nothing was saved for the draft's lifetime, or the reporter
/// left the site. Before this page a reporter who pressed Continue after the hour landed on the start page with no
/// word of why, and what they had typed was gone. Reads and writes nothing: the stale cookie names no draft, and
/// Start again replaces it.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class AnswersDeletedModel : PageModel
{
    public void OnGet() { }
}
