using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Hostile;

/// <summary>A flood of submits from one address ends in the readable 429 page, not a 5xx and not a bare status.</summary>
public sealed class SubmitFloodTests(ITestOutputHelper output) : IDisposable
{
    private const int Limit = 5;

    private readonly AppHost _host = new(new Dictionary<string, string?> { ["Journey:SubmitsPerWindow"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    [Fact(Timeout = 60_000)]
    public async Task A_flood_of_submits_gets_a_readable_429_page()
    {
        var journey = new JourneyClient(_host.CreateBrowserlessClient());
        await journey.StartAsync();
        var form = RawForm.Of(await journey.GetAsync("/report/who-are-you"));
        var findings = new Findings();
        var statuses = new List<HttpStatusCode>();

        // Fired together, as a flood would come; the unfinished draft's submits are sent back to the journey (303).
        var flood = Enumerable.Range(0, 40).Select(async _ =>
        {
            var submit = form.Copy().Remove("role");
            var content = new ByteArrayContent(submit.Body());
            content.Headers.ContentType = new("application/x-www-form-urlencoded");
            return await journey.Client.PostAsync("/report/check-answers", content);
        });
        foreach (var response in await Task.WhenAll(flood))
        {
            using (response)
            {
                statuses.Add(response.StatusCode);
                var page = await findings.CheckAsync("flooded submit", response, HttpStatusCode.SeeOther, HttpStatusCode.TooManyRequests);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && page.QuerySelector("h1")?.TextContent.Trim() != "Too many reports from this connection")
                {
                    findings.Fail("flooded submit", "the 429 page does not say what happened");
                }
            }
        }

        Assert.Equal(Limit, statuses.Count(s => s == HttpStatusCode.SeeOther));
        Assert.Equal(40 - Limit, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        findings.AssertNone(output, "Submit flood");
    }

    public void Dispose() => _host.Dispose();
}
