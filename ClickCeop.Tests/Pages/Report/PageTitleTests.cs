using AngleSharp.Html.Dom;
using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>
/// A tab, a bookmark and a screen reader arriving on a page name it by its title; the page itself by its h1. They must
/// say the same thing, in every language the pages are written in, so each is written once: a translator (or anyone
/// rewording a question) who changes one changes both.
/// </summary>
public sealed class PageTitleTests : IDisposable
{
    private const string Service = "Report to CEOP";

    private readonly AppHost _host = new();

    private JourneyClient NewClient() => new(_host.CreateBrowserlessClient());

    private static void AssertTitleIsHeading(IHtmlDocument page, string path)
    {
        var heading = page.QuerySelector("main h1")?.TextContent.Squash() ?? throw new Xunit.Sdk.XunitException($"{path} has no h1");
        Assert.True(page.Title == heading + " – " + Service, $"{path}: title \"{page.Title}\", h1 \"{heading}\"");
        Assert.Equal(Service, page.TextOf(".site-header__name"));
    }

    [Fact]
    public async Task Every_page_of_the_journey_is_titled_with_its_h1()
    {
        var friend = NewClient();
        AssertTitleIsHeading(await friend.GetAsync("/report"), "/report");
        await friend.StartAsync();
        foreach (var (path, fields) in new (string, (string, string)[])[]
        {
            ("/report/who-are-you", [("role", "young-person-for-a-friend")]),
            ("/report/what-is-happening", [("categories", "wants-to-meet")]),
            ("/report/in-danger", [("danger", "not-sure")]),
            ("/report/where", [("platform", "Gamez")]),
            ("/report/other-person", [("other-person", "xX_bad_Xx")]),
            ("/report/when-it-started", [("started-when", "")]),
            ("/report/what-happened", [("narrative", "He wants to meet my friend.")]),
            ("/report/about-the-child", [("child-first-name", "Alex"), ("child-age", "13")]),
            ("/report/about-you", [("reporter-name", "Sam"), ("reporter-age", "13")]),
            ("/report/contact", [("email", "sam@example.org")]),
        })
        {
            AssertTitleIsHeading(await friend.GetAsync(path), path);
            await friend.AnswerAsync(path, fields);
        }
        var check = await friend.GetAsync("/report/check-answers");
        AssertTitleIsHeading(check, "/report/check-answers");
        using (await friend.Client.SubmitAsync(check)) { }
        AssertTitleIsHeading(await friend.GetAsync("/report/confirmation"), "/report/confirmation");

        var bullied = NewClient();
        await bullied.StartAsync();
        await bullied.AnswerAsync("/report/who-are-you", ("role", "parent-or-carer"));
        await bullied.AnswerAsync("/report/what-is-happening", ("categories", "bullying"));
        AssertTitleIsHeading(await bullied.GetAsync("/report/advice"), "/report/advice");

        var pictures = NewClient();
        await pictures.StartAsync();
        await pictures.AnswerAsync("/report/who-are-you", ("role", "professional"));
        await pictures.AnswerAsync("/report/what-is-happening", ("categories", "saw-sexual-images-of-children"));
        AssertTitleIsHeading(await pictures.GetAsync("/report/sexual-images-of-children"), "/report/sexual-images-of-children");

        AssertTitleIsHeading(await NewClient().GetAsync("/report/answers-deleted"), "/report/answers-deleted");
        AssertTitleIsHeading(await NewClient().GetAsync("/report/started-again"), "/report/started-again");
    }

    public void Dispose() => _host.Dispose();
}
