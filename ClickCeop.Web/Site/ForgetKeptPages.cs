namespace ClickCeop.Web.Site;

/// <summary>
/// An empty style sheet whose answer tells the browser to forget the pages it keeps of this site
/// (<c>Clear-Site-Data: "cache"</c>): its HTTP cache and its back-forward cache, where Chromium keeps a page that was
/// left, even one sent no-store, to show it again on Back as it was, without asking the server, unless a cookie changed
/// while it was kept. A page links it when what the pages before it show has gone from the server: the confirmation
/// (the answers were wiped at the send) and the console's sign-in (an officer signed out or timed out).
/// The header on that page's own answer would come too early: the page before is only put in the back-forward cache
/// once the new page is shown, so a cookie deleted, or a cache cleared, by the answer that shows it is not seen (an
/// officer's sign-out, whose answer deletes the cookie, still left the report to Back). The style sheet is fetched
/// after, while the page before is kept, so it is forgotten. No script needed. Browsers honour the header on HTTPS
/// (and localhost) only, as this service is run.
/// </summary>
public static class ForgetKeptPages
{
    public const string Path = "/forget-kept-pages.css";

    /// <summary>Set to true in a page's ViewData for its layout to link the style sheet.</summary>
    public const string ViewDataKey = "ForgetKeptPages";

    public static IEndpointRouteBuilder MapForgetKeptPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, static context =>
        {
            var headers = context.Response.Headers;
            headers.CacheControl = "no-store";
            headers["Clear-Site-Data"] = "\"cache\"";
            context.Response.ContentType = "text/css; charset=utf-8";
            return Task.CompletedTask;
        });
        return endpoints;
    }
}
