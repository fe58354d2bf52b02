using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ClickCeop.Web.Officers;

/// <summary>
/// The two cookie schemes of the console. "Pending" lives 10 minutes between the password and the code (and
/// through a forced password change and authenticator set-up); only the full "Officer" scheme opens the console.
/// </summary>
public static class OfficerSignIn
{
    public const string Scheme = "Officer";
    public const string PendingScheme = "OfficerPending";
    public const string Policy = "DutyOfficer";
    public const string SessionClaim = "ceop:session";

    /// <summary>The account's reset count when the password step passed (DutyOfficer.Resets).</summary>
    private const string ResetsClaim = "ceop:resets";

    /// <summary>How many passwords the officer had chosen when the password step passed (DutyOfficer.PasswordsChosen).</summary>
    private const string PasswordsClaim = "ceop:passwords";

    /// <summary>The rate limit policy on the sign-in steps' posts, per client address (OfficersOptions.SignInPostsPerAddress).</summary>
    public const string SignInLimit = "officer-sign-in";

    public const string SignInPath = "/officers/sign-in";
    public const string HomePath = "/officers";

    public static string? OfficerId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(SessionClaim);

    /// <summary>After the password: remember who, and which of the account's passwords it was, for the next steps only.</summary>
    public static Task SignInPendingAsync(HttpContext context, DutyOfficer officer, string? returnUrl) =>
        context.SignInAsync(PendingScheme, new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, officer.Id),
            new Claim("ceop:return", SafeReturnUrl(returnUrl)),
            new Claim(ResetsClaim, officer.Resets.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(PasswordsClaim, officer.PasswordsChosen.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], PendingScheme)));

    public static async Task<(string OfficerId, string ReturnUrl, string? Resets, string? Passwords)?> PendingAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(PendingScheme);
        var id = result.Principal?.OfficerId();
        return result.Succeeded && id is not null
            ? (id, SafeReturnUrl(result.Principal!.FindFirstValue("ceop:return")), result.Principal!.FindFirstValue(ResetsClaim),
                result.Principal!.FindFirstValue(PasswordsClaim))
            : null;
    }

    /// <summary>
    /// The officer a pending sign-in is for, only while the account may still sign in: disabling or locking it
    /// between the steps ends the pending sign-in too (no new password, no authenticator secret shown). So does a
    /// reset: the pending cookie proves only the password it was given for, and after `officers reset` whoever had
    /// the old one (the reason for many resets) must not choose the new password or set up their own app. And so does
    /// a new password chosen anywhere else: whoever overheard the one-time password must not go on to see and set up
    /// the authenticator key the officer is about to scan (the browser that chose it gets a new pending cookie).
    /// </summary>
    public static async Task<DutyOfficer?> PendingOfficerAsync(HttpContext context, OfficerStore store) =>
        await PendingAsync(context) is { } pending
        && await store.FindAbleToSignInAsync(pending.OfficerId, KnownBrowser.IdOf(context), context.RequestAborted) is { } officer
        && pending.Resets == officer.Resets.ToString(System.Globalization.CultureInfo.InvariantCulture)
        && pending.Passwords == officer.PasswordsChosen.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? officer
            : null;

    /// <summary>
    /// Both factors passed: a new server-side session, the pending cookie gone, the browser known. False, with nothing
    /// started, when the account changed since <paramref name="officer"/> was read (a reset landing meanwhile).
    /// </summary>
    public static async Task<bool> CompleteAsync(HttpContext context, OfficerStore store, DutyOfficer officer)
    {
        if (await store.StartSessionAsync(officer, context.RequestAborted) is not { } sessionId)
        {
            await context.SignOutAsync(PendingScheme);
            return false;
        }
        await KnownBrowser.RememberAsync(context, store, officer);
        await context.SignOutAsync(PendingScheme);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, officer.Id),
            new Claim(ClaimTypes.Name, officer.DisplayName),
            new Claim(SessionClaim, sessionId),
        ], Scheme)));
        return true;
    }

    /// <summary>
    /// Only a local path inside the console: anything else (another site, //host, /\host) goes to the queue. Printable
    /// ASCII only, as every console address is: it goes into a Location header, which cannot carry anything else.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 300 }
        && (returnUrl == HomePath || returnUrl.StartsWith(HomePath + "/", StringComparison.Ordinal) || returnUrl.StartsWith(HomePath + "?", StringComparison.Ordinal))
        && !returnUrl.Contains("//", StringComparison.Ordinal) && !returnUrl.Contains('\\') && returnUrl.All(c => c is > ' ' and < '\u007f')
        && !returnUrl.StartsWith(SignInPath, StringComparison.Ordinal)
            ? returnUrl
            : HomePath;

    /// <summary>Checks the server-side session on every request: a cookie alone is never enough.</summary>
    internal static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var store = context.HttpContext.RequestServices.GetRequiredService<OfficerStore>();
        var officerId = context.Principal?.OfficerId();
        var sessionId = context.Principal?.SessionId();
        if (officerId is null || sessionId is null || !await store.TouchSessionAsync(sessionId, officerId, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}

/// <summary>
/// Names a cookie "__Host-name" on HTTPS (the browser then insists on Secure, Path=/ and no Domain) and plain
/// "name" on HTTP, where a __Host- cookie would be refused and local development could not sign in.
/// </summary>
internal sealed class HostPrefixCookieManager : ICookieManager
{
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, Name(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, Name(context, key), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) => _inner.DeleteCookie(context, Name(context, key), options);

    private static string Name(HttpContext context, string key) => context.Request.IsHttps ? "__Host-" + key : key;
}
