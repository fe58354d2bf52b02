using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using ClickCeop.Web.Reports;

namespace ClickCeop.Tests.Faults;

/// <summary>What one simulated reporter typed, with a token that makes the report findable in the database and mail.</summary>
public sealed record ReporterAnswers(
    string Token,
    bool ImmediateRisk,
    string? Partner,
    string Role,
    string[] Categories,
    string Platform,
    string[] OtherPerson,
    string StartedWhen,
    string Narrative,
    string? ChildFirstName,
    long? ChildAge,
    string ReporterName,
    long? ReporterAge,
    string? Email,
    string? Phone,
    bool TextSafe,
    bool VoicemailSafe,
    string SafeTimes)
{
    /// <summary>Immediate-risk young people and normal parents' reports alternate; every value carries the token.</summary>
    public static ReporterAnswers For(string token, int number) => number % 2 == 0
        ? new ReporterAnswers(
            token, ImmediateRisk: true, Partner: "example-social", Role: "young-person",
            Categories: ["asked-for-sexual-images", "wants-to-meet"], Platform: $"Example Social {token}",
            OtherPerson: [$"@stranger_{token}", $"https://example.social/u/{token}"], StartedWhen: $"Last week ({token})",
            Narrative: $"Report {token}.\nHe said he is 14 and wants to meet at the park.", ChildFirstName: null, ChildAge: null,
            ReporterName: $"Sam {token}", ReporterAge: 12 + number % 5, Email: $"sam.{token}@example.org", Phone: null,
            TextSafe: false, VoicemailSafe: false, SafeTimes: $"After 4pm ({token})")
        : new ReporterAnswers(
            token, ImmediateRisk: false, Partner: null, Role: "parent-or-carer",
            Categories: ["threat-to-share-images"], Platform: $"Gamez {token}",
            OtherPerson: [$"xX_{token}_Xx"], StartedWhen: $"In May ({token})",
            Narrative: $"Report {token}.\nThreats to my son.", ChildFirstName: $"Alex {token}", ChildAge: 8 + number % 8,
            ReporterName: $"Jo {token}", ReporterAge: null, Email: null, Phone: "07700 900123",
            TextSafe: true, VoicemailSafe: true, SafeTimes: $"Evenings ({token})");

    /// <summary>The reports row these answers must produce, column by column (reference and ids aside).</summary>
    public Dictionary<string, object?> ExpectedRow() => new()
    {
        ["partner"] = Partner,
        ["reporter_role"] = Role,
        ["categories"] = System.Text.Json.JsonSerializer.Serialize(Categories),
        ["danger"] = ImmediateRisk ? "yes" : "no",
        ["immediate_risk"] = ImmediateRisk ? 1L : 0L,
        ["platform"] = Platform,
        ["other_person_identifiers"] = System.Text.Json.JsonSerializer.Serialize(OtherPerson),
        ["started_when"] = StartedWhen,
        ["narrative"] = Narrative,
        ["child_first_name"] = ChildFirstName,
        ["child_age"] = ChildAge,
        ["reporter_name"] = ReporterName,
        ["reporter_age"] = ReporterAge,
        ["contact_email"] = Email,
        ["contact_phone"] = Phone,
        ["text_safe"] = TextSafe ? 1L : 0L,
        ["voicemail_safe"] = VoicemailSafe ? 1L : 0L,
        ["safe_times"] = SafeTimes,
        ["status"] = "new",
    };
}

/// <summary>How far one reporter got: <see cref="Submitted"/> once the check-answers POST was answered 303 (the
/// report is committed by then), <see cref="Reference"/> once the confirmation page showed it.</summary>
public sealed class ReporterOutcome(ReporterAnswers answers)
{
    public ReporterAnswers Answers { get; } = answers;

    public bool SubmitStarted { get; set; }

    public bool Submitted { get; set; }

    public string? Reference { get; set; }

    public string? Error { get; set; }

    /// <summary>The walk failed after the test injected its fault (a kill), so the failure is expected.</summary>
    public bool CutOffByFault { get; set; }
}

/// <summary>One reporter walking the whole journey over HTTP as a browser without JavaScript, with its own cookies.</summary>
public static class Reporter
{
    /// <summary>A fresh "browser" for <paramref name="baseAddress"/>: its own cookie jar, no automatic redirects.</summary>
    public static HttpClient NewBrowser(Uri baseAddress) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(15),
        };

    /// <summary>Walks start → confirmation, filling <paramref name="outcome"/> as it goes (so a cut-off walk says how far it got).</summary>
    public static async Task WalkAsync(HttpClient browser, ReporterOutcome outcome)
    {
        var journey = new JourneyClient(browser);
        await AnswerEveryQuestionAsync(journey, outcome.Answers);

        var check = await journey.GetAsync("/report/check-answers");
        outcome.SubmitStarted = true;
        using (var sent = await browser.SubmitAsync(check))
        {
            Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
            Expect("/report/confirmation", sent.Headers.Location!.ToString());
        }
        outcome.Submitted = true;

        var confirmation = await journey.GetAsync("/report/confirmation");
        var reference = confirmation.TextOf("#reference");
        Assert.True(ReferenceNumber.IsWellFormed(reference), reference);
        outcome.Reference = reference;
    }

    /// <summary>Start → every question answered with <paramref name="a"/>, up to check your answers (not sent).</summary>
    public static async Task AnswerEveryQuestionAsync(JourneyClient journey, ReporterAnswers a)
    {
        Expect("/report/who-are-you", await journey.StartAsync(a.Partner));
        await journey.AnswerAsync("/report/who-are-you", ("role", a.Role));
        Expect("/report/in-danger", await journey.AnswerAsync("/report/what-is-happening", a.Categories.Select(c => ("categories", c)).ToArray()));
        Expect("/report/where", await journey.AnswerAsync("/report/in-danger", ("danger", a.ImmediateRisk ? "yes" : "no")));
        Expect("/report/what-happened", await journey.AnswerWhereWhoWhenAsync(a.Platform, string.Join("\r\n", a.OtherPerson), a.StartedWhen));
        var next = await journey.AnswerAsync("/report/what-happened", ("narrative", a.Narrative));
        if (a.ChildFirstName is not null)
        {
            Expect("/report/about-the-child", next);
            next = await journey.AnswerAsync("/report/about-the-child", ("child-first-name", a.ChildFirstName), ("child-age", $"{a.ChildAge}"));
        }
        Expect("/report/about-you", next);
        next = a.ReporterAge is { } age
            ? await journey.AnswerAsync("/report/about-you", ("reporter-name", a.ReporterName), ("reporter-age", $"{age}"))
            : await journey.AnswerAsync("/report/about-you", ("reporter-name", a.ReporterName));
        Expect("/report/contact", next);
        var contact = new List<(string, string)> { ("email", a.Email ?? ""), ("phone", a.Phone ?? ""), ("safe-times", a.SafeTimes) };
        if (a.TextSafe) contact.Add(("text-safe", "true"));
        if (a.VoicemailSafe) contact.Add(("voicemail-safe", "true"));
        Expect("/report/check-answers", await journey.AnswerAsync("/report/contact", [.. contact]));
    }

    private static void Expect(string expected, string actual) => Assert.Equal(expected, actual);
}
