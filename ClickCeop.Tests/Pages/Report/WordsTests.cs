using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>
/// The words of every page a reporter can see, walked for each kind of reporter (docs: shared domain notes, "How to
/// speak to a child"): help numbers and links come only from the "Help" configuration, and the words that reassure a
/// child reporting are not said to an adult about themselves.
/// </summary>
public sealed partial class WordsTests
{
    private static readonly Dictionary<string, string?> OtherHelp = new()
    {
        ["Help:EmergencyNumber"] = "112",
        ["Help:ChildlineNumber"] = "0800 2222",
        ["Help:ChildlineUrl"] = "https://childline.example/",
        ["Help:IwfReportUrl"] = "https://iwf.example/report",
        ["Help:ReportRemoveUrl"] = "https://childline.example/report-remove",
        ["Help:ReportHarmfulContentUrl"] = "https://rhc.example/",
        ["Help:NspccHelplineNumber"] = "0808 800 6000",
        ["Help:NspccHelplineUrl"] = "https://nspcc.example/helpline",
        ["Help:ExitUrl"] = "https://neutral.example/",
    };

    /// <summary>
    /// Every page of one report, start to confirmation, by way of the advice page (bullying ticked) or the IWF's
    /// (only pictures of children ticked) and on to CEOP from there: each page as the reporter saw it, in order.
    /// </summary>
    internal static async Task<List<(string Path, IHtmlDocument Page)>> WalkAsync(AppHost host, string role, string[] ticked, string danger = "no")
    {
        var journey = new JourneyClient(host.CreateBrowserlessClient());
        var pages = new List<(string, IHtmlDocument)>();
        async Task<string> Answer(string path, params (string, string)[] fields)
        {
            var page = await journey.GetAsync(path);
            pages.Add((path, page));
            using var response = await journey.Client.SubmitAsync(page, FormPost.Fields(fields));
            Assert.Equal(System.Net.HttpStatusCode.SeeOther, response.StatusCode);
            return response.Headers.Location!.ToString();
        }

        var next = await Answer("/report");
        next = await Answer(next, ("role", role));
        next = await Answer(next, ticked.Select(t => ("categories", t)).ToArray());
        Assert.Contains(next, new[] { "/report/advice", "/report/sexual-images-of-children", "/report/in-danger" });
        if (next != "/report/in-danger") next = await Answer(next);
        next = await Answer(next, ("danger", danger));
        next = await Answer(next, ("platform", "Gamez"));
        next = await Answer(next, ("other-person", "xX_bad_Xx"));
        next = await Answer(next, ("started-when", ""));
        next = await Answer(next, ("narrative", "They asked to meet."));
        if (next == "/report/about-the-child") next = await Answer(next, ("child-first-name", "Alex"), ("child-age", "12"));
        next = await Answer(next, ("reporter-name", "Sam"), ("reporter-age", "13"));
        pages.Add(("/report/contact (nothing given)", await journey.AnswerWronglyAsync(next, ("email", ""), ("phone", ""))));
        next = await Answer(next, ("email", "sam@example.org"));
        Assert.Equal("/report/check-answers", next);
        Assert.Equal("/report/confirmation", await Answer(next));
        pages.Add(("/report/confirmation", await journey.GetAsync("/report/confirmation")));
        return pages;
    }

    public static TheoryData<string> Roles => new() { "young-person", "young-person-for-a-friend", "parent-or-carer", "worried-adult", "professional" };

    private static readonly string[] DefaultHelp =
    [
        "0800 1111", "08001111", "0808 800 5000", "08088005000",
        "childline.org.uk", "iwf.org.uk", "nspcc.org.uk", "reportharmfulcontent.com", "bbc.co.uk",
    ];

    [GeneratedRegex(@"(?<![0-9])999(?![0-9])")]
    private static partial Regex DefaultEmergencyNumber();

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_help_number_and_link_a_reporter_sees_comes_from_the_help_configuration(string role)
    {
        using var host = new AppHost(OtherHelp);
        var pages = new List<(string Path, IHtmlDocument Page)>();
        pages.AddRange(await WalkAsync(host, role, ["bullying", "saw-sexual-images-of-children"], danger: "yes"));
        pages.AddRange(await WalkAsync(host, role, ["saw-sexual-images-of-children"]));
        pages.AddRange(await WalkAsync(host, role, ["threat-to-share-images"]));
        var client = host.CreateBrowserlessClient();
        pages.Add(("/", await client.GetDocumentAsync("/")));
        pages.Add(("/report/answers-deleted", await client.GetDocumentAsync("/report/answers-deleted")));
        pages.Add(("/report/started-again", await client.GetDocumentAsync("/report/started-again")));
        pages.Add(("/no-such-page", await client.GetDocumentAsync("/no-such-page", System.Net.HttpStatusCode.NotFound)));

        foreach (var (path, page) in pages)
        {
            // The whole document, header and footer included: hrefs, tel: links and the words shown.
            var html = page.DocumentElement.OuterHtml;
            Assert.All(DefaultHelp, written => Assert.False(html.Contains(written, StringComparison.OrdinalIgnoreCase), $"{path} ({role}) shows '{written}', not the configured value"));
            Assert.False(DefaultEmergencyNumber().IsMatch(html), $"{path} ({role}) shows 999, not the configured emergency number");
            Assert.Contains("0800 2222", page.TextOf("footer"));
        }
    }

    private static readonly string[] WordsForAChild = ["not your fault", "not be in trouble", "not in trouble"];

