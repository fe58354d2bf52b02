using System.Net;
using AngleSharp.Html.Dom;
using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>
/// The badge opens the form in a new tab each time it is clicked, so one browser (one cookie, one draft) often has the
/// form open in two tabs: a parent reporting about two children, or two people at one shared device. Each tab is a page
/// fetched earlier and submitted later, with the cookie as it is now.
/// </summary>
public sealed class TwoTabsTests : IDisposable
{
    private readonly AppHost _host = new();

    /// <summary>A parent's report, from Start now up to "About the child", with <paramref name="narrative"/> as what happened.</summary>
    private static async Task ParentUpToAboutTheChildAsync(JourneyClient tab, string narrative)
    {
        Assert.Equal("/report/who-are-you", await tab.StartAsync());
        await tab.AnswerAsync("/report/who-are-you", ("role", "parent-or-carer"));
        await tab.AnswerAsync("/report/what-is-happening", ("categories", "wants-to-meet"));
        await tab.AnswerAsync("/report/in-danger", ("danger", "no"));
        await tab.AnswerWhereWhoWhenAsync("Gamez", "xX_bad_Xx");
        Assert.Equal("/report/about-the-child", await tab.AnswerAsync("/report/what-happened", ("narrative", narrative)));
    }

    private static async Task UpToCheckAnswersAsync(JourneyClient tab, string narrative, string child)
    {
        await ParentUpToAboutTheChildAsync(tab, narrative);
        await tab.AnswerAsync("/report/about-the-child", ("child-first-name", child));
        await tab.AnswerAsync("/report/about-you", ("reporter-name", "Jo"));
        Assert.Equal("/report/check-answers", await tab.AnswerAsync("/report/contact", ("phone", "07700 900123")));
    }

    [Fact]
    public async Task A_tab_left_on_a_report_started_again_in_another_tab_cannot_put_its_answer_into_the_new_report()
    {
        var browser = new JourneyClient(_host.CreateBrowserlessClient());
        await ParentUpToAboutTheChildAsync(browser, "Amy was asked to meet.");
        var tabA = await browser.GetAsync("/report/about-the-child");
        // Tab B: the badge again, Start now, and the other child's story as far as the same question.
        await ParentUpToAboutTheChildAsync(browser, "Ben was sent messages.");

        using var late = await browser.Client.SubmitAsync(tabA, FormPost.Fields(("child-first-name", "Amy")));

        // Amy's name must not land beside Ben's story: tab A is told what happened instead.
        Assert.Equal(HttpStatusCode.SeeOther, late.StatusCode);
        Assert.Equal("/report/started-again", late.Headers.Location!.ToString());
        Assert.Equal(0, JourneyClient.CountDrafts(_host.DatabasePath, "answers LIKE '%Amy%'"));
        var told = await browser.GetAsync("/report/started-again");
        Assert.Equal("You started a new report in another tab", told.TextOf("h1"));
        Assert.Equal("/report/about-the-child", told.QuerySelector("#carry-on a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Send_pressed_in_a_tab_whose_report_was_started_again_elsewhere_does_not_say_sent()
    {
        var browser = new JourneyClient(_host.CreateBrowserlessClient());
        await UpToCheckAnswersAsync(browser, "Amy was asked to meet.", "Amy");
        var tabA = await browser.GetAsync("/report/check-answers");
        await UpToCheckAnswersAsync(browser, "Ben was sent messages.", "Ben");

        using var sent = await browser.Client.SubmitAsync(tabA);

        // Tab A showed Amy's answers; sending Ben's report from it, and calling that sent, told the parent Amy's was.
        Assert.Equal("/report/started-again", sent.Headers.Location!.ToString());
        Assert.Empty(JourneyClient.ReportRows(_host.DatabasePath));
        using var fromTabB = await browser.Client.SubmitAsync(await browser.GetAsync("/report/check-answers"));
        Assert.Equal("/report/confirmation", fromTabB.Headers.Location!.ToString());
        var row = Assert.Single(JourneyClient.ReportRows(_host.DatabasePath));
        Assert.Equal(("Ben", "Ben was sent messages."), (row["child_first_name"], row["narrative"]));
    }

    [Fact]
    public async Task An_answer_given_in_one_tab_after_the_report_was_sent_in_the_other_is_told_it_was_sent()
    {
        var browser = new JourneyClient(_host.CreateBrowserlessClient());
        await UpToCheckAnswersAsync(browser, "Amy was asked to meet.", "Amy");
        var tabB = await browser.GetAsync("/report/what-happened/change");
        using (var sent = await browser.Client.SubmitAsync(await browser.GetAsync("/report/check-answers")))
        {
            Assert.Equal("/report/confirmation", sent.Headers.Location!.ToString());
        }

        using var late = await browser.Client.SubmitAsync(tabB, FormPost.Fields(("narrative", "He also sent a photo.")));

        // The start page, with no word of the report, left them thinking it was not sent: they would write it again.
        Assert.Equal(HttpStatusCode.SeeOther, late.StatusCode);
        Assert.Equal("/report/confirmation", late.Headers.Location!.ToString());
        var reference = Assert.Single(JourneyClient.ReportRows(_host.DatabasePath))["reference"];
        Assert.Equal(reference, (await browser.GetAsync("/report/confirmation")).TextOf("#reference"));
    }

    public void Dispose() => _host.Dispose();
}
