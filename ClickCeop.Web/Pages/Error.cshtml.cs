using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClickCeop.Web.Pages;

/// <summary>
/// The one page every failure ends on: thrown exceptions, bare status codes, refused bodies. It answers any
/// method, because the failed request is re-executed here as it came, and it needs no antiforgery token.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public string Title { get; private set; } = "Sorry, there is a problem with the service";
    public string Message { get; private set; } = "Please try again later. What you sent may not have been saved.";

    public IActionResult OnGet(int? code) => Render(code);
    public IActionResult OnPost(int? code) => Render(code);
    public IActionResult OnPut(int? code) => Render(code);
    public IActionResult OnDelete(int? code) => Render(code);
    public IActionResult OnPatch(int? code) => Render(code);

    private PageResult Render(int? code)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>();
        if (failure is not null)
        {
            logger.LogError(failure.Error, "Unhandled failure on {Path}", failure.Path);
        }
        var status = code ?? (failure is null ? StatusCodes.Status404NotFound : StatusCodes.Status500InternalServerError);
        (Title, Message) = status switch
        {
            400 => ("Sorry, we could not read what you sent", "Go back, check your answers and try again. If this keeps happening, start again."),
            404 => ("Page not found", "If you typed the web address, check it is correct."),
            405 => ("Page not found", "This page cannot be used that way."),
            413 => ("What you sent is too long", "Go back and make your answer shorter."),
            429 => ("Too many reports from this connection", "Please wait a few minutes and try again."),
            _ => (Title, Message),
        };
        Response.StatusCode = status is >= 400 and <= 599 ? status : StatusCodes.Status500InternalServerError;
        return Page();
    }
}
