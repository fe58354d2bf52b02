using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClickCeop.Web.Pages.Officers;

/// <summary>What every console page shares: its list of errors and the 400 answer that shows them.</summary>
public abstract class ConsolePageModel : PageModel
{
    public List<(string Field, string Message)> Errors { get; } = [];

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field).Message;

    protected IActionResult Invalid(string field, string message)
    {
        Errors.Add((field, message));
        return Invalid();
    }

    protected IActionResult Invalid()
    {
        ViewData["HasError"] = true;
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}
