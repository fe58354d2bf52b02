using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ClickCeop.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>
/// Welsh (and any other language) is a resource file of translated sentences (docs/translating.md), so every word a
/// reporter reads must come through the words table and none may be written into a page or a page model. Run with a
/// words table that marks each sentence ⟦like this⟧, every page of every reporter's journey, its errors included,
/// shows no letter outside a mark except what the reporter typed and their reference.
/// </summary>
public sealed partial class TranslatableWordsTests
{
    private const char Open = '⟦';
    private const char Close = '⟧';

    /// <summary>What the walk types (WordsTests.WalkAsync): the reporter's own words are not ours to translate.</summary>
    private static readonly string[] Typed = ["Gamez", "xX_bad_Xx", "They asked to meet.", "Alex", "Sam", "sam@example.org"];

    [Theory]
    [MemberData(nameof(WordsTests.Roles), MemberType = typeof(WordsTests))]
    public async Task Every_word_a_reporter_reads_on_the_way_comes_from_the_words_table(string role)
    {
        using var host = Marked();
        var pages = new List<(string Path, IHtmlDocument Page)>();
        pages.AddRange(await WordsTests.WalkAsync(host, role, ["bullying", "saw-sexual-images-of-children"], danger: "yes"));
        pages.AddRange(await WordsTests.WalkAsync(host, role, ["saw-sexual-images-of-children", "wants-to-meet"], danger: "not-sure"));

        AssertAllMarked(pages);
    }

    [Fact]
    public async Task Every_error_a_question_can_show_comes_from_the_words_table()
    {
        using var host = Marked();
        var journey = new JourneyClient(host.CreateBrowserlessClient());
        var pages = new List<(string Path, IHtmlDocument Page)>();
        await journey.StartAsync();
        pages.Add(("/report/who-are-you (nothing chosen)", await journey.AnswerWronglyAsync("/report/who-are-you")));
        await journey.AnswerAsync("/report/who-are-you", ("role", "parent-or-carer"));
        pages.Add(("/report/what-is-happening (nothing ticked)", await journey.AnswerWronglyAsync("/report/what-is-happening")));
        await journey.AnswerAsync("/report/what-is-happening", ("categories", "wants-to-meet"));
        pages.Add(("/report/in-danger (nothing chosen)", await journey.AnswerWronglyAsync("/report/in-danger")));
        await journey.AnswerAsync("/report/in-danger", ("danger", "no"));
        pages.Add(("/report/where (empty)", await journey.AnswerWronglyAsync("/report/where", ("platform", ""))));
        pages.Add(("/report/where (too long)", await journey.AnswerWronglyAsync("/report/where", ("platform", new string('a', 201)))));
        await journey.AnswerAsync("/report/where", ("platform", "Gamez"));
        pages.Add(("/report/other-person (too long)", await journey.AnswerWronglyAsync("/report/other-person", ("other-person", new string('a', 2001)))));
        await journey.AnswerAsync("/report/other-person", ("other-person", "xX_bad_Xx"));
        await journey.AnswerAsync("/report/when-it-started", ("started-when", ""));
        pages.Add(("/report/what-happened (empty)", await journey.AnswerWronglyAsync("/report/what-happened", ("narrative", ""))));
        await journey.AnswerAsync("/report/what-happened", ("narrative", "They asked to meet."));
        pages.Add(("/report/about-the-child (empty)", await journey.AnswerWronglyAsync("/report/about-the-child", ("child-first-name", ""), ("child-age", "x"))));
        await journey.AnswerAsync("/report/about-the-child", ("child-first-name", "Alex"), ("child-age", "12"));
        pages.Add(("/report/about-you (empty)", await journey.AnswerWronglyAsync("/report/about-you", ("reporter-name", ""))));
        await journey.AnswerAsync("/report/about-you", ("reporter-name", "Sam"));
        pages.Add(("/report/contact (not an address)", await journey.AnswerWronglyAsync("/report/contact", ("email", "sam"), ("phone", "phone"))));

        AssertAllMarked(pages);
    }

    [Fact]
    public async Task Every_word_on_the_pages_around_the_journey_comes_from_the_words_table()
    {
        using var host = Marked();
        var client = host.CreateBrowserlessClient();
        var pages = new List<(string Path, IHtmlDocument Page)>
        {
            ("/", await client.GetDocumentAsync("/")),
            ("/report/answers-deleted", await client.GetDocumentAsync("/report/answers-deleted")),
            ("/report/started-again", await client.GetDocumentAsync("/report/started-again")),
            ("/no-such-page", await client.GetDocumentAsync("/no-such-page", System.Net.HttpStatusCode.NotFound)),
            ("/error/429", await client.GetDocumentAsync("/error/429", System.Net.HttpStatusCode.TooManyRequests)),
            ("/error/400", await client.GetDocumentAsync("/error/400", System.Net.HttpStatusCode.BadRequest)),
        };

        AssertAllMarked(pages);
    }

