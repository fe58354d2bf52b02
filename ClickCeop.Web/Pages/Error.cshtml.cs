using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Pages;

/// <summary>
/// The one page every failure ends on: thrown exceptions, bare status codes, refused bodies. It answers any
/// method, because the failed request is re-executed here as it came, and it needs no antiforgery token. Its titles
/// and messages are sentences of the words table (Site/Words.cs), each whole: a wait of one minute has sentences of its own.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ErrorModel(ILogger<ErrorModel> logger, IOptions<OfficersOptions> officers, IStringLocalizer<Words> words) : PageModel
{
    public string Title { get; private set; } = words["Sorry, there is a problem with the service"];
    public string Message { get; private set; } = words["Please try again later. What you sent may not have been saved."];
    /// <summary>Where the page sends the person on: the start, unless a refused send has answers to go back to.</summary>
    public (string Path, string Text) Onward { get; private set; } = ("/report", words["Go to the start of the report"]);

    // Handlers take no parameters, so nothing is model-bound: a re-executed POST still carries its form, and a
    // "code" field in it, or a form that cannot be read at all (e.g. one holding %00), must not decide the status.
    public IActionResult OnGet() => Render(RouteCode);
    public IActionResult OnPost() => Render(RouteCode);
    public IActionResult OnPut() => Render(RouteCode);
    public IActionResult OnDelete() => Render(RouteCode);
    public IActionResult OnPatch() => Render(RouteCode);

    /// <summary>
    /// Any other method (TRACE, OPTIONS, one made up) has no handler here, and the page would render its default words
    /// ("try again later") whatever had failed: it is shown by the GET handler instead.
    /// </summary>
    [NonHandler]
    public override void OnPageHandlerSelected(PageHandlerSelectedContext context) =>
        context.HandlerMethod ??= context.ActionDescriptor.HandlerMethods.Single(h => h.HttpMethod == "Get" && h.Name is null);

    /// <summary>The status code from the route (/error/{code}), the only place it is read from.</summary>
    private int? RouteCode =>
        int.TryParse(RouteData.Values["code"]?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;

    private TooManyRequests? Refused => HttpContext.Features.Get<TooManyRequests>();

    private string? RefusedPath => HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath;

    private PageResult Render(int? code)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>();
        if (failure is not null)
        {
            logger.LogError(failure.Error, "Unhandled failure on {Path}", failure.Path);
        }
        // Only an error status is shown as itself: /error/200 or /error/0, asked for by hand, is a page not found. So is
        // /error/500 by hand: a server error is shown only when one happened (re-executed here), or anyone could make
        // the service answer 5xx at will and set off whatever watches for them.
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null;
        var status = code is >= 400 and <= 499 || code is >= 500 and <= 599 && (reExecuted || failure is not null) ? code.Value
            : failure is null ? StatusCodes.Status404NotFound : StatusCodes.Status500InternalServerError;
        // Only the send is limited on the form: the answers are still in the draft, one click from being sent again.
        var sendRefused = RefusedPath?.StartsWith(Journey.Start, StringComparison.OrdinalIgnoreCase) == true ? Refused : null;
        (Title, Message) = status switch
        {
            400 => (words["Sorry, we could not read what you sent"], words["Go back, check your answers and try again. If this keeps happening, start again."]),
            404 => (words["Page not found"], words["If you typed the web address, check it is correct."]),
            405 => (words["Page not found"], words["This page cannot be used that way."]),
            413 => (words["What you sent is too long"], words["Go back and make your answer shorter."]),
            429 when RefusedPath?.StartsWith("/officers", StringComparison.OrdinalIgnoreCase) == true
                => (words["Too many sign-in attempts from this connection"],
                    InMinutes(Refused?.Minutes ?? (int)officers.Value.SignInWindow.TotalMinutes,
                        "Please wait 1 minute and try again.", "Please wait {0} minutes and try again.")),
            429 when sendRefused is { } refused
                => (words["Too many reports from this connection"],
                    InMinutes(refused.Minutes,
                        "Your report has not been sent yet. Your answers are still saved. Wait 1 minute, then go back to your answers and send them.",
                        "Your report has not been sent yet. Your answers are still saved. Wait {0} minutes, then go back to your answers and send them.")),
            429 => (words["Too many reports from this connection"], words["Please wait a few minutes and try again."]),
            _ => (Title, Message),
        };
        if (status == StatusCodes.Status429TooManyRequests && sendRefused is not null)
        {
            Onward = (Journey.PathOf(Step.CheckAnswers), words["Go back to your answers"]);
        }
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>
    /// A wait in whole minutes, said in one of two whole sentences of the words table: one for a single minute, one for
    /// any other number. A translation can then write each as its language needs, not "{0}" plus a word for minutes.
    /// </summary>
    private string InMinutes(int minutes, string oneMinute, string minutesSentence) =>
        minutes == 1 ? words[oneMinute] : words[minutesSentence, minutes];
}