    [Theory]
    [InlineData("parent-or-carer", "bullying")]
    [InlineData("worried-adult", "bullying")]
    [InlineData("professional", "bullying")]
    [InlineData("parent-or-carer", "saw-sexual-images-of-children")]
    [InlineData("professional", "saw-sexual-images-of-children")]
    public async Task An_adult_is_not_told_it_is_not_their_fault_or_that_they_will_not_be_in_trouble(string role, string firstTicked)
    {
        using var host = new AppHost();

        // The start page is before anyone says who they are: it speaks to the child who may be reading it.
        foreach (var (path, page) in (await WalkAsync(host, role, [firstTicked])).Where(p => p.Path != "/report"))
        {
            var main = page.TextOf("main").Squash();
            Assert.All(WordsForAChild, words => Assert.False(main.Contains(words, StringComparison.OrdinalIgnoreCase), $"{path} tells a {role} '{words}': {main}"));
        }
    }

    [Theory]
    [InlineData("young-person")]
    [InlineData("young-person-for-a-friend")]
    public async Task A_young_person_is_still_told_it_is_not_their_fault_and_they_will_not_be_in_trouble(string role)
    {
        using var host = new AppHost();
        var pages = (await WalkAsync(host, role, ["bullying"])).ToDictionary(p => p.Path, p => p.Page.TextOf("main").Squash(), StringComparer.Ordinal);

        Assert.Contains("It is not your fault.", pages["/report/what-is-happening"]);
        Assert.Contains("It is not your fault. You will not be in trouble.", pages["/report/advice"]);
        Assert.Contains("If someone made you send pictures, you are not in trouble.", pages["/report/what-happened"]);
        Assert.Contains("You will not be in trouble.", pages["/report/about-you"]);
        Assert.Contains("You did the right thing. It is not your fault.", pages["/report/confirmation"]);
    }

    [GeneratedRegex(@"(?<=[.?!:])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[0-9][0-9 ,]*[0-9]")]
    private static partial Regex Number();

    /// <summary>
    /// "Short sentences, everyday words, one idea per sentence": no sentence a young person is shown on the way
    /// through, from the start page to the confirmation, is over 20 words (a phone number counts as one word).
    /// </summary>
    [Theory]
    [InlineData("young-person", "bullying,saw-sexual-images-of-children")]
    [InlineData("young-person", "threat-to-share-images")]
    [InlineData("young-person", "saw-sexual-images-of-children")]
    [InlineData("young-person-for-a-friend", "bullying,saw-sexual-images-of-children")]
    [InlineData("young-person-for-a-friend", "asked-for-sexual-images")]
    public async Task No_sentence_a_young_person_is_shown_is_over_20_words(string role, string ticked)
    {
        using var host = new AppHost();
        var pages = await WalkAsync(host, role, ticked.Split(','), danger: "yes");
        var client = host.CreateBrowserlessClient();
        pages.Add(("/report/answers-deleted", await client.GetDocumentAsync("/report/answers-deleted")));
        pages.Add(("/report/started-again", await client.GetDocumentAsync("/report/started-again")));

        var tooLong = new List<string>();
        foreach (var (path, page) in pages)
        {
            var blocks = page.QuerySelectorAll("main p, main li, main label, main legend, main h1, main h2, main dt, footer p");
            foreach (var sentence in blocks.SelectMany(b => SentenceEnd().Split(b.TextContent.Squash())))
            {
                var words = Number().Replace(sentence, "0").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                if (words > 20) tooLong.Add($"{path}: {words} words: {sentence}");
            }
        }
        Assert.True(tooLong.Count == 0, string.Join("\n", tooLong.Distinct()));
    }

    [GeneratedRegex(@"\b(send|upload|attach|share)\b[^.]*\b(pictures?|videos?|photos?|images?|screenshots?)\b|\b(pictures?|videos?|photos?|images?|screenshots?)\b[^.]*\b(send|upload|attach)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SendingPictures();

    /// <summary>
    /// Never ask for, or suggest sending, sexual pictures of anyone under 18: no page of any reporter's journey has a
    /// file field, and every sentence about sending pictures tells them not to (or that being made to is not their fault).
    /// </summary>
    [Theory]
    [MemberData(nameof(Roles))]
    public async Task No_page_asks_for_pictures_or_suggests_sending_them(string role)
    {
        using var host = new AppHost();
        var pages = new List<(string Path, IHtmlDocument Page)>();
        pages.AddRange(await WalkAsync(host, role, ["bullying", "saw-sexual-images-of-children"]));
        pages.AddRange(await WalkAsync(host, role, ["saw-sexual-images-of-children"]));
        pages.AddRange(await WalkAsync(host, role, ["asked-for-sexual-images", "threat-to-share-images"]));

        foreach (var (path, page) in pages)
        {
            Assert.Empty(page.QuerySelectorAll("input[type=file], form[enctype]"));
            foreach (var sentence in page.QuerySelectorAll("main p, main li, main label, main h1, main h2, main button")
                .SelectMany(b => SentenceEnd().Split(b.TextContent.Squash())).Where(t => SendingPictures().IsMatch(t)))
            {
                Assert.True(sentence.StartsWith("Do not ", StringComparison.Ordinal) || sentence.EndsWith("you are not in trouble.", StringComparison.Ordinal)
                    || sentence.Contains("threatening to share", StringComparison.Ordinal), $"{path} ({role}): {sentence}");
            }
        }
    }
}
