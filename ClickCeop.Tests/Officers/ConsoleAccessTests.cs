using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Officers;

public sealed class ConsoleAccessTests : IDisposable
{
    // The sign-in steps: reachable without the officer cookie (the later steps check the pending cookie themselves).
    private static readonly string[] SignInSteps =
        ["officers/sign-in", "officers/sign-in/code", "officers/new-password", "officers/set-up-authenticator"];

    private readonly ConsoleHost _host = new();

    /// <summary>Every endpoint under /officers, read from the app itself, so a page added later is covered too.</summary>
    private List<RouteEndpoint> ConsoleEndpoints()
    {
        _ = _host.Server; // builds the app
        return _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("officers", StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    private static string UrlOf(RouteEndpoint endpoint)
    {
        var path = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
        foreach (var parameter in endpoint.RoutePattern.Parameters)
        {
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{" + parameter.Name + "[^}]*\\}", ReferenceNumber.NewId());
        }
        return path;
    }

    [Fact]
    public void Only_the_sign_in_steps_allow_anonymous_access()
    {
        var endpoints = ConsoleEndpoints();
        Assert.True(endpoints.Count >= 7, $"Expected the console's pages, found {endpoints.Count}");
        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => (e.RoutePattern.RawText ?? "").TrimStart('/')).Order().ToArray();
        Assert.Equal(SignInSteps.Order().ToArray(), anonymous);
    }

    [Fact]
    public async Task Every_console_endpoint_refuses_an_anonymous_request()
    {
        var client = _host.CreateBrowserlessClient();
        var checkedUrls = new List<string>();
        foreach (var endpoint in ConsoleEndpoints())
        {
            var url = UrlOf(endpoint);
            if (url == "/" + SignInSteps[0])
            {
                continue; // the sign-in form itself must answer 200
            }
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var request = new HttpRequestMessage(method, url);
                if (method == HttpMethod.Post) request.Content = new FormUrlEncodedContent([new("note", "x"), new("otp", "123456")]);
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized or HttpStatusCode.MethodNotAllowed
                        or HttpStatusCode.BadRequest,
                    $"{method} {url} answered {(int)response.StatusCode} to an anonymous request");
                Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.Equal(OfficerSignIn.SignInPath, ConsoleHost.PathOf(response));
                }
                checkedUrls.Add($"{method} {url}");
            }
        }
        Assert.Contains(checkedUrls, u => u.StartsWith("GET /officers/reports/", StringComparison.Ordinal));
        Assert.Contains("POST /officers/sign-out", checkedUrls);
    }

    [Fact]
    public async Task Console_pages_are_never_cached_or_framed()
    {
        var client = _host.CreateBrowserlessClient();
        using var response = await client.GetAsync(OfficerSignIn.SignInPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")] // well-formed, no such report
    [InlineData("not-a-report-id")]
    [InlineData("CEOP-7KQ4-M2XD")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("%27%20OR%201%3D1")]
    public async Task Unknown_or_malformed_report_id_is_404_signed_in(string id)
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);
        await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(SampleReports.YoungPerson(), "draft-1");

        using var response = await client.GetAsync("/officers/reports/" + id);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.DoesNotContain("CEOP-", page.Body!.TextContent);
    }

    public void Dispose() => _host.Dispose();
}
