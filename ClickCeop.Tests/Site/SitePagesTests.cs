using System.Net;
using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Site;

public sealed class SitePagesTests : IDisposable
{
    private readonly AppHost _host = new();

    [Fact]
    public async Task Home_page_forbids_script_and_framing()
    {
        var client = _host.CreateBrowserlessClient();
        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("script-src 'none'", directives);
        Assert.Contains("default-src 'none'", directives);
        Assert.Contains("frame-ancestors 'none'", directives);
        Assert.Contains("form-action 'self'", directives);
        Assert.Contains("base-uri 'none'", directives);
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));

        var page = await Html.ParseAsync(response);
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Equal("/exit", page.QuerySelector("header a.quick-exit")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Https_pages_pin_https_for_a_year_and_plain_http_ones_do_not()
    {
        var secure = _host.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        var plain = _host.CreateBrowserlessClient();

        using var overHttps = await secure.GetAsync("/");
        using var overHttp = await plain.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, overHttps.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(overHttps.Headers.GetValues("Strict-Transport-Security")));
        // Over plain HTTP the header means nothing, and a browser must ignore it (RFC 6797 8.1).
        Assert.False(overHttp.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_style_sheet_that_forgets_kept_pages_clears_the_cache_and_is_never_kept_itself()
    {
        var client = _host.CreateBrowserlessClient();

        using var response = await client.GetAsync("/forget-kept-pages.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"cache\"", Assert.Single(response.Headers.GetValues("Clear-Site-Data")));
        // Kept by the browser, the next confirmation or sign-in page would take it from the cache without asking,
        // and the header that forgets the pages before it would never be seen again.
        Assert.True(response.Headers.CacheControl is { NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Tabs_are_named_after_the_service_and_the_home_page_names_the_button_as_the_badge_does()
    {
        var client = _host.CreateBrowserlessClient();

        var home = await client.GetDocumentAsync("/");
        var start = await client.GetDocumentAsync("/report");

        Assert.Equal("Report to CEOP", home.Title);
        Assert.Equal("Tell CEOP about something that happened online – Report to CEOP", start.Title);
        Assert.Equal("Report to CEOP", home.TextOf("header .site-header__name"));
        var embed = home.QuerySelectorAll("main a[href='/embed']").Single();
        Assert.Contains(ClickCeop.Widget.BadgeWords.For("en").Label + " button", embed.TextContent);
    }

    [Theory]
    [InlineData("/no-such-page", HttpStatusCode.NotFound, "Page not found")]
    [InlineData("/error/429", HttpStatusCode.TooManyRequests, "Too many reports from this connection")]
    // Asked for by hand: not an error status, so nothing failed, and never a 500.
    [InlineData("/error/200", HttpStatusCode.NotFound, "Page not found")]
    [InlineData("/error/0", HttpStatusCode.NotFound, "Page not found")]
    [InlineData("/error/302", HttpStatusCode.NotFound, "Page not found")]
    // A server error asked for by hand is not one: anybody could make the service answer 5xx at will and trip the
    // monitoring that watches for them.
    [InlineData("/error/500", HttpStatusCode.NotFound, "Page not found")]
    [InlineData("/error/503", HttpStatusCode.NotFound, "Page not found")]
    [InlineData("/error/599", HttpStatusCode.NotFound, "Page not found")]
    public async Task Failures_get_a_readable_page(string url, HttpStatusCode status, string heading)
    {
        var client = _host.CreateBrowserlessClient();
        var page = await client.GetDocumentAsync(url, status);

        Assert.Equal(heading, page.TextOf("h1"));
        Assert.DoesNotContain("Exception", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_gets_a_readable_400()
    {
        var client = _host.CreateBrowserlessClient();
        using var response = await client.PostAsync("/", new FormUrlEncodedContent([new("x", "y")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Sorry, we could not read what you sent", page.TextOf("h1"));
    }

    [Fact]
    public async Task Healthz_answers_when_ready()
    {
        var client = _host.CreateBrowserlessClient();
        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stylesheet_is_served_from_the_shared_wwwroot()
    {
        var client = _host.CreateBrowserlessClient();
        using var response = await client.GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _host.Dispose();
}
