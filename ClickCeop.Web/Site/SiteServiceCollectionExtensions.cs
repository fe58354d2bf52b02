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
        services.AddRateLimiter(TooManyRequests.Configure);
        // "Server: Kestrel" tells a visitor which software to probe, on every badge and page; nothing needs it.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        return services;
    }
}
