using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Widget;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClickCeop.Tests.Widget;

/// <summary>The badge's public contract, through the real app in memory.</summary>
public sealed class BadgeEndpointTests : IDisposable
{
    private const int ByteBudget = 2048;

    private readonly AppHost _host = new();

    public static TheoryData<string, string, string> Variants()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var path in new[] { BadgeMiddleware.ButtonPath, BadgeMiddleware.ImagePath })
        foreach (var size in new[] { "small", "medium", "large" })
        foreach (var theme in new[] { "light", "dark" })
            data.Add(path, size, theme);
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Every_variant_keeps_the_header_promises_and_the_byte_budget(string path, string size, string theme)
    {
        var client = _host.CreateBrowserlessClient();
        using var response = await client.GetAsync($"{path}?partner=example-social&size={size}&theme={theme}&lang=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var isButton = path == BadgeMiddleware.ButtonPath;
        Assert.Equal(isButton ? "text/html" : "image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        AssertBadgeHeaders(response, isButton);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(body.Length < ByteBudget, $"{body.Length} bytes");
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);

        var look = BadgeLook.For(BadgeOptions.Parse(null, size, theme, null).Size, BadgeOptions.Parse(null, size, theme, null).Theme);
        if (isButton)
        {
            var page = Html.Parse(Encoding.UTF8.GetString(body));
            var link = Assert.Single(page.QuerySelectorAll("a"));
            Assert.Equal("/report?partner=example-social", link.GetAttribute("href"));
            Assert.Equal("_blank", link.GetAttribute("target"));
            Assert.Equal(["noopener", "noreferrer"], link.GetAttribute("rel")!.Split(' ').Order());
            Assert.Equal("Report abuse to CEOP (opens in a new tab)", link.GetAttribute("aria-label"));
            Assert.Equal("Report abuse to CEOP", link.TextContent.Trim());
            Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
            BadgeComponentTests.AssertNoScript(page.QuerySelectorAll("*"));
            // Nothing is loaded: no element may point anywhere but the one link.
            Assert.Empty(page.QuerySelectorAll("[src], link, [srcset], [style*='url('], base, form, iframe, object, embed"));
            var style = Assert.Single(page.QuerySelectorAll("style")).TextContent;
            Assert.Contains($"font:bold {look.FontSize}px", style, StringComparison.Ordinal);
            Assert.DoesNotContain("url(", style, StringComparison.Ordinal);
            Assert.DoesNotContain("@import", style, StringComparison.Ordinal);
            // The CSP allows exactly this <style> by its hash, and no inline style at all otherwise.
            var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
            Assert.Contains($"style-src 'sha256-{hash}'", Directives(response));
            Assert.Empty(page.QuerySelectorAll("[style]"));
        }
        else
        {
            var svg = XDocument.Parse(Encoding.UTF8.GetString(body)).Root!;
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Name);
            Assert.Equal(look.Width.ToString(), (string?)svg.Attribute("width"));
            Assert.Equal(look.Height.ToString(), (string?)svg.Attribute("height"));
            Assert.Equal("Report abuse to CEOP", (string?)svg.Element(ns + "title"));
            Assert.Equal(look.FontSize.ToString(), (string?)svg.Descendants(ns + "text").Single().Attribute("font-size"));
            foreach (var element in svg.DescendantsAndSelf())
            {
                Assert.NotEqual("script", element.Name.LocalName, StringComparer.OrdinalIgnoreCase);
                Assert.NotEqual("foreignObject", element.Name.LocalName, StringComparer.OrdinalIgnoreCase);
                foreach (var attribute in element.Attributes())
                {
                    Assert.False(attribute.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase), attribute.ToString());
                    Assert.NotEqual("href", attribute.Name.LocalName);
                }
            }
            Assert.DoesNotContain("example-social", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(BadgeMiddleware.ButtonPath)]
    [InlineData(BadgeMiddleware.ImagePath)]
    public async Task A_matching_etag_gets_304_without_a_body(string path)
    {
        var client = _host.CreateBrowserlessClient();
        using var first = await client.GetAsync($"{path}?partner=acme");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        foreach (var ifNoneMatch in new[] { etag.Tag, "W/" + etag.Tag, "\"other\", " + etag.Tag, "*" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{path}?partner=acme");
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            using var again = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, again.Headers.ETag);
            Assert.Equal(TimeSpan.FromDays(1), again.Headers.CacheControl?.MaxAge);
        }

        using var stale = new HttpRequestMessage(HttpMethod.Get, $"{path}?partner=acme");
        stale.Headers.TryAddWithoutValidation("If-None-Match", "\"not-this-one\"");
        using var changed = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Fact]
    public async Task The_etag_follows_the_bytes()
    {
        var client = _host.CreateBrowserlessClient();

        var acme = await TagAsync(client, "/widget/v1/button?partner=acme");
        var other = await TagAsync(client, "/widget/v1/button?partner=other");
        var none = await TagAsync(client, "/widget/v1/button");
        var dark = await TagAsync(client, "/widget/v1/button?theme=dark");
        var acmeAgain = await TagAsync(client, "/widget/v1/button?partner=acme");

        Assert.Equal(acme, acmeAgain);
        Assert.Equal(4, new[] { acme, other, none, dark }.Distinct().Count());
        // The image carries no link, so the partner does not change it.
        Assert.Equal(await TagAsync(client, "/widget/v1/badge.svg?partner=acme"), await TagAsync(client, "/widget/v1/badge.svg"));
    }

    [Theory]
    [InlineData("?size=huge&theme=neon&lang=xx")]
    [InlineData("?size=&theme=&lang=")]
    [InlineData("?size=small&size=large")]
    [InlineData("?unknown=1&SIZE=LARGE")]
    [InlineData("?partner=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("?partner=acme%0d%0aSet-Cookie:%20a=b")]
    [InlineData("?partner=acme&partner=other")]
    [InlineData("?partner=acme%0A")]
    public async Task Unknown_or_hostile_options_get_the_default_badge_with_200(string query)
    {
        var client = _host.CreateBrowserlessClient();
        var expected = await (await client.GetAsync(BadgeMiddleware.ButtonPath)).Content.ReadAsByteArrayAsync();

        using var response = await client.GetAsync(BadgeMiddleware.ButtonPath + query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var allHeaders = string.Join("\n", response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value));
        Assert.DoesNotContain("script", allHeaders.Replace("script-src", ""), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("acme", allHeaders, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BadgeMiddleware.ButtonPath)]
    [InlineData(BadgeMiddleware.ImagePath)]
    public async Task Head_gets_the_headers_and_no_body(string path)
    {
        var client = _host.CreateBrowserlessClient();
        using var get = await client.GetAsync(path + "?partner=acme");
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path + "?partner=acme"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        AssertBadgeHeaders(head, path == BadgeMiddleware.ButtonPath);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    public async Task Other_methods_get_405(string method)
    {
        var client = _host.CreateBrowserlessClient();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), BadgeMiddleware.ButtonPath));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_badge_never_logs_the_viewers_user_agent_or_referer()
    {
        using var host = _host.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration(configuration =>
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" })));
        var client = host.CreateClient();
        foreach (var path in new[] { BadgeMiddleware.ButtonPath, BadgeMiddleware.ImagePath })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path + "?partner=acme");
            request.Headers.TryAddWithoutValidation("User-Agent", "UaCanary/7.7");
            request.Headers.TryAddWithoutValidation("Referer", "https://referer-canary.example/profile/child");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.77");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var lines = _host.Log.Lines; // the derived host logs through its parent's recorder
        Assert.Contains(lines, line => line.StartsWith("Debug ", StringComparison.Ordinal)); // below Information too
        Assert.DoesNotContain(lines, m => m.Contains("UaCanary", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, m => m.Contains("referer-canary", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, m => m.Contains("203.0.113.77", StringComparison.Ordinal));
    }

    [Fact]
    public void The_host_starts_no_activity_or_log_scope_for_each_request()
    {
        // ASP.NET Core makes both for every request whenever its hosting diagnostics log at any level: about a tenth
        // of a badge request's CPU (bench/README.md). appsettings.json turns that category off.
        var logger = _host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");

        Assert.False(logger.IsEnabled(LogLevel.Critical));
    }

    [Fact]
    public async Task Over_https_the_badge_sends_hsts_and_over_http_it_does_not()
    {
        var https = _host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        using var secure = await https.GetAsync(BadgeMiddleware.ButtonPath);
        using var plain = await _host.CreateBrowserlessClient().GetAsync(BadgeMiddleware.ButtonPath);

        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Pages_other_than_the_badge_keep_the_site_policy()
    {
        var client = _host.CreateBrowserlessClient();
        using var response = await client.GetAsync("/widget/v1/other");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Directives(response));
    }

    internal static void AssertBadgeHeaders(HttpResponseMessage response, bool isButton)
    {
        var cache = response.Headers.CacheControl;
        Assert.NotNull(cache);
        Assert.True(cache.Public);
        Assert.False(cache.Private || cache.NoStore || cache.NoCache);
        Assert.True(cache.MaxAge >= TimeSpan.FromDays(1), $"max-age {cache.MaxAge}");
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag.IsWeak);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.All(response.Headers.Vary, v => Assert.Equal("Accept-Encoding", v, ignoreCase: true));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("cross-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Resource-Policy")));
        Assert.False(response.Headers.Contains("X-Frame-Options"));

        var directives = Directives(response);
        Assert.Contains("default-src 'none'", directives);
        Assert.Contains("base-uri 'none'", directives);
        Assert.DoesNotContain(directives, d => d.StartsWith("script-src", StringComparison.Ordinal) || d.Contains("unsafe-eval", StringComparison.Ordinal));
        if (isButton)
        {
            Assert.Contains("frame-ancestors *", directives);
            Assert.Equal("require-corp", Assert.Single(response.Headers.GetValues("Cross-Origin-Embedder-Policy")));
        }
    }

    private static string[] Directives(HttpResponseMessage response) =>
        string.Join(";", response.Headers.GetValues("Content-Security-Policy"))
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static async Task<EntityTagHeaderValue> TagAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return response.Headers.ETag!;
    }

    public void Dispose() => _host.Dispose();
}
