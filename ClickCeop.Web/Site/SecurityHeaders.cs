namespace ClickCeop.Web.Site;

/// <summary>
/// Headers for every response that has not set its own policy. The badge sets its own (it must be framable and
/// cacheable); everything else forbids script and framing.
/// </summary>
public static class SecurityHeaders
{
    public const string PageContentSecurityPolicy =
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var httpContext = (HttpContext)state;
                var headers = httpContext.Response.Headers;
                if (!headers.ContainsKey("Content-Security-Policy"))
                {
                    headers.ContentSecurityPolicy = PageContentSecurityPolicy;
                    headers.XFrameOptions = "DENY";
                }
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (httpContext.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
                }
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
