using System.Net;
using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Pages.Report;

public sealed class SubmitRateLimitTests : IDisposable
{
    private readonly AppHost _host = new(new Dictionary<string, string?> { ["Journey:SubmitsPerWindow"] = "2" });

    [Fact]
    public async Task Submits_beyond_the_limit_get_a_readable_429()
    {
        var client = _host.CreateBrowserlessClient();
        var journey = new JourneyClient(client);
        await journey.StartAsync();
        // A submit of an unfinished draft is refused by the journey (redirect), yet still counts as a submit.
        var page = await journey.GetAsync("/report/who-are-you");
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Task<HttpResponseMessage> Post() => client.PostAsync("/report/check-answers", new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgery)]));

        using var first = await Post();
        using var second = await Post();
        using var third = await Post();

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var refused = await Html.ParseAsync(third);
        Assert.Equal("Too many reports from this connection", refused.TextOf("h1"));
        // The reporter is told their answers are still there, how long to wait, and where to send them from;
        // a machine is told the same wait in the standard header (the window is 10 minutes by default).
        Assert.Equal(TimeSpan.FromMinutes(10), third.Headers.RetryAfter?.Delta);
        var main = refused.TextOf("main").Squash();
        Assert.Contains("Your report has not been sent yet. Your answers are still saved.", main);
        Assert.Contains("Wait 10 minutes, then go back to your answers and send them.", main);
        Assert.Equal("/report/check-answers", refused.QuerySelector("main a[href^='/report']")?.GetAttribute("href"));
    }

    public void Dispose() => _host.Dispose();
}
