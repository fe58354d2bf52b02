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
        Assert.Equal("Too many reports from this connection", (await Html.ParseAsync(third)).TextOf("h1"));
    }

    public void Dispose() => _host.Dispose();
}
