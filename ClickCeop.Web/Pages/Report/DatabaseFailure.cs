using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// When the database fails (its disk full or failing, or its lock held for 30 s) on a step of the journey: the same
/// page again, with what was typed, a box that says what was not kept and what to do (the layout draws it from
/// ViewData["NotStored"]), and 503. A generic error page would leave a child unsure whether anything they wrote was
/// kept.
/// </summary>
public static class DatabaseFailure
{
    public static PageResult NotStored(this PageModel page, Exception failure, string heading, string whatToDo)
    {
        page.HttpContext.RequestServices.GetRequiredService<ILogger<PageModel>>()
            .LogError(failure, "The database refused {Path}; the reporter was asked to try again", page.Request.Path.Value);
        // The two sentences are keys of the words table, as a view's are.
        var words = page.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Words>>();
        page.ViewData["NotStored"] = (words[heading].Value, words[whatToDo].Value);
        page.ViewData["HasError"] = true;
        page.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        page.Response.Headers.RetryAfter = "60";
        return page.Page();
    }
}
