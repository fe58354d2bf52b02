using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ClickCeop.Web.Site;

/// <summary>
/// A request that none of its page's handlers answers (a PUT, a POST to a page that only reads, ?handler=anything)
/// would render the page without running any of its code, on models never filled: a 500, or a blank form answered
/// 200. It is refused instead: 405 with Allow when the page has no handler for the method, 404 when it has handlers
/// for the method but none of that name. Pages with no handlers at all only render, and answer GET and HEAD.
/// </summary>
public sealed class UnansweredRequestFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        // The error page answers every method when it shows another request's failure.
        if (context.HandlerMethod is not null || context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            return;
        }
        var request = context.HttpContext.Request;
        var method = HttpMethods.IsHead(request.Method) ? HttpMethods.Get : request.Method;
        var handlers = context.ActionDescriptor.HandlerMethods;
        var allowed = handlers.Count == 0 ? [HttpMethods.Get] : handlers.Select(h => h.HttpMethod.ToUpperInvariant()).Distinct().ToList();
        if (handlers.Count == 0 && method == HttpMethods.Get)
        {
            return;
        }
        if (allowed.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            context.Result = new NotFoundResult();
            return;
        }
        if (allowed.Contains(HttpMethods.Get)) allowed.Add(HttpMethods.Head);
        context.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
