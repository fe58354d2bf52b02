using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Pages.Report;

public sealed class JourneyTests : IDisposable
{
    private const string Narrative = "He said he is 14.\nHe asked me for pictures and wants to meet at the park.";

    private readonly AppHost _host = new();

    private JourneyClient NewClient() => new(_host.CreateBrowserlessClient());

    /// <summary>A young person at immediate risk, from the badge's link to the confirmation.</summary>
    private static async Task<string> YoungPersonUpToCheckAnswersAsync(JourneyClient journey, string danger = "yes")
    {
        Assert.Equal("/report/who-are-you", await journey.StartAsync(partner: "example-social"));
        Assert.Equal("/report/what-is-happening", await journey.AnswerAsync("/report/who-are-you", ("role", "young-person")));
        var categories = await journey.GetAsync("/report/what-is-happening");
        using (var response = await journey.Client.SubmitAsync(categories, FormPost.Fields(("categories", "asked-for-sexual-images"), ("categories", "wants-to-meet"))))
        {
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            Assert.Equal("/report/in-danger", response.Headers.Location!.ToString());
        }
        Assert.Equal("/report/where", await journey.AnswerAsync("/report/in-danger", ("danger", danger)));
        var where = await journey.GetAsync("/report/where");
        Assert.Equal("example-social", where.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#platform")!.Value);
        Assert.Equal("/report/what-happened", await journey.AnswerWhereWhoWhenAsync("Example Social", "@stranger_42\r\nhttps://example.social/u/stranger_42\r\n", "Last week"));
        Assert.Equal("/report/about-you", await journey.AnswerAsync("/report/what-happened", ("narrative", Narrative)));
        Assert.Equal("/report/contact", await journey.AnswerAsync("/report/about-you", ("reporter-name", "Sam"), ("reporter-age", "12")));
        Assert.Equal("/report/check-answers", await journey.AnswerAsync("/report/contact",
            ("email", "sam@example.org"), ("phone", ""), ("safe-times", "After 4pm on weekdays")));
        return "/report/check-answers";
    }

    /// <summary>Start → who are you → what is happening → not in danger → where, up to "What happened".</summary>
    private static async Task UpToWhatHappenedAsync(JourneyClient journey, string role, string category)
    {
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", role));
        await journey.AnswerAsync("/report/what-is-happening", ("categories", category));
        await journey.AnswerAsync("/report/in-danger", ("danger", "no"));
        await journey.AnswerWhereWhoWhenAsync("Gamez", "xX_bad_Xx");
    }

    [Fact]
    public async Task Start_page_sets_no_cookie_and_is_not_stored()
    {
        using var response = await _host.CreateBrowserlessClient().GetAsync("/report?partner=example-social");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var page = await Html.ParseAsync(response);
        Assert.Equal("example-social", page.QuerySelector("main form input[name=partner]")!.GetAttribute("value"));
        Assert.Equal("/exit", page.QuerySelector("a.quick-exit")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("example-social%0A")]
    [InlineData("example-social%0D%0A")]
    [InlineData("Example-Social")]
    [InlineData("a-partner-slug-longer-than-the-badge-allows")]
    public async Task A_partner_the_badge_would_not_link_with_is_dropped_not_kept(string partner)
    {
        var journey = NewClient();
        var start = await journey.GetAsync($"/report?partner={partner}");
        Assert.Equal("", start.QuerySelector("main form input[name=partner]")?.GetAttribute("value") ?? "");

        using var started = await journey.Client.PostAsync("/report", new StringContent($"partner={partner}", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        Assert.Equal([""], await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT partner FROM drafts"));
    }

    [Fact]
    public async Task The_start_page_sends_bullying_to_the_app_first_and_report_harmful_content_only_at_13_or_older()
    {
        var start = await NewClient().GetAsync("/report");

        Assert.Equal("Bullying, a hacked account or a fake profile: report it on the app or website. You can also talk to Childline. If you are 13 or older and the app did not help, use Report Harmful Content.",
            start.TextOf("#not-ceop"));
        Assert.Equal(["https://www.childline.org.uk/", "https://reportharmfulcontent.com/"], start.QuerySelectorAll("#not-ceop a").Select(a => a.GetAttribute("href")));
    }

    [Theory]
    [InlineData("cross-site", false)]
    [InlineData("same-origin", true)]
    [InlineData(null, true)]
    public async Task A_start_another_site_sent_makes_no_draft_and_leaves_the_reporters_cookie_alone(string? fetchSite, bool starts)
    {
        var journey = NewClient();
        await journey.StartAsync(partner: "example-social");
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/report") { Content = new FormUrlEncodedContent([new("partner", "example-social")]) };
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        using var response = await journey.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(starts ? "/report/who-are-you" : "/report?partner=example-social", response.Headers.Location!.ToString());
        Assert.Equal(starts, response.Headers.Contains("Set-Cookie"));
        var roles = await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT json_extract(answers, '$.role') FROM drafts");
        // Pressed on this site, Start begins again; sent from another, the reporter's answers are where they were.
        Assert.Equal(starts ? [""] : ["young-person"], roles);
    }

    [Fact]
    public async Task Back_on_the_start_page_with_answers_not_sent_the_reporter_can_carry_on_or_start_again()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 28, 16, 0, 0, TimeSpan.Zero));
        using var host = _host.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var journey = new JourneyClient(host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        Assert.Null((await journey.GetAsync("/report")).QuerySelector("#carry-on")); // nothing started, nothing offered
        await journey.StartAsync();
        Assert.Null((await journey.GetAsync("/report")).QuerySelector("#carry-on")); // nothing answered yet either
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        await journey.AnswerAsync("/report/what-is-happening", ("categories", "asked-for-sexual-images"));

        // A child who followed the header's link, or the badge again, finds their answers one click away.
        var start = await journey.GetAsync("/report");

        var carryOn = start.QuerySelector("#carry-on")!;
        Assert.Equal("/report/in-danger", carryOn.QuerySelector("a")?.GetAttribute("href"));
        Assert.Contains("Start now deletes the answers you gave and starts again.", carryOn.TextContent.Squash());
        await journey.GetAsync("/report/in-danger");
        Assert.Equal(1, JourneyClient.CountDrafts(_host.DatabasePath));
        // Answers deleted for an hour without activity are not offered.
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Null((await journey.GetAsync("/report")).QuerySelector("#carry-on"));
    }

    [Fact]
    public async Task A_young_person_at_immediate_risk_reports_and_the_row_matches_field_by_field()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey);

        var check = await journey.GetAsync("/report/check-answers");
        // First inside main: "Skip to main content" lands on the banner, not past it, and it is inside a landmark.
        Assert.Contains("call 999 now", check.QuerySelector("main#main > .danger-banner:first-child")!.TextContent);
        Assert.Single(check.QuerySelectorAll(".danger-banner"));
        Assert.Contains(Narrative, check.QuerySelectorAll(".summary-list__value").Select(v => v.TextContent));
        Assert.Null(check.QuerySelector("a[href='/report/about-the-child/change']"));
        using var sent = await journey.Client.SubmitAsync(check);
        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Equal("/report/confirmation", sent.Headers.Location!.ToString());

        var confirmation = await journey.GetAsync("/report/confirmation");
        var reference = confirmation.TextOf("#reference");
        Assert.True(ReferenceNumber.IsWellFormed(reference), reference);
        // Sending the report does not make the danger go away: the banner stays on the confirmation.
        Assert.Equal("You said you are in danger right now: call 999 now. Do not wait for CEOP to contact you.",
            confirmation.TextOf("main#main > .danger-banner:first-child"));
        // The confirmation has no form, so antiforgery does not make it no-store: the page must say so itself, or a
        // shared device keeps the reference and the banner in its cache.
        using (var again = await journey.Client.GetAsync("/report/confirmation"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.True(again.Headers.CacheControl is { NoStore: true }, $"Cache-Control: {again.Headers.CacheControl}");
        }

        var row = Assert.Single(JourneyClient.ReportRows(_host.DatabasePath));
        Assert.Equal(reference, row["reference"]);
        Assert.Equal("example-social", row["partner"]);
        Assert.Equal("young-person", row["reporter_role"]);
        Assert.Equal(new[] { "asked-for-sexual-images", "wants-to-meet" }, JsonSerializer.Deserialize<string[]>((string)row["categories"]!));
        Assert.Equal("yes", row["danger"]);
        Assert.Equal(1L, row["immediate_risk"]);
        Assert.Equal("Example Social", row["platform"]);
        Assert.Equal(new[] { "@stranger_42", "https://example.social/u/stranger_42" }, JsonSerializer.Deserialize<string[]>((string)row["other_person_identifiers"]!));
        Assert.Equal("Last week", row["started_when"]);
        Assert.Equal(Narrative, row["narrative"]);
        Assert.Null(row["child_first_name"]);
        Assert.Null(row["child_age"]);
        Assert.Equal("Sam", row["reporter_name"]);
        Assert.Equal(12L, row["reporter_age"]);
        Assert.Equal("sam@example.org", row["contact_email"]);
        Assert.Null(row["contact_phone"]);
        Assert.Equal(0L, row["text_safe"]);
        Assert.Equal(0L, row["voicemail_safe"]);
        Assert.Equal("After 4pm on weekdays", row["safe_times"]);
        Assert.Equal("new", row["status"]);

        // The answers are gone from the draft; only the reference stays for the confirmation page.
        Assert.Equal(0, JourneyClient.CountDrafts(_host.DatabasePath, "answers <> '{}'"));
        // Nothing typed ever went into a URL.
        foreach (var url in journey.Urls)
        {
            foreach (var typed in new[] { "Sam", "stranger", "sam@example", "Example Social", "Example%20Social", "pictures", "Last", reference })
            {
                Assert.DoesNotContain(typed, url, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task A_young_person_worried_about_a_friend_is_asked_about_the_friend_and_their_own_age()
    {
        var journey = NewClient();
        await journey.StartAsync();
        Assert.Contains("I am under 18 and this is about a friend", (await journey.GetAsync("/report/who-are-you")).TextOf("main fieldset"));
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person-for-a-friend"));
        Assert.Equal("/report/in-danger", await journey.AnswerAsync("/report/what-is-happening", ("categories", "threat-to-share-images")));
        Assert.Equal("Is your friend in danger right now?", (await journey.GetAsync("/report/in-danger")).TextOf("main h1"));
        await journey.AnswerAsync("/report/in-danger", ("danger", "no"));
        await journey.AnswerWhereWhoWhenAsync("Gamez", "xX_threat_Xx");
        Assert.Equal("/report/about-the-child", await journey.AnswerAsync("/report/what-happened", ("narrative", "Someone is threatening my friend.")));
        var aboutTheFriend = await journey.GetAsync("/report/about-the-child");
        Assert.Equal("About your friend", aboutTheFriend.TextOf("main h1"));
        Assert.Contains("Enter your friend's first name", (await journey.AnswerWronglyAsync("/report/about-the-child", ("child-first-name", ""))).TextOf(".error-summary"));
        Assert.Equal("Enter your friend's age as a number from 0 to 17, like 12",
            (await journey.AnswerWronglyAsync("/report/about-the-child", ("child-first-name", "Ali"), ("child-age", "abc"))).TextOf(".error-summary__list a"));
        Assert.Equal("/report/about-you", await journey.AnswerAsync("/report/about-the-child", ("child-first-name", "Ali"), ("child-age", "13")));
        Assert.Contains("Enter your age, like 13", (await journey.AnswerWronglyAsync("/report/about-you", ("reporter-name", "Kim"))).TextOf(".error-summary"));
        Assert.Equal("/report/contact", await journey.AnswerAsync("/report/about-you", ("reporter-name", "Kim"), ("reporter-age", "13")));
        Assert.Contains("to make sure your friend is safe", (await journey.GetAsync("/report/contact")).TextOf("main"));
        await journey.AnswerAsync("/report/contact", ("email", "kim@example.org"));

        var check = await journey.GetAsync("/report/check-answers");
        var questions = check.QuerySelectorAll(".summary-list__key").Select(k => k.TextContent.Trim()).ToList();
        Assert.Contains("Is your friend in danger right now", questions);
        Assert.Contains("Your friend's first name", questions);
        Assert.Contains("Your age", questions);
        using (var sent = await journey.Client.SubmitAsync(check)) Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);

        var row = Assert.Single(JourneyClient.ReportRows(_host.DatabasePath));
        Assert.Equal("young-person-for-a-friend", row["reporter_role"]);
        Assert.Equal("Ali", row["child_first_name"]);
        Assert.Equal(13L, row["child_age"]);
        Assert.Equal("Kim", row["reporter_name"]);
        Assert.Equal(13L, row["reporter_age"]);
        // Under 18: the adults' helpline is not offered; Childline and Report Remove are.
        var confirmation = await journey.GetAsync("/report/confirmation");
        Assert.Null(confirmation.QuerySelector("#nspcc"));
        Assert.NotNull(confirmation.QuerySelector("#report-remove"));
    }

    [Fact]
    public async Task A_parent_is_asked_about_the_child_and_the_row_matches()
    {
        var journey = NewClient();
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "parent-or-carer"));
        await journey.AnswerAsync("/report/what-is-happening", ("categories", "threat-to-share-images"));
        Assert.Equal("/report/where", await journey.AnswerAsync("/report/in-danger", ("danger", "not-sure")));
        await journey.AnswerWhereWhoWhenAsync("Gamez", "xX_bad_Xx");
        Assert.Equal("/report/about-the-child", await journey.AnswerAsync("/report/what-happened", ("narrative", "Threats to my son.")));
        Assert.Equal("/report/about-you", await journey.AnswerAsync("/report/about-the-child", ("child-first-name", "Alex"), ("child-age", "11")));
        var aboutYou = await journey.GetAsync("/report/about-you");
        Assert.Null(aboutYou.QuerySelector("#reporter-age"));
        await journey.AnswerAsync("/report/about-you", ("reporter-name", "Jo Bloggs"));
        await journey.AnswerAsync("/report/contact", ("phone", "07700 900123"), ("text-safe", "true"), ("voicemail-safe", "true"));
        var check = await journey.GetAsync("/report/check-answers");
        Assert.Null(check.QuerySelector(".danger-banner"));
        using (var sent = await journey.Client.SubmitAsync(check)) Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Null((await journey.GetAsync("/report/confirmation")).QuerySelector(".danger-banner"));

        var row = Assert.Single(JourneyClient.ReportRows(_host.DatabasePath));
        Assert.Equal("parent-or-carer", row["reporter_role"]);
        Assert.Equal("not-sure", row["danger"]);
        Assert.Equal(0L, row["immediate_risk"]);
        Assert.Null(row["partner"]);
        Assert.Null(row["started_when"]);
        Assert.Equal("Alex", row["child_first_name"]);
        Assert.Equal(11L, row["child_age"]);
        Assert.Equal("Jo Bloggs", row["reporter_name"]);
        Assert.Null(row["reporter_age"]);
        Assert.Null(row["contact_email"]);
        Assert.Equal("07700 900123", row["contact_phone"]);
        Assert.Equal(1L, row["text_safe"]);
        Assert.Equal(1L, row["voicemail_safe"]);
    }

    [Fact]
    public async Task Bullying_only_goes_to_advice_with_a_way_on()
    {
        var journey = NewClient();
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        Assert.Equal("/report/advice", await journey.AnswerAsync("/report/what-is-happening", ("categories", "bullying")));
        var advice = await journey.GetAsync("/report/advice");
        Assert.Contains(advice.QuerySelectorAll("a"), a => a.GetAttribute("href") == "https://www.childline.org.uk/");
        Assert.Equal("/report/in-danger", await journey.AnswerAsync("/report/advice"));
    }

    [Fact]
    public async Task Bullying_and_sexual_pictures_of_children_go_to_advice_which_sends_the_pictures_to_the_iwf()
    {
        var journey = NewClient();
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        Assert.Equal("/report/advice", await journey.AnswerAsync("/report/what-is-happening",
            ("categories", "bullying"), ("categories", "saw-sexual-images-of-children")));

        var advice = await journey.GetAsync("/report/advice");

        Assert.Equal("https://report.iwf.org.uk/", advice.QuerySelector("#iwf a")!.GetAttribute("href"));
        Assert.Contains("You can do it without giving your name.", advice.TextOf("#iwf"));
        // Bullying alone: no word of pictures.
        await journey.AnswerAsync("/report/what-is-happening/change", ("categories", "bullying"));
        Assert.Null((await journey.GetAsync("/report/advice")).QuerySelector("#iwf"));
    }

    [Fact]
    public async Task Sexual_pictures_of_children_ticked_with_something_for_ceop_are_sent_to_the_iwf_on_the_confirmation()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey, danger: "no");
        Assert.Equal("/report/check-answers", await journey.AnswerAsync("/report/what-is-happening/change",
            ("categories", "asked-for-sexual-images"), ("categories", "saw-sexual-images-of-children")));
        using (var sent = await journey.Client.SubmitAsync(await journey.GetAsync("/report/check-answers"))) Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);

        var confirmation = await journey.GetAsync("/report/confirmation");

        Assert.Equal("https://report.iwf.org.uk/", confirmation.QuerySelector("#iwf a")!.GetAttribute("href"));
        Assert.Null((await SentAsync(NewClient())).QuerySelector("#iwf"));
    }

