using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ClickCeop.Web.Site;

public static class SiteServiceCollectionExtensions
{
    public static IServiceCollection AddSitePages(this IServiceCollection services)
    {
        services.AddOptions<HelpOptions>()
            .BindConfiguration(HelpOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRouting(options => options.LowercaseUrls = true);
        services.AddRazorPages(pages => pages.Conventions.Add(new FormFieldsOnly()))
            .AddMvcOptions(mvc => mvc.Filters.Add(new UnansweredRequestFilter()));
        // Secure on HTTPS, as the draft's and the officers' cookies are (the default would send it over plain HTTP too).
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        // Antiforgery's only Error is a cookie or token its keys cannot read: one from before the keys changed, or one a
        // visitor made up and can send in a loop to page whoever watches the errors. The visitor gets a fresh cookie or
        // the readable 400 either way. A rule replaces the configured level for its category, so this one keeps the
        // default's Warnings (a missing token, a cached form) and nothing more: Debug is a line per request.
        services.AddLogging(logging => logging.AddFilter(
            "Microsoft.AspNetCore.Antiforgery.DefaultAntiforgery", level => level == LogLevel.Warning));
        services.AddRateLimiter(TooManyRequests.Configure);
        // "Server: Kestrel" tells a visitor which software to probe, on every badge and page; nothing needs it.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        return services;
    }
}
