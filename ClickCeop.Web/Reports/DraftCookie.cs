namespace ClickCeop.Web.Reports;

/// <summary>
/// The draft's id in a session cookie (no expiry: it goes when the browser closes). On HTTPS the __Host- prefix
/// pins it to this host and path "/" with Secure; HttpOnly keeps it from any script; SameSite=Lax keeps it off
/// other sites' posts.
/// </summary>
public static class DraftCookie
{
    public const string Name = "ceop-draft";
    public const string SecureName = "__Host-ceop-draft";

    public static string NameFor(HttpRequest request) => request.IsHttps ? SecureName : Name;

    public static string? Read(HttpRequest request) => request.Cookies[NameFor(request)];

    public static void Write(HttpResponse response, string draftId) =>
        response.Cookies.Append(NameFor(response.HttpContext.Request), draftId, Options(response.HttpContext.Request));

    public static void Delete(HttpResponse response) =>
        response.Cookies.Delete(NameFor(response.HttpContext.Request), Options(response.HttpContext.Request));

    private static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}
