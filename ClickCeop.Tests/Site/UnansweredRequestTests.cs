using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClickCeop.Tests.Site;

/// <summary>
/// Requests none of a page's handlers answers: a method the page does not take, a handler name it does not have
/// (a name it does not have falls back to the page's unnamed handler for the method, when it has one).
/// Each gets a readable 404 or 405 page, never a 500 and never the page rendered without its code having run.
/// </summary>
public sealed class UnansweredRequestTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Theory]
    [InlineData("PUT", "/report", HttpStatusCode.MethodNotAllowed, "GET, POST, HEAD")]
    [InlineData("DELETE", "/officers/sign-in", HttpStatusCode.MethodNotAllowed, "GET, POST, HEAD")]
    [InlineData("PATCH", "/embed", HttpStatusCode.MethodNotAllowed, "GET, HEAD")]
    public async Task A_method_a_page_does_not_take_gets_a_readable_refusal(string method, string path, HttpStatusCode expected, string? allow)
    {
        var client = _host.CreateBrowserlessClient();
        // The sign-in form carries a token, so the request reaches the page rather than the antiforgery check.
        var signIn = await client.GetDocumentAsync("/officers/sign-in");
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", signIn.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]),
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(allow, response.Content.Headers.Allow.Count == 0 ? null : string.Join(", ", response.Content.Headers.Allow));
        var page = await Html.ParseAsync(response);
        Assert.Equal("Page not found", page.TextOf("h1"));
        Assert.Empty(_host.Log.LinesFrom(LogLevel.Error));
    }

    /// <summary>
    /// The error page is re-executed with the failed request's own method. For a method it has no handler for (TRACE,
    /// one made up) it must still say what went wrong, not its default "problem with the service, try again later".
    /// </summary>
    [Theory]
    [InlineData("TRACE", "/report", HttpStatusCode.MethodNotAllowed, "Page not found")]
    [InlineData("OPTIONS", "/embed", HttpStatusCode.MethodNotAllowed, "Page not found")]
    [InlineData("FOO", "/report", HttpStatusCode.MethodNotAllowed, "Page not found")]
    [InlineData("FOO", "/officers/sign-in", HttpStatusCode.BadRequest, "Sorry, we could not read what you sent")]
    public async Task A_refusal_of_a_method_the_error_page_has_no_handler_for_still_says_what_went_wrong(string method, string path, HttpStatusCode expected, string heading)
    {
        var client = _host.CreateBrowserlessClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(heading, (await Html.ParseAsync(response)).TextOf("h1"));
        Assert.Empty(_host.Log.LinesFrom(LogLevel.Error));
    }

    [Fact]
    public async Task A_report_page_posted_to_without_a_handler_or_with_an_unknown_one_is_not_found()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);
        var report = (await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(SampleReports.YoungPerson(), "draft-unanswered")).Report;
        var page = await client.GetDocumentAsync($"/officers/reports/{report.Id}");
        var token = page.QuerySelector("#acknowledge input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var unknown = await client.PostAsync($"/officers/reports/{report.Id}?handler=anything", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        using var bare = await client.PostAsync($"/officers/reports/{report.Id}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        using var put = await client.PutAsync($"/officers/reports/{report.Id}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bare.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        Assert.Equal("Page not found", (await Html.ParseAsync(bare)).TextOf("h1"));
        Assert.Empty(_host.Log.LinesFrom(LogLevel.Error));
    }

    /// <summary>
    /// The journey pages' shared filter override, OnPageHandlerExecutionAsync, is named like a handler (verb "Page",
    /// name "HandlerExecution"): a visitor with their own draft and token must not be able to call it as one.
    /// </summary>
    [Theory]
    [InlineData("?handler=HandlerExecution")]
    [InlineData("")]
    public async Task A_journey_page_s_filter_cannot_be_called_as_a_handler(string query)
    {
        var client = _host.CreateBrowserlessClient();
        var journey = new Pages.Report.JourneyClient(client);
        await journey.StartAsync();
        var page = await journey.GetAsync("/report/who-are-you");
        using var request = new HttpRequestMessage(new HttpMethod("PAGE"), "/report/who-are-you" + query)
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]),
        };

        using var response = await client.SendAsync(request);

        Assert.Empty(_host.Log.LinesFrom(LogLevel.Error));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET, POST, HEAD", string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("Page not found", (await Html.ParseAsync(response)).TextOf("h1"));
    }

    public void Dispose() => _host.Dispose();
}
