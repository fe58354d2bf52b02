using System.Net;
using ClickCeop.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Site;

/// <summary>
/// Every route the app exposes, found in its endpoint data source (so a new page is covered without touching this
/// file), requested anonymously, must carry the headers promised for its kind. Only the badge may be framed.
/// </summary>
public sealed class HeadersTests(ITestOutputHelper output) : IDisposable
{
    // The badge is served by a terminal middleware ahead of routing (it must skip everything else), so its two
    // public URLs are named here as the contract platforms hard-code.
    private static readonly string[] BadgeUrls = ["/widget/v1/button", "/widget/v1/badge.svg"];

    private readonly AppHost _host = new();

    [Fact]
    public async Task Every_route_carries_the_headers_promised_for_its_kind()
    {
        // Pages that end a draft or a session go last, so the pages after them are still reached as intended.
        var urls = RouteUrls().Concat(BadgeUrls).Distinct().OrderBy(url => url is "/exit" || url.EndsWith("/sign-out", StringComparison.Ordinal)).ToList();
        var problems = new List<string>();

        // Anonymously, then as a reporter holding a draft: without a draft most journey steps only redirect, and the
        // promise of no-store matters most on the pages that show a reporter's answers.
        var anonymous = _host.CreateBrowserlessClient();
        var reporter = _host.CreateBrowserlessClient();
        var start = await reporter.GetDocumentAsync("/report");
        using (var started = await reporter.SubmitAsync(start))
        {
            Assert.True((int)started.StatusCode is 302 or 303, $"Starting a report answered {(int)started.StatusCode}.");
        }

        var okPages = 0;
        foreach (var (who, client) in new[] { ("anonymous", anonymous), ("with a draft", reporter) })
        {
            foreach (var url in urls)
            {
                using var response = await client.GetAsync(url);
                output.WriteLine($"{who,-12} {(int)response.StatusCode} {url}");
                okPages += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
                problems.AddRange(Check(url, response).Select(problem => $"{who} {url} ({(int)response.StatusCode}): {problem}"));
            }
        }

        Assert.True(urls.Count >= 20, $"Only {urls.Count} routes were found: the endpoint data source was not read.");
        Assert.True(okPages >= 10, $"Only {okPages} responses were pages (200): the samples no longer reach the pages.");
        Assert.True(problems.Count == 0, $"{problems.Count} problems over {urls.Count} routes:\n{string.Join('\n', problems)}");
    }

    private static IEnumerable<string> Check(string url, HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500)
        {
            yield return "a server error";
        }
        if (Header(response, "X-Content-Type-Options") != "nosniff")
        {
            yield return "no X-Content-Type-Options: nosniff";
        }
        if (Header(response, "Referrer-Policy") != "no-referrer")
        {
            yield return "no Referrer-Policy: no-referrer";
        }

        var csp = Directives(Header(response, "Content-Security-Policy"));
        if (!csp.Contains("script-src 'none'") && !(csp.Contains("default-src 'none'") && !csp.Any(d => d.StartsWith("script-src", StringComparison.Ordinal))))
        {
            yield return "the CSP does not forbid script";
        }

        if (IsBadge(url))
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                yield return "the badge is not served";
            }
            if (response.Headers.Contains("Set-Cookie"))
            {
                yield return "the badge sets a cookie";
            }
            if (response.Headers.Contains("X-Frame-Options"))
            {
                yield return "the badge must be framable but sends X-Frame-Options";
            }
            if (response.Headers.CacheControl is not { Public: true })
            {
                yield return "the badge is not publicly cacheable";
            }
            yield break;
        }

        if (Header(response, "X-Frame-Options") != "DENY" || !csp.Contains("frame-ancestors 'none'"))
        {
            yield return "may be framed (needs X-Frame-Options: DENY and frame-ancestors 'none')";
        }
        if ((url.StartsWith("/report", StringComparison.Ordinal) || url.StartsWith("/officers", StringComparison.Ordinal))
            && response.StatusCode == HttpStatusCode.OK
            && response.Headers.CacheControl is not { NoStore: true })
        {
            yield return "a journey or console page without Cache-Control: no-store";
        }
    }

    private static bool IsBadge(string url) => url.StartsWith("/widget/", StringComparison.Ordinal);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static HashSet<string> Directives(string? csp) =>
        (csp ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Concrete URLs for every GET-able route pattern: one with a sample value for each parameter and, when the
    /// pattern ends in optional parameters, one without them.
    /// </summary>
    private IEnumerable<string> RouteUrls()
    {
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            if (methods is { Count: > 0 } && !methods.Contains(HttpMethods.Get))
            {
                continue;
            }
            var segments = endpoint.RoutePattern.PathSegments;
            yield return "/" + string.Join('/', segments.Select(Sample));
            var required = segments.Reverse().SkipWhile(s => s.Parts is [RoutePatternParameterPart { IsOptional: true }]).Reverse();
            yield return "/" + string.Join('/', required.Select(Sample));
        }
    }

    private static string Sample(RoutePatternPathSegment segment) =>
        string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: "code" } => "404",
            RoutePatternParameterPart { Name: "id" } => "0123456789abcdef0123456789abcdef",
            RoutePatternParameterPart { Name: "mode" } => "change",
            RoutePatternParameterPart => "sample",
            _ => "",
        }));

    public void Dispose() => _host.Dispose();
}
