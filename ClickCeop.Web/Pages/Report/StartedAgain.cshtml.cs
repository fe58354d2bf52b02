using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// Where an answer goes from a tab whose report was replaced: Start now was pressed in another tab or window (the
/// badge opens a new one each time), which deleted this tab's report and began a new one under the same cookie.
/// Before this page the old tab's answer was saved into the new report. Offers the new report, as the start page
/// does, and no Start button: pressed here it would delete the report someone may be writing in the other tab.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class StartedAgainModel(DraftStore drafts) : PageModel
{
    public string? CarryOnPath { get; private set; }

    public async Task OnGetAsync() => CarryOnPath = await IndexModel.CarryOnPathAsync(drafts, HttpContext, answeredSomething: false);
}
