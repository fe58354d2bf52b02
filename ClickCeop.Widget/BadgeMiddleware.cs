using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ClickCeop.Widget;

/// <summary>
/// Serves /widget/v1/button and /widget/v1/badge.svg from <see cref="BadgeCatalog"/>. It sits first in the
/// pipeline so a badge request skips everything else (no session, no antiforgery, no routing, no logging of the
/// viewer: this class never reads the IP address, Referer or User-Agent). Every other request passes through.
/// </summary>
public sealed class BadgeMiddleware(RequestDelegate next, BadgeCatalog catalog)
{
    public const string ButtonPath = "/widget/v1/button";
    public const string ImagePath = "/widget/v1/badge.svg";

    /// <summary>
    /// A day, as the contract promises, and no "immutable": the badge at a /v1 URL may still be improved (colours,
    /// words), and the strong ETag makes the daily revalidation a 304 without a body.
    /// </summary>
    public const string CacheControl = "public, max-age=86400";

    private static readonly StringValues Allow = "GET, HEAD";
    private static readonly StringValues CacheControlValue = CacheControl;
    private static readonly StringValues NoSniff = "nosniff";
    private static readonly StringValues NoReferrer = "no-referrer";
    private static readonly StringValues CrossOrigin = "cross-origin";
    private static readonly StringValues RequireCorp = "require-corp";
    private static readonly StringValues StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        bool isButton;
        if (path.Equals(ButtonPath, StringComparison.OrdinalIgnoreCase)) isButton = true;
        else if (path.Equals(ImagePath, StringComparison.OrdinalIgnoreCase)) isButton = false;
        else return next(context);

        var response = context.Response;
        var method = context.Request.Method;
        var isHead = HttpMethods.IsHead(method);
        if (!isHead && !HttpMethods.IsGet(method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = Allow;
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        var query = context.Request.Query;
        var options = BadgeOptions.Parse(Single(query, "partner"), Single(query, "size"), Single(query, "theme"), Single(query, "lang"));
        var document = isButton ? catalog.Button(options) : catalog.Image(options);
        var partner = options.Partner;
        var etag = document.ETagFor(partner);

        var headers = response.Headers;
        headers.CacheControl = CacheControlValue;
        headers.ETag = etag;
        headers.ContentSecurityPolicy = document.ContentSecurityPolicy;
        headers.XContentTypeOptions = NoSniff;
        headers["Referrer-Policy"] = NoReferrer;
        headers["Cross-Origin-Resource-Policy"] = CrossOrigin;
        if (context.Request.IsHttps)
        {
            // The badge skips the site's header middleware, so it sends the same HSTS itself.
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }
        if (isButton)
        {
            // A host page that sends COEP require-corp may only frame documents that send it too; ours loads nothing.
            headers["Cross-Origin-Embedder-Policy"] = RequireCorp;
        }

        if (Matches(context.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = document.ContentType;
        response.ContentLength = document.LengthFor(partner);
        return isHead ? Task.CompletedTask : WriteAsync(response, document, partner);
    }

    private static async Task WriteAsync(HttpResponse response, BadgeCatalog.BadgeDocument document, string? partner)
    {
        var writer = response.BodyWriter;
        writer.Write(document.Head);
        if (document.TakesPartner)
        {
            if (partner is not null)
            {
                // A slug is ASCII [a-z0-9-]: one byte per character, nothing to encode.
                var span = writer.GetSpan("?partner=".Length + partner.Length);
                "?partner="u8.CopyTo(span);
                for (var i = 0; i < partner.Length; i++) span["?partner=".Length + i] = (byte)partner[i];
                writer.Advance("?partner=".Length + partner.Length);
            }
            writer.Write(document.Tail);
        }
        await writer.FlushAsync();
    }

    /// <summary>A value given once; a repeated or missing option counts as not given.</summary>
    private static string? Single(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var values) && values.Count == 1 ? values[0] : null;

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored; * matches.</summary>
    private static bool Matches(StringValues ifNoneMatch, string etag)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch)) return false;
        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)) return false;
        foreach (var tag in tags)
        {
            if (tag.Tag == "*" || string.Equals(tag.Tag.Value, etag, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