    [Fact]
    public async Task Images_only_goes_to_the_iwf_page_with_a_way_on()
    {
        var journey = NewClient();
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "worried-adult"));
        Assert.Equal("/report/sexual-images-of-children", await journey.AnswerAsync("/report/what-is-happening", ("categories", "saw-sexual-images-of-children")));
        var iwf = await journey.GetAsync("/report/sexual-images-of-children");
        Assert.Contains(iwf.QuerySelectorAll("a"), a => a.GetAttribute("href") == "https://report.iwf.org.uk/");
        Assert.Equal("/report/in-danger", await journey.AnswerAsync("/report/sexual-images-of-children"));
    }

    [Fact]
    public async Task A_change_from_check_answers_returns_there_and_a_new_question_is_asked_first()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey);
        var check = await journey.GetAsync("/report/check-answers");
        // Each of where, who and when has its own question and its own Change link.
        Assert.Equal(
            ["/report/where/change", "/report/other-person/change", "/report/when-it-started/change"],
            check.QuerySelectorAll(".summary-list__actions a").Select(a => a.GetAttribute("href")!)
                .Where(href => href is "/report/where/change" or "/report/other-person/change" or "/report/when-it-started/change"));

        Assert.Equal("/report/check-answers", await journey.AnswerAsync("/report/where/change", ("platform", "Other App")));
        Assert.Equal("/report/check-answers", await journey.AnswerAsync("/report/when-it-started/change", ("started-when", "")));
        var values = (await journey.GetAsync("/report/check-answers")).QuerySelectorAll(".summary-list__value").Select(v => v.TextContent.Trim()).ToList();
        Assert.Contains("Other App", values);
        Assert.DoesNotContain("Last week", values);

        // Becoming a parent opens "about the child", which is asked (as a change) before going back.
        Assert.Equal("/report/about-the-child/change", await journey.AnswerAsync("/report/who-are-you/change", ("role", "parent-or-carer")));
    }

    [Fact]
    public async Task A_question_a_change_opened_goes_back_to_check_answers_once_answered_not_through_the_journey_again()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey, danger: "no");

        // Bullying only opens the advice page: its Back goes to the question being changed, its button to check answers.
        var advice = await journey.AnswerAsync("/report/what-is-happening/change", ("categories", "bullying"));
        Assert.StartsWith("/report/advice", advice);
        Assert.Equal("/report/what-is-happening/change", (await journey.GetAsync(advice)).QuerySelector(".back-link")!.GetAttribute("href"));
        Assert.Equal("/report/check-answers", await journey.AnswerAsync(advice));

        // Pictures only opens the IWF page; becoming a parent opens "about the child".
        var iwf = await journey.AnswerAsync("/report/what-is-happening/change", ("categories", "saw-sexual-images-of-children"));
        Assert.StartsWith("/report/sexual-images-of-children", iwf);
        Assert.Equal("/report/check-answers", await journey.AnswerAsync(iwf));
        var aboutTheChild = await journey.AnswerAsync("/report/who-are-you/change", ("role", "parent-or-carer"));
        Assert.StartsWith("/report/about-the-child", aboutTheChild);
        Assert.Equal("/report/check-answers", await journey.AnswerAsync(aboutTheChild, ("child-first-name", "Sam")));
    }

    public static TheoryData<string, string, string, string> InvalidAnswers => new()
    {
        { "/report/who-are-you", "role", "", "Select who you are" },
        { "/report/what-is-happening", "categories", "", "Select at least one thing that is happening" },
        { "/report/in-danger", "danger", "maybe", "Select yes if you are in danger right now" },
        { "/report/where", "platform", "", "Enter the app, game or website where it happened" },
        { "/report/where", "platform", new string('a', 201), "The app, game or website must be 200 characters or fewer" },
        { "/report/other-person", "other-person", "  \r\n ", "Enter the other person's username or a link to their profile" },
        { "/report/when-it-started", "started-when", new string('a', 201), "When it started must be 200 characters or fewer" },
        { "/report/what-happened", "narrative", new string('a', 5001), "What happened must be 5,000 characters or fewer. You have 5,001." },
        { "/report/what-happened", "narrative", "\u0001\u0002", "Tell us what happened" },
        { "/report/about-you", "reporter-name", "", "Enter your name" },
        { "/report/about-you", "reporter-age", "18", "Enter your age as a number under 18, like 13" },
        { "/report/contact", "email", "not-an-email", "Enter an email address in the correct format, like name@example.com" },
        { "/report/contact", "phone", "call me", "Enter a phone number in the correct format, like 07700 900 982" },
        // The right characters, but too few digits to call anyone back, or too many to be one number.
        { "/report/contact", "phone", "999", "Enter a phone number in the correct format, like 07700 900 982" },
        { "/report/contact", "phone", "07700 900 982 07700 900 983", "Enter a phone number in the correct format, like 07700 900 982" },
    };

    [Theory]
    [MemberData(nameof(InvalidAnswers))]
    public async Task Each_invalid_answer_gets_400_an_error_summary_linking_to_the_field(string path, string field, string value, string message)
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey, danger: "no");
        if (path == "/report/contact") await journey.AnswerAsync("/report/contact/change", ("email", "sam@example.org"));

        var page = await journey.AnswerWronglyAsync(path, (field, value));

        Assert.StartsWith("Error: ", page.Title);
        Assert.Equal("There is a problem", page.TextOf(".error-summary__title"));
        var link = page.QuerySelectorAll(".error-summary__list a").Single(a => a.TextContent == message);
        Assert.Equal("#" + field, link.GetAttribute("href"));
        var target = page.GetElementById(field);
        Assert.NotNull(target);
        var error = Assert.Single(page.QuerySelectorAll(".error-message"), m => m.TextContent.Contains(message));

        // A screen reader reaching the field (or its group of radios or boxes) hears the error, not only the summary.
        Assert.Equal(field + "-error", error.Id);
        var described = target.Closest("fieldset") ?? target;
        Assert.Contains(field + "-error", (described.GetAttribute("aria-describedby") ?? "").Split(' '));
        Assert.All((described.GetAttribute("aria-describedby") ?? "").Split(' '), id => Assert.NotNull(page.GetElementById(id)));
    }

    [Fact]
    public async Task Contact_needs_at_least_one_way_to_reach_the_reporter()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey, danger: "no");
        var page = await journey.AnswerWronglyAsync("/report/contact", ("email", ""), ("phone", ""));
        Assert.Contains("Enter an email address or a phone number", page.TextOf(".error-summary__list a"));
    }

    [Fact]
    public async Task A_young_person_is_spoken_to_as_you_and_an_adult_is_asked_about_the_child()
    {
        var start = await NewClient().GetAsync("/report");
        // No role yet: words that fit a young person and an adult.
        Assert.Contains("so we can make sure you, or the child, are safe.", start.TextOf("main"));
        Assert.DoesNotContain("make sure the child is safe", start.TextOf("main"));

        var young = NewClient();
        await YoungPersonUpToCheckAnswersAsync(young, danger: "no");
        var adult = NewClient();
        await adult.StartAsync();
        await adult.AnswerAsync("/report/who-are-you", ("role", "professional"));
        await adult.AnswerAsync("/report/what-is-happening", ("categories", "wants-to-meet"));

        foreach (var (journey, words) in new[]
        {
            (young, (Question: "Are you in danger right now?", Them: "meet you, or is hurting you.", Error: "Select yes if you are in danger right now", Safe: "make sure you are safe")),
            (adult, (Question: "Is a child in danger right now?", Them: "meet them, or is hurting them.", Error: "Select yes if a child is in danger right now", Safe: "make sure the child is safe")),
        })
        {
            var danger = await journey.GetAsync("/report/in-danger");
            Assert.Equal(words.Question, danger.TextOf("legend h1"));
            Assert.StartsWith(words.Question + " – ", danger.Title);
            Assert.Contains(words.Them, danger.TextOf("#danger-hint"));
            Assert.Equal(words.Error, (await journey.AnswerWronglyAsync("/report/in-danger", ("danger", ""))).TextOf(".error-summary__list a"));
        }

        var contact = await young.GetAsync("/report/contact");
        Assert.Contains("Someone from CEOP will get in touch to make sure you are safe.", contact.TextOf("main"));
        Assert.Equal("Enter an email address or a phone number, so we can make sure you are safe",
            (await young.AnswerWronglyAsync("/report/contact", ("email", ""), ("phone", ""))).TextOf(".error-summary__list a"));
        var check = await young.GetAsync("/report/check-answers");
        Assert.Contains("Are you in danger right now", check.QuerySelectorAll(".summary-list__key").Select(k => k.TextContent));
        Assert.DoesNotContain("Is a child in danger right now", check.QuerySelectorAll(".summary-list__key").Select(k => k.TextContent));
    }

    [Fact]
    public async Task An_adult_is_told_the_contact_is_to_make_sure_the_child_is_safe()
    {
        var journey = NewClient();
        await UpToWhatHappenedAsync(journey, "parent-or-carer", "threat-to-share-images");
        await journey.AnswerAsync("/report/what-happened", ("narrative", "Threats to my son."));
        await journey.AnswerAsync("/report/about-the-child", ("child-first-name", "Alex"));
        await journey.AnswerAsync("/report/about-you", ("reporter-name", "Jo Bloggs"));

        var contact = await journey.GetAsync("/report/contact");
        Assert.Contains("Someone from CEOP will get in touch to make sure the child is safe.", contact.TextOf("main"));
        Assert.Equal("Enter an email address or a phone number, so we can make sure the child is safe",
            (await journey.AnswerWronglyAsync("/report/contact", ("email", ""), ("phone", ""))).TextOf(".error-summary__list a"));
        await journey.AnswerAsync("/report/contact", ("email", "jo@example.org"));
        var check = await journey.GetAsync("/report/check-answers");
        Assert.Contains("Is a child in danger right now", check.QuerySelectorAll(".summary-list__key").Select(k => k.TextContent));
    }

    [Fact]
    public async Task Someone_who_will_not_give_a_way_to_contact_them_is_told_why_and_where_else_to_go()
    {
        // A young person who leaves both empty: CEOP cannot take the report, so Childline, with its number.
        var young = NewClient();
        await YoungPersonUpToCheckAnswersAsync(young, danger: "no");
        var refused = await young.AnswerWronglyAsync("/report/contact", ("email", ""), ("phone", ""));
        Assert.Contains("Childline", refused.TextOf("#no-contact"));
        Assert.Contains(refused.QuerySelectorAll("#no-contact a"), a => a.GetAttribute("href") == "tel:08001111" && a.TextContent == "0800 1111");

        // An adult: the NSPCC helpline, the adults' own.
        var adult = NewClient();
        await UpToWhatHappenedAsync(adult, "parent-or-carer", "threat-to-share-images");
        await adult.AnswerAsync("/report/what-happened", ("narrative", "Threats to my son."));
        await adult.AnswerAsync("/report/about-the-child", ("child-first-name", "Alex"));
        await adult.AnswerAsync("/report/about-you", ("reporter-name", "Jo Bloggs"));
        var contact = await adult.GetAsync("/report/contact");
        Assert.Contains("NSPCC", contact.TextOf("#no-contact"));
        Assert.Contains(contact.QuerySelectorAll("#no-contact a"), a => a.GetAttribute("href") == "tel:08088005000");
    }

    [Fact]
    public async Task The_choices_about_texts_and_voicemail_are_introduced_as_contact_by_phone()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey, danger: "no");
        var contact = await journey.GetAsync("/report/contact");

        // A text is not a call: the legend covers both boxes.
        var legend = contact.GetElementById("text-safe")!.Closest("fieldset")!.QuerySelector("legend")!;
        Assert.Equal("If we contact you by phone", legend.TextContent.Trim());
    }

    [Fact]
    public async Task A_question_reached_out_of_order_redirects_to_the_right_step()
    {
        var client = _host.CreateBrowserlessClient();
        using (var noDraft = await client.PostAsync("/report/what-happened", new FormUrlEncodedContent([new("narrative", "x")])))
        {
            // Antiforgery refuses first (400 page) or the journey redirects to the start: never a saved answer.
            Assert.True(noDraft.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.SeeOther, noDraft.StatusCode.ToString());
        }
        using (var noDraftGet = await client.GetAsync("/report/what-happened"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, noDraftGet.StatusCode);
            Assert.Equal("/report", noDraftGet.Headers.Location!.ToString());
        }

        var journey = new JourneyClient(client);
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        using var early = await client.GetAsync("/report/contact");
        Assert.Equal(HttpStatusCode.SeeOther, early.StatusCode);
        Assert.Equal("/report/what-is-happening", early.Headers.Location!.ToString());
        using var notForThem = await client.GetAsync("/report/advice");
        Assert.Equal("/report/what-is-happening", notForThem.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_double_or_replayed_submit_makes_one_report()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey);
        var check = await journey.GetAsync("/report/check-answers");

        using var first = await journey.Client.SubmitAsync(check);
        using var second = await journey.Client.SubmitAsync(check);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        Assert.Equal("/report/confirmation", second.Headers.Location!.ToString());
        Assert.Single(JourneyClient.ReportRows(_host.DatabasePath));
        using var later = await journey.Client.GetAsync("/report/what-happened");
        Assert.Equal("/report", later.Headers.Location!.ToString());
    }

    /// <summary>
    /// Posts the page's form while a trigger in the real database file refuses <paramref name="write"/> (e.g. "BEFORE
    /// INSERT ON drafts"), then drops it. The answer must be the same page with a 503, the box saying
    /// <paramref name="heading"/>, and nothing of the database's own message.
    /// </summary>
    private async Task<AngleSharp.Html.Dom.IHtmlDocument> RefusedByTheDatabaseAsync(
        JourneyClient journey, AngleSharp.Html.Dom.IHtmlDocument form, string write, string heading, params (string Name, string Value)[] fields)
    {
        var refusal = await DatabaseFile.RefuseAsync(_host.DatabasePath, write);
        using var refused = await journey.Client.SubmitAsync(form, FormPost.Fields(fields));
        await refusal.DisposeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("60", refused.Headers.RetryAfter!.ToString());
        Assert.Contains("no-store", refused.Headers.CacheControl!.ToString());
        Assert.DoesNotContain(DatabaseFile.RefusalMessage, await refused.Content.ReadAsStringAsync());
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        var page = await Html.ParseAsync(refused);
        Assert.StartsWith("Error: ", page.Title);
        Assert.Equal(heading, page.QuerySelector("main [role=alert] h2")!.TextContent);
        return page;
    }

    [Fact]
    public async Task A_report_the_database_refuses_is_not_called_sent_and_can_be_sent_again()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey);
        var check = await journey.GetAsync("/report/check-answers");

        // A real failure inside the submit's transaction, after the report and its alerts are written.
        var page = await RefusedByTheDatabaseAsync(journey, check, "BEFORE UPDATE OF submitted_reference ON drafts", "Your report has not been sent yet");

        Assert.StartsWith("Error: Check your answers", page.Title);
        Assert.Contains("Your answers are still here", page.QuerySelector("[role=alert]")!.TextContent);
        Assert.Contains(Narrative.Split('\n')[0], page.QuerySelector(".summary-list")!.TextContent);
        Assert.Empty(JourneyClient.ReportRows(_host.DatabasePath));
        Assert.Empty(await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT id FROM outbox"));

        using var sent = await journey.Client.SubmitAsync(page);

        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Equal("/report/confirmation", sent.Headers.Location!.ToString());
        Assert.Equal(Narrative, Assert.Single(JourneyClient.ReportRows(_host.DatabasePath))["narrative"]);
    }

    [Fact]
    public async Task An_answer_the_database_refuses_is_shown_again_with_a_box_that_says_so_and_can_be_sent_again()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey);
        var where = await journey.GetAsync("/report/where");

        var page = await RefusedByTheDatabaseAsync(journey, where, "BEFORE UPDATE OF answers ON drafts", "Your answer has not been saved yet", ("platform", "Other Game"));

        Assert.Equal("Other Game", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#platform")!.Value);
        Assert.Contains("Example Social", Assert.Single(await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT answers FROM drafts")));

        using var saved = await journey.Client.SubmitAsync(page);

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Contains("Other Game", Assert.Single(await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT answers FROM drafts")));
    }

    [Fact]
    public async Task A_start_the_database_refuses_is_shown_again_with_a_box_that_says_so()
    {
        var journey = NewClient();
        var start = await journey.GetAsync("/report?partner=example-social");

        var page = await RefusedByTheDatabaseAsync(journey, start, "BEFORE INSERT ON drafts", "Your report could not be started");

        Assert.DoesNotContain("Your answers", page.QuerySelector("main [role=alert]")!.TextContent);
        Assert.Equal("example-social", page.QuerySelector("input[name=partner]")!.GetAttribute("value"));

        using var started = await journey.Client.SubmitAsync(page);

        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        Assert.Equal("example-social", Assert.Single(await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT partner FROM drafts")));
    }

    [Fact]
    public async Task Every_journey_page_is_no_store()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey);
        foreach (var path in new[] { "/report", "/report/who-are-you", "/report/what-happened", "/report/contact", "/report/check-answers" })
        {
            using var response = await journey.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        }
    }

    [Fact]
    public async Task A_draft_expires_after_60_minutes_without_activity()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 28, 16, 0, 0, TimeSpan.Zero));
        using var host = _host.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var journey = new JourneyClient(host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));

        clock.Advance(TimeSpan.FromMinutes(59));
        var question = await journey.GetAsync("/report/what-is-happening");
        // Looking is not activity; the hour runs from the last saved answer.
        clock.Advance(TimeSpan.FromMinutes(2));
        using (var expired = await journey.Client.GetAsync("/report/what-is-happening"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, expired.StatusCode);
            Assert.Equal("/report/answers-deleted", expired.Headers.Location!.ToString());
        }
        // Continue pressed on the page opened before the hour ran out: told why, and the answer is not kept.
        using (var late = await journey.Client.SubmitAsync(question, FormPost.Fields(("categories", "wants-to-meet"))))
        {
            Assert.Equal(HttpStatusCode.SeeOther, late.StatusCode);
            Assert.Equal("/report/answers-deleted", late.Headers.Location!.ToString());
        }
        Assert.Equal(0, JourneyClient.CountDrafts(_host.DatabasePath, "answers LIKE '%wants-to-meet%'"));
        var store = host.Services.GetRequiredService<DraftStore>();
        Assert.Equal(1, await store.PurgeExpiredAsync());
        Assert.Equal(0, JourneyClient.CountDrafts(_host.DatabasePath));

        using (var told = await journey.Client.GetAsync("/report/answers-deleted"))
        {
            Assert.Equal(HttpStatusCode.OK, told.StatusCode);
            Assert.Contains("no-store", told.Headers.CacheControl!.ToString());
            var page = await Html.ParseAsync(told);
            Assert.Equal("Your answers have been deleted", page.TextOf("h1"));
            Assert.Contains("When nothing happens on this form for 60 minutes, we delete the answers.", page.TextOf("main"));
            Assert.Contains("If you sent your report and saw your reference number, we have your report.", page.TextOf("main"));
            Assert.Equal("/exit", page.QuerySelector("a.quick-exit")!.GetAttribute("href"));
            // Start again makes a new draft, as the start page's button does.
            using var again = await journey.Client.SubmitAsync(page);
            Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
            Assert.Equal("/report/who-are-you", again.Headers.Location!.ToString());
        }
        await journey.GetAsync("/report/who-are-you");
        Assert.Equal(1, JourneyClient.CountDrafts(_host.DatabasePath));
    }

    [Fact]
    public async Task The_start_page_says_how_long_answers_are_kept_as_configured()
    {
        using var host = new AppHost(new Dictionary<string, string?> { ["Journey:DraftLifetimeMinutes"] = "20" });
        var client = host.CreateBrowserlessClient();

        var start = await client.GetDocumentAsync("/report");
        var deleted = await client.GetDocumentAsync("/report/answers-deleted");

        Assert.Contains("If you do nothing on the form for 20 minutes, we delete your answers to keep them private.", start.TextOf("main"));
        Assert.Contains("When nothing happens on this form for 20 minutes, we delete the answers.", deleted.TextOf("main"));
    }

    /// <summary>Sends the young person's report and returns the confirmation page.</summary>
    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> SentAsync(JourneyClient journey, string danger = "no")
    {
        await YoungPersonUpToCheckAnswersAsync(journey, danger);
        using (var sent = await journey.Client.SubmitAsync(await journey.GetAsync("/report/check-answers")))
        {
            Assert.Equal("/report/confirmation", sent.Headers.Location!.ToString());
        }
        return await journey.GetAsync("/report/confirmation");
    }

    [Fact]
    public async Task The_confirmation_says_who_will_contact_the_reporter_how_and_how_soon()
    {
        var confirmation = await SentAsync(NewClient());

        var next = confirmation.TextOf("main");
        Assert.Contains("A Child Protection Advisor at CEOP will read your report. They will contact you by email or phone, as you chose", next);
        Assert.Equal("How soon they contact you depends on how urgent it is. Reports about someone in danger right now are read first.", confirmation.TextOf("#reply-time"));
        Assert.Equal("If something else happens or you remember more, make a new report and put this reference number in it.", confirmation.TextOf("#follow-up"));
    }

    private const string ReportRemoveUrl = "https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/remove-nude-image-shared-online/report-remove/";

    [Fact]
    public async Task A_young_person_asked_for_pictures_is_told_about_report_remove_where_it_matters()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey, danger: "no");
        var whatHappened = await journey.GetAsync("/report/what-happened");

        Assert.Equal("If a nude picture or video of you is online, Report Remove can help get it taken down. It can also help if someone is threatening to share one.",
            whatHappened.TextOf("#report-remove"));
        Assert.Equal(ReportRemoveUrl, whatHappened.QuerySelector("#report-remove a")!.GetAttribute("href"));
        using (var sent = await journey.Client.SubmitAsync(await journey.GetAsync("/report/check-answers"))) Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        var confirmation = await journey.GetAsync("/report/confirmation");
        Assert.Equal(ReportRemoveUrl, confirmation.QuerySelector("#report-remove a")!.GetAttribute("href"));

        // Nothing about pictures ticked: not on "What happened", still on the confirmation (it may yet happen).
        var meetOnly = NewClient();
        await UpToWhatHappenedAsync(meetOnly, "young-person", "wants-to-meet");
        Assert.Null((await meetOnly.GetAsync("/report/what-happened")).QuerySelector("#report-remove"));

        // Threatened with sharing: the young person's own pictures again.
        await meetOnly.AnswerAsync("/report/what-is-happening/change", ("categories", "threat-to-share-images"));
        Assert.NotNull((await meetOnly.GetAsync("/report/what-happened")).QuerySelector("#report-remove a"));
    }

    [Fact]
    public async Task What_happened_asks_for_no_pictures_without_blaming_whoever_was_made_to_send_them()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey, danger: "no");

        var page = await journey.GetAsync("/report/what-happened");

        // The domain notes: ask where the pictures are, never what they show (a child describing sexual pictures of
        // themselves is not what an advisor needs first, and not a thing to ask of them on a form).
        Assert.Equal("Do not send us any pictures or videos. Just tell us where they are, like the app or website and the username. If someone made you send pictures, you are not in trouble.",
            page.TextOf("#no-pictures"));
        Assert.DoesNotContain("what they show", page.TextOf("main"));
        Assert.DoesNotContain("against the law", page.TextOf("main"));
    }

    [Fact]
    public async Task An_adult_is_not_told_about_report_remove_for_pictures_of_themselves()
    {
        var journey = NewClient();
        await UpToWhatHappenedAsync(journey, "parent-or-carer", "threat-to-share-images");
        Assert.Null((await journey.GetAsync("/report/what-happened")).QuerySelector("#report-remove"));
        await journey.AnswerAsync("/report/what-happened", ("narrative", "Threats to my son."));
        await journey.AnswerAsync("/report/about-the-child", ("child-first-name", "Alex"));
        await journey.AnswerAsync("/report/about-you", ("reporter-name", "Jo Bloggs"));
        await journey.AnswerAsync("/report/contact", ("email", "jo@example.org"));
        using (var sent = await journey.Client.SubmitAsync(await journey.GetAsync("/report/check-answers"))) Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);

        Assert.Null((await journey.GetAsync("/report/confirmation")).QuerySelector("#report-remove"));
    }

    [Fact]
    public async Task The_pictures_only_page_offers_report_remove_to_young_people_and_not_to_adults()
    {
        const string reportRemove = "https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/remove-nude-image-shared-online/report-remove/";
        foreach (var (role, offered) in new[] { ("young-person", true), ("young-person-for-a-friend", true), ("parent-or-carer", false), ("professional", false) })
        {
            var journey = NewClient();
            await journey.StartAsync();
            await journey.AnswerAsync("/report/who-are-you", ("role", role));
            await journey.AnswerAsync("/report/what-is-happening", ("categories", "saw-sexual-images-of-children"));

            var page = await journey.GetAsync("/report/sexual-images-of-children");

            Assert.True(offered == page.QuerySelectorAll("main a").Any(a => a.GetAttribute("href") == reportRemove), role);
            Assert.True(offered == page.TextOf("main").Contains("Report Remove"), role);
        }
    }

    private const string NspccUrl = "https://www.nspcc.org.uk/keeping-children-safe/reporting-abuse/nspcc-helpline/";

    private static void AssertNspccHelpline(AngleSharp.Html.Dom.IHtmlDocument page)
    {
        Assert.Equal("If you are an adult worried about a child, call the NSPCC helpline on 0808 800 5000 or contact the NSPCC online.", page.TextOf("#nspcc"));
        Assert.Equal(["tel:08088005000", NspccUrl], page.QuerySelectorAll("#nspcc a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Adults_are_given_the_nspcc_helpline_and_young_people_childline()
    {
        AssertNspccHelpline(await NewClient().GetAsync("/report"));

        var adult = NewClient();
        await adult.StartAsync();
        await adult.AnswerAsync("/report/who-are-you", ("role", "worried-adult"));
        Assert.Equal("/report/advice", await adult.AnswerAsync("/report/what-is-happening", ("categories", "hacked-or-fake-account")));
        AssertNspccHelpline(await adult.GetAsync("/report/advice"));
        await adult.AnswerAsync("/report/advice");
        await adult.AnswerAsync("/report/in-danger", ("danger", "no"));
        await adult.AnswerWhereWhoWhenAsync("Gamez", "xX_bad_Xx");
        await adult.AnswerAsync("/report/what-happened", ("narrative", "A fake profile of my niece."));
        await adult.AnswerAsync("/report/about-the-child", ("child-first-name", "Alex"));
        await adult.AnswerAsync("/report/about-you", ("reporter-name", "Jo Bloggs"));
        await adult.AnswerAsync("/report/contact", ("email", "jo@example.org"));
        using (var sent = await adult.Client.SubmitAsync(await adult.GetAsync("/report/check-answers"))) Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        AssertNspccHelpline(await adult.GetAsync("/report/confirmation"));

        var young = NewClient();
        await young.StartAsync();
        await young.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        await young.AnswerAsync("/report/what-is-happening", ("categories", "bullying"));
        Assert.Null((await young.GetAsync("/report/advice")).QuerySelector("#nspcc"));
        Assert.Null((await SentAsync(NewClient())).QuerySelector("#nspcc"));
    }

    [Fact]
    public async Task A_confirmation_that_cannot_read_its_report_back_still_shows_the_reference_and_help_for_everyone()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey, danger: "yes");
        using (var sent = await journey.Client.SubmitAsync(await journey.GetAsync("/report/check-answers"))) Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        var reference = Assert.Single(JourneyClient.ReportRows(_host.DatabasePath))["reference"];
        await DatabaseFile.ExecuteAsync(_host.DatabasePath, "ALTER TABLE reports RENAME TO reports_away");

        var confirmation = await journey.GetAsync("/report/confirmation");

        Assert.Equal(reference, confirmation.TextOf("#reference"));
        Assert.NotNull(confirmation.QuerySelector("#nspcc"));
        Assert.NotNull(confirmation.QuerySelector("#report-remove"));
        Assert.Contains("If you or a child is in danger, call 999.", confirmation.TextOf("main"));
    }

    [Fact]
    public async Task The_confirmation_says_how_soon_and_how_to_follow_up_as_configured()
    {
        using var host = new AppHost(new Dictionary<string, string?>
        {
            ["Help:ReplyTime"] = "We reply within one working day.",
            ["Help:FollowUp"] = "To add to your report, call 0000 000 0000 and give your reference number.",
        });

        var confirmation = await SentAsync(new JourneyClient(host.CreateBrowserlessClient()));

        Assert.Equal("We reply within one working day.", confirmation.TextOf("#reply-time"));
        Assert.Equal("To add to your report, call 0000 000 0000 and give your reference number.", confirmation.TextOf("#follow-up"));
    }

    [Fact]
    public async Task A_sent_report_whose_draft_has_expired_is_not_called_unsent()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 28, 16, 0, 0, TimeSpan.Zero));
        using var host = _host.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var journey = new JourneyClient(host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await YoungPersonUpToCheckAnswersAsync(journey);
        using (var sent = await journey.Client.SubmitAsync(await journey.GetAsync("/report/check-answers")))
        {
            Assert.Equal("/report/confirmation", sent.Headers.Location!.ToString());
        }

        clock.Advance(TimeSpan.FromMinutes(61));
        using var refreshed = await journey.Client.GetAsync("/report/confirmation");

        // The reference has gone with the draft; the page the reporter lands on says a sent report is kept.
        Assert.Equal(HttpStatusCode.SeeOther, refreshed.StatusCode);
        Assert.Equal("/report/answers-deleted", refreshed.Headers.Location!.ToString());
        Assert.Single(JourneyClient.ReportRows(_host.DatabasePath));
    }

    [Fact]
    public async Task Leaving_clears_the_draft_and_it_cannot_be_resumed()
    {
        var journey = NewClient();
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        var draftId = Assert.Single(DraftIds());

        using var exit = await journey.Client.GetAsync("/exit");

        Assert.Equal(HttpStatusCode.SeeOther, exit.StatusCode);
        Assert.Equal("https://www.bbc.co.uk/weather", exit.Headers.Location!.ToString());
        var clear = string.Join(",", exit.Headers.GetValues("Clear-Site-Data"));
        Assert.Contains("\"cookies\"", clear);
        Assert.Contains("\"storage\"", clear);
        Assert.Contains("\"cache\"", clear);
        Assert.Empty(DraftIds());

        // Even someone who kept the old cookie cannot get back in.
        var replay = _host.CreateBrowserlessClient();
        replay.DefaultRequestHeaders.Add("Cookie", "ceop-draft=" + draftId);
        using var resumed = await replay.GetAsync("/report/what-is-happening");
        Assert.Equal(HttpStatusCode.SeeOther, resumed.StatusCode);
        Assert.Equal("/report/answers-deleted", resumed.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Hostile_values_are_stored_exactly_and_rendered_encoded()
    {
        const string hostile = "<script>alert('x')</script> \"quotes\" & 'Robert'); DROP TABLE reports;-- 👀 ñ";
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey);
        await journey.AnswerAsync("/report/what-happened/change", ("narrative", hostile + "\u0007\r\nline two"));
        await journey.AnswerAsync("/report/about-you/change", ("reporter-name", hostile), ("reporter-age", "12"));

        using var response = await journey.Client.GetAsync("/report/check-answers");
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        var check = Html.Parse(html, "http://localhost/report/check-answers");
        Assert.Empty(check.QuerySelectorAll("script"));
        Assert.Contains(hostile + "\nline two", check.QuerySelectorAll(".summary-list__value").Select(v => v.TextContent));
        using (var sent = await journey.Client.SubmitAsync(check)) Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);

        var row = Assert.Single(JourneyClient.ReportRows(_host.DatabasePath));
        Assert.Equal(hostile + "\nline two", row["narrative"]);
        Assert.Equal(hostile, row["reporter_name"]);
    }

    [Fact]
    public async Task An_overlong_body_gets_a_readable_413()
    {
        var journey = NewClient();
        await YoungPersonUpToCheckAnswersAsync(journey);
        var page = await journey.GetAsync("/report/what-happened");

        using var response = await journey.Client.SubmitAsync(page, FormPost.Fields(("narrative", new string('a', 70_000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("What you sent is too long", (await Html.ParseAsync(response)).TextOf("h1"));
    }

    private List<string> DraftIds()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_host.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM drafts";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    public void Dispose() => _host.Dispose();
}
