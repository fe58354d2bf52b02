using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Officers;

/// <summary>
/// The cookie naming a browser an officer has fully signed in on (OfficerStore.Browsers.cs). It holds only the
/// browser's random id, protected with the app's keys, so it cannot be made or changed outside the service; a cookie
/// that does not unprotect is treated as no cookie. It opens nothing by itself: the password and the code are still
/// asked; it only decides whose wrong attempts a sign-in counts against.
/// </summary>
public static class KnownBrowser
{
    private const string CookieName = "ceop-officer-browser";
    private static readonly HostPrefixCookieManager Cookies = new();

    /// <summary>The browser's id, or null when it sent no cookie, or one the service did not make.</summary>
    public static string? IdOf(HttpContext context)
    {
        var value = Cookies.GetRequestCookie(context, CookieName);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        try
        {
            return Protector(context).Unprotect(value);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>After both factors: remember this browser for the officer, or keep remembering it for longer.</summary>
    public static async Task RememberAsync(HttpContext context, OfficerStore store, DutyOfficer officer)
    {
        var id = await store.RememberBrowserAsync(officer, IdOf(context), context.RequestAborted);
        var services = context.RequestServices;
        var lifetime = services.GetRequiredService<IOptions<OfficersOptions>>().Value.KnownBrowserLifetime;
        Cookies.AppendResponseCookie(context, CookieName, Protector(context).Protect(id), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            Expires = services.GetRequiredService<TimeProvider>().GetUtcNow() + lifetime,
            IsEssential = true,
        });
    }

    private static IDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("ClickCeop.Officers.KnownBrowser");
}
