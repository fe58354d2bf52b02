using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;

namespace ClickCeop.Tests.Site;

/// <summary>
/// Behind a reverse proxy every request arrives from the proxy's address. Real Kestrel on 127.0.0.1 plays the proxy:
/// its X-Forwarded-For and X-Forwarded-Proto are believed only when 127.0.0.1 is listed in Proxy:Trusted.
/// </summary>
public sealed class TrustedProxiesTests
{
    private static AppHost Host(params string[] trusted)
    {
        var settings = new Dictionary<string, string?> { ["Journey:SubmitsPerWindow"] = "1" };
        for (var i = 0; i < trusted.Length; i++) settings[$"Proxy:Trusted:{i}"] = trusted[i];
        return new AppHost(settings).WithKestrel();
    }

    /// <summary>A reporter's browser as the proxy passes it on: its own cookies, the proxy's headers on every request.</summary>
    private static HttpClient Through(AppHost host, string forwardedFor, string? forwardedProto = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        if (forwardedProto is not null) client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        return client;
    }

    /// <summary>Starts a report and posts its submit (refused by the journey as unfinished, yet counted by the limit).</summary>
    private static async Task<HttpStatusCode> SubmitAsync(HttpClient client)
    {
        var journey = new JourneyClient(client);
        await journey.StartAsync();
        var page = await journey.GetAsync("/report/who-are-you");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var response = await client.PostAsync("/report/check-answers", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        return response.StatusCode;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_reporter_has_their_own_submit_limit_and_cannot_choose_their_address()
    {
        using var host = Host("127.0.0.0/8");
        using var first = Through(host, "203.0.113.1");
        using var again = Through(host, "203.0.113.1");
        using var other = Through(host, "203.0.113.2");
        // The visitor at 203.0.113.1 wrote "203.0.113.3" into the header; the proxy added the address it saw. An address
        // nobody has used yet: pretending to be one whose limit is spent would be refused whichever address was believed.
        using var pretending = Through(host, "203.0.113.3, 203.0.113.1");

        Assert.Equal(HttpStatusCode.SeeOther, await SubmitAsync(first));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SubmitAsync(again));
        Assert.Equal(HttpStatusCode.SeeOther, await SubmitAsync(other));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SubmitAsync(pretending));
    }

    [Fact]
    public async Task Through_a_trusted_cdn_and_a_trusted_proxy_reporters_are_still_told_apart()
    {
        using var host = Host("127.0.0.1", "198.51.100.0/24");
        // Two reporters behind the same CDN node (198.51.100.9), which passed them on to the proxy.
        using var one = Through(host, "203.0.113.1, 198.51.100.9");
        using var two = Through(host, "203.0.113.2, 198.51.100.9");

        Assert.Equal(HttpStatusCode.SeeOther, await SubmitAsync(one));
        Assert.Equal(HttpStatusCode.SeeOther, await SubmitAsync(two));
    }

    [Fact]
    public async Task An_ipv6_reporter_shares_one_submit_limit_with_every_address_of_their_64()
    {
        using var host = Host("127.0.0.0/8");
        // Their phone's address today, and the one it picks tomorrow (or that they pick by hand): the same line.
        using var today = Through(host, "2001:db8:1:2::1");
        using var tomorrow = Through(host, "2001:db8:1:2:abcd:ef01:2345:6789");
        using var neighbour = Through(host, "2001:db8:1:3::1");
        // An IPv4 reporter written the IPv6 way is still the same reporter.
        using var ipv4 = Through(host, "203.0.113.7");
        using var ipv4AsIpv6 = Through(host, "::ffff:203.0.113.7");

        Assert.Equal(HttpStatusCode.SeeOther, await SubmitAsync(today));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SubmitAsync(tomorrow));
        Assert.Equal(HttpStatusCode.SeeOther, await SubmitAsync(neighbour));
        Assert.Equal(HttpStatusCode.SeeOther, await SubmitAsync(ipv4));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SubmitAsync(ipv4AsIpv6));
    }

    [Fact]
    public async Task Without_a_trusted_proxy_the_headers_are_ignored()
    {
        using var host = Host();
        using var first = Through(host, "203.0.113.1", forwardedProto: "https");
        using var other = Through(host, "203.0.113.2");

        Assert.Equal(HttpStatusCode.SeeOther, await SubmitAsync(first));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SubmitAsync(other)); // both are 127.0.0.1 to the service
        using var start = await first.PostAsync("/report", new FormUrlEncodedContent([]));
        Assert.StartsWith("ceop-draft=", start.Headers.GetValues("Set-Cookie").Single());
    }

    [Fact]
    public async Task Https_at_a_trusted_proxy_gives_secure_host_only_cookies()
    {
        using var host = Host("127.0.0.1");
        using var client = Through(host, "203.0.113.1", forwardedProto: "https");

        using var start = await client.PostAsync("/report", new FormUrlEncodedContent([]));

        var cookie = start.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("__Host-ceop-draft=", cookie);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        // And the antiforgery cookie that comes with a form.
        using var form = await client.GetAsync("/officers/sign-in");
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_no_visitors_address_is_logged_at_any_level()
    {
        using var host = new AppHost(new Dictionary<string, string?>
        {
            ["Proxy:Trusted:0"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        }).WithKestrel();
        // A child behind their school's proxy, which added the child's address; our proxy added the school's.
        using var client = Through(host, "203.0.113.77, 198.51.100.9", forwardedProto: "https");

        foreach (var path in new[] { "/widget/v1/button?partner=acme", "/widget/v1/badge.svg", "/report" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var lines = host.Log.Lines;
        Assert.Contains(lines, line => line.StartsWith("Debug ", StringComparison.Ordinal)); // below Information too
        Assert.DoesNotContain(lines, line => line.Contains("203.0.113.77", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("198.51.100.9", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("proxy.example.org")]
    [InlineData("10.0.0.0/33")]
    [InlineData(" ")]
    public void A_proxy_that_is_not_an_address_or_network_stops_the_service_starting(string entry)
    {
        using var host = Host(entry);

        var error = Assert.ThrowsAny<Exception>(() => host.StartServer());

        Assert.Contains("Proxy:Trusted holds IP addresses", error.GetBaseException().Message);
    }
}
