using System.Net;
using AngleSharp.Html.Dom;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;

namespace ClickCeop.Tests.Faults;

/// <summary>
/// Three reporters a fault on the database's disk catches at the three writes of a journey: one about to press Send
/// (on check your answers), one halfway (on a question), one about to press Start. Each holds the page it will post.
/// </summary>
internal sealed record ReportersMidway(
    JourneyClient Sending, IHtmlDocument CheckAnswers,
    JourneyClient Halfway, IHtmlDocument Question,
    JourneyClient Newcomer, IHtmlDocument StartPage)
{
    public static async Task<ReportersMidway> ReadyAsync(AppHost host, ReporterAnswers sender)
    {
        var sending = new JourneyClient(host.CreateBrowserlessClient());
        await Reporter.AnswerEveryQuestionAsync(sending, sender);
        var halfway = new JourneyClient(host.CreateBrowserlessClient());
        await halfway.StartAsync();
        await halfway.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        var check = await sending.GetAsync("/report/check-answers");
        var question = await halfway.GetAsync("/report/what-is-happening");
        var newcomer = new JourneyClient(host.CreateBrowserlessClient());
        var start = await newcomer.GetAsync("/report?partner=example-social");
        return new ReportersMidway(sending, check, halfway, question, newcomer, start);
    }

    /// <summary>Posts the form while the disk refuses writes: the same page again with a 503 and a box that says what was not done.</summary>
    public static async Task<IHtmlDocument> RefusedAsync(JourneyClient journey, IHtmlDocument form, string heading, params (string Name, string Value)[] fields)
    {
        using var refused = await journey.Client.SubmitAsync(form, FormPost.Fields(fields));
        Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{heading}: answered {(int)refused.StatusCode} {refused.Headers.Location}");
        Assert.Equal("60", refused.Headers.RetryAfter!.ToString());
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        var body = await refused.Content.ReadAsStringAsync();
        // Neither the cause nor the database is the reporter's business.
        Assert.DoesNotContain("disk is full", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("read-only", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Sqlite", body, StringComparison.OrdinalIgnoreCase);
        var page = await Html.ParseAsync(refused);
        Assert.StartsWith("Error: ", page.Title);
        Assert.Equal(heading, page.QuerySelector("main [role=alert] h2")!.TextContent);
        return page;
    }
}