    /// <summary>
    /// With the pages offered in another language (Welsh, with no translation yet, so its sentences fall back to
    /// English), the pages say which language they are in and the report records the language it was made in.
    /// </summary>
    [Fact]
    public async Task The_pages_and_the_report_carry_the_language_the_reporter_used()
    {
        using var host = InWelsh();
        var pages = await WordsTests.WalkAsync(host, "parent-or-carer", ["wants-to-meet"]);

        Assert.All(pages, page => Assert.Equal("cy", page.Page.DocumentElement.GetAttribute("lang")));
        Assert.Equal("cy", Assert.Single(JourneyClient.ReportRows(host.DatabasePath))["language"]);
        Assert.Equal("Check your answers", pages.Single(p => p.Path == "/report/check-answers").Page.TextOf("h1"));
    }

    /// <summary>The app with a words table that marks every sentence it gives.</summary>
    private static AppHost Marked() => new ServicesChanged(services => services.AddSingleton<IStringLocalizerFactory>(provider =>
        new MarkingFactory(ActivatorUtilities.CreateInstance<ResourceManagerStringLocalizerFactory>(provider))));

    /// <summary>The app with its pages offered in Welsh only.</summary>
    private static AppHost InWelsh() => new ServicesChanged(services => services.Configure<Microsoft.AspNetCore.Builder.RequestLocalizationOptions>(options =>
    {
        var welsh = CultureInfo.GetCultureInfo("cy-GB");
        options.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(welsh);
        options.SupportedCultures = options.SupportedUICultures = [welsh];
    }));

    private sealed class ServicesChanged(Action<IServiceCollection> change) : AppHost
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(change);
        }
    }

    private static void AssertAllMarked(List<(string Path, IHtmlDocument Page)> pages)
    {
        var unmarked = new List<string>();
        foreach (var (path, page) in pages)
        {
            // What a text box holds is the reporter's own typing, shown back to them.
            var body = (IElement)page.Body!.Clone();
            foreach (var box in body.QuerySelectorAll("textarea")) box.TextContent = "";
            var shown = new List<string> { page.Title ?? "", body.TextContent };
            shown.AddRange(page.All.SelectMany(e => new[] { "aria-label", "alt", "title", "placeholder" }.Select(e.GetAttribute)).OfType<string>());
            foreach (var text in shown)
            {
                var outside = OutsideMarks(text);
                foreach (var typed in Typed) outside = outside.Replace(typed, " ", StringComparison.Ordinal);
                outside = Reference().Replace(outside, " ");
                foreach (var words in Unmarked().Matches(outside).Select(m => m.Value.Trim()))
                {
                    unmarked.Add($"{path}: \"{words}\"");
                }
            }
        }
        Assert.True(unmarked.Count == 0, "Words written into a page, not taken from the words table:\n" + string.Join("\n", unmarked.Distinct()));
    }

    /// <summary>The text with every marked sentence (marks may nest: a sentence's argument may be one) cut out.</summary>
    private static string OutsideMarks(string text)
    {
        var outside = new StringBuilder();
        var depth = 0;
        foreach (var c in text)
        {
            if (c == Open) { depth++; outside.Append(' '); }
            else if (c == Close) depth = Math.Max(0, depth - 1);
            else if (depth == 0) outside.Append(c);
        }
        return outside.ToString();
    }

    [GeneratedRegex(@"CEOP-[A-Z0-9]{4}-[A-Z0-9]{4}")]
    private static partial Regex Reference();

    /// <summary>A run of text with a letter in it.</summary>
    [GeneratedRegex(@"[^\s]*\p{L}[^\n]*")]
    private static partial Regex Unmarked();

    private sealed class MarkingFactory(IStringLocalizerFactory inner) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new Marking(inner.Create(resourceSource));

        public IStringLocalizer Create(string baseName, string location) => new Marking(inner.Create(baseName, location));
    }

    private sealed class Marking(IStringLocalizer inner) : IStringLocalizer
    {
        public LocalizedString this[string name] => Mark(inner[name]);

        public LocalizedString this[string name, params object[] arguments]
        {
            get
            {
                var format = inner[name];
                return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, Open + format.Value + Close, arguments), format.ResourceNotFound);
            }
        }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures).Select(Mark);

        private static LocalizedString Mark(LocalizedString words) => new(words.Name, Open + words.Value + Close, words.ResourceNotFound);
    }
}
