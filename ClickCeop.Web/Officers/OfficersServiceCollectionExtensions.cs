using System.Threading.RateLimiting;
using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Officers;

public static class OfficersServiceCollectionExtensions
{
    public static IServiceCollection AddOfficersConsole(this IServiceCollection services)
    {
        services.AddOptions<OfficersOptions>()
            .BindConfiguration(OfficersOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<OfficerStore>();
        services.AddSingleton<CaseStore>();

        // No default scheme: only the console's own policy reads these cookies, the reporter's pages never do.
        services.AddAuthentication()
            .AddCookie(OfficerSignIn.Scheme, options =>
            {
                Configure(options, "ceop-officer");
                options.SlidingExpiration = false;
                options.Events.OnValidatePrincipal = OfficerSignIn.ValidateAsync;
            })
            .AddCookie(OfficerSignIn.PendingScheme, options =>
            {
                Configure(options, "ceop-officer-pending");
                options.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                options.SlidingExpiration = false;
            });

        // The server-side row (IdleTimeout, AbsoluteTimeout) decides when a session ends; the cookie must last as long
        // as the longest session. A fixed 8 hours ended every session set longer than that at 8 hours.
        services.AddOptions<CookieAuthenticationOptions>(OfficerSignIn.Scheme).Configure<IOptions<OfficersOptions>>(
            (cookie, officers) => cookie.ExpireTimeSpan = officers.Value.AbsoluteTimeout);

        services.AddRateLimiter(limiter => limiter.AddPolicy(OfficerSignIn.SignInLimit, context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("read");
            }
            var limits = context.RequestServices.GetRequiredService<IOptions<OfficersOptions>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter("sign-in:" + ClientNetwork.Of(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.SignInPostsPerAddress, Window = limits.SignInWindow, QueueLimit = 0 });
        }));

        services.AddAuthorizationBuilder()
            .AddPolicy(OfficerSignIn.Policy, policy => policy
                .AddAuthenticationSchemes(OfficerSignIn.Scheme)
                .RequireAuthenticatedUser());

        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(options =>
        {
            options.Conventions.AuthorizeFolder("/Officers", OfficerSignIn.Policy);
            // The sign-in steps check the pending cookie themselves.
            options.Conventions.AllowAnonymousToPage("/Officers/SignIn");
            options.Conventions.AllowAnonymousToPage("/Officers/SignInCode");
            options.Conventions.AllowAnonymousToPage("/Officers/NewPassword");
            options.Conventions.AllowAnonymousToPage("/Officers/SetUpAuthenticator");
        });
        return services;

        static void Configure(CookieAuthenticationOptions options, string name)
        {
            options.Cookie.Name = name;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/";
            options.CookieManager = new HostPrefixCookieManager();
            options.LoginPath = OfficerSignIn.SignInPath;
            options.AccessDeniedPath = OfficerSignIn.SignInPath;
            options.ReturnUrlParameter = "returnUrl";
            // A sign-in on the sign-in page would otherwise copy the raw returnUrl into Location (a 500 when it is
            // not ASCII); the pages redirect themselves, through SafeReturnUrl.
            options.Events.OnRedirectToReturnUrl = static _ => Task.CompletedTask;
        }
    }

    /// <summary>Authentication, authorization and the console's headers. Call after UseRouting.</summary>
    public static IApplicationBuilder UseOfficersConsole(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(OfficerSignIn.HomePath, StringComparison.OrdinalIgnoreCase))
            {
                if (HttpMethods.IsPost(context.Request.Method) && RefuseOversizedBody(context))
                {
                    return Task.CompletedTask;
                }
                context.Response.OnStarting(static state =>
                {
                    var headers = ((HttpContext)state).Response.Headers;
                    // Reports are about children: never kept by a browser, proxy or back button, never framed.
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                    headers.XFrameOptions = "DENY";
                    headers.ContentSecurityPolicy = Site.SecurityHeaders.PageContentSecurityPolicy;
                    return Task.CompletedTask;
                }, context);
            }
            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// The largest console form is a note (CaseStore.MaxNoteLength characters, up to 4 bytes each when encoded, twice
    /// over for a status change with its outcome note): anything far above that is refused with the readable 413 page
    /// before the body is read, so an anonymous sign-in POST cannot make the server read megabytes.
    /// </summary>
    private const long MaxBodyBytes = 64 * 1024;

    private static bool RefuseOversizedBody(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return true;
        }
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }
        return false;
    }
}
