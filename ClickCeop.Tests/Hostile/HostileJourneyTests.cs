using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Hostile;

/// <summary>
/// Every field of every POST of the reporting form (and its /change variants), enumerated from the rendered form,
/// gets every hostile value; then whole-request attacks (tokens, extra and repeated fields, 2 MB). Each step is
/// reached legitimately first, by walking the journey.
/// </summary>
public sealed partial class HostileJourneyTests(HostileHost host, ITestOutputHelper output) : IClassFixture<HostileHost>
{
    private static readonly HttpStatusCode[] StepAnswers = [HttpStatusCode.SeeOther, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge];

    private JourneyClient NewJourney() => new(host.App.CreateBrowserlessClient());

    [Fact(Timeout = 120_000)]
    public async Task Every_field_of_every_journey_step_survives_every_hostile_value()
    {
        var findings = new Findings();

        var youngPerson = NewJourney();
        await YoungPersonToCheckAnswersAsync(youngPerson);
        foreach (var step in new[] { "who-are-you", "what-is-happening", "in-danger", "where", "other-person", "when-it-started", "what-happened", "about-you", "contact" })
        {
            await AttackStepAsync(findings, youngPerson, "/report/" + step);
            await AttackStepAsync(findings, youngPerson, "/report/" + step + "/change");
        }

        var parent = NewJourney();
        await ParentToCheckAnswersAsync(parent);
        await AttackStepAsync(findings, parent, "/report/about-the-child");
        await AttackStepAsync(findings, parent, "/report/about-the-child/change");
        await AttackStepAsync(findings, parent, "/report/about-you");

        var bullied = NewJourney();
        await bullied.StartAsync();
        await bullied.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        Assert.Equal("/report/advice", await bullied.AnswerAsync("/report/what-is-happening", ("categories", "bullying")));
        await AttackStepAsync(findings, bullied, "/report/advice");

        var sawImages = NewJourney();
        await sawImages.StartAsync();
        await sawImages.AnswerAsync("/report/who-are-you", ("role", "parent-or-carer"));
        Assert.Equal("/report/sexual-images-of-children", await sawImages.AnswerAsync("/report/what-is-happening", ("categories", "saw-sexual-images-of-children")));
        await AttackStepAsync(findings, sawImages, "/report/sexual-images-of-children");

        await AttackStartAsync(findings);

        findings.CheckLog("the log", host.App.Log);
        findings.AssertNone(output, "Journey steps");
    }

    [Fact(Timeout = 120_000)]
    public async Task Check_answers_submit_refuses_hostile_requests_then_stores_hostile_answers_exactly_and_keeps_them_out_of_mail_headers()
    {
        var findings = new Findings();
        var before = host.Sink.Accepted.Count;
        var journey = NewJourney();
        await journey.StartAsync(partner: "example-social");
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        await journey.AnswerAsync("/report/what-is-happening", ("categories", "asked-for-sexual-images"));
        await journey.AnswerAsync("/report/in-danger", ("danger", "yes"));
        await journey.AnswerWhereWhoWhenAsync(HostileValues.BreakOut, HostileValues.Script + "\r\n" + HostileValues.Sql, HostileValues.HeaderInjection);
        var narrative = "He said: " + HostileValues.Script + "\r\n\u0007\u001B" + HostileValues.RightToLeft + "\n" + HostileValues.HeaderInjection + "\n" + HostileValues.Sql;
        await journey.AnswerAsync("/report/what-happened", ("narrative", narrative));
        await journey.AnswerAsync("/report/about-you", ("reporter-name", "Sam " + HostileValues.RightToLeft + HostileValues.BreakOut), ("reporter-age", "13"));
        await journey.AnswerAsync("/report/contact", ("email", "o'brien+x@example.org"), ("safe-times", HostileValues.Sql));

        var check = await journey.GetAsync("/report/check-answers");
        findings.CheckBody("GET check-answers with hostile answers", check.Source.Text, check);
        var shown = check.QuerySelectorAll(".summary-list__value").Select(v => v.TextContent.Trim()).ToList();
        Assert.Contains(HostileValues.BreakOut, shown);
        Assert.Contains("Sam " + HostileValues.RightToLeft + HostileValues.BreakOut, shown);
        Assert.Contains(HostileValues.Sql, shown);

        // Refused: none of these may submit a report.
        var form = RawForm.Of(check);
        var token = form.ValueOf(RawForm.Antiforgery)!;
        foreach (var value in HostileValues.For(token.Length))
        {
            using var response = await form.Copy().Set(RawForm.Antiforgery, value.Encoded).PostAsync(journey.Client);
            await findings.CheckAsync($"POST check-answers {RawForm.Antiforgery} = {value.Label}", response, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge);
        }
        await AttackRequestAsync(findings, journey, "/report/check-answers", form, expectAccepted: false);
        Assert.DoesNotContain(JourneyClient.ReportRows(host.App.DatabasePath), r => (string?)r["platform"] == HostileValues.BreakOut);

        // Accepted: unknown extra fields do not stop a real submit.
        using (var sent = await form.Copy().Add("unexpected", HostileValues.Script).Add("code", "999").PostAsync(journey.Client))
        {
            await findings.CheckAsync("POST check-answers with unknown extra fields", sent, HttpStatusCode.SeeOther);
        }
        var reference = (await journey.GetAsync("/report/confirmation")).TextOf("#reference");

        var row = Assert.Single(JourneyClient.ReportRows(host.App.DatabasePath), r => (string?)r["reference"] == reference);
        Assert.Equal(HostileValues.BreakOut, row["platform"]);
        Assert.Equal(new[] { HostileValues.Script, HostileValues.Sql }, JsonSerializer.Deserialize<string[]>((string)row["other_person_identifiers"]!));
        Assert.Equal("x Bcc: evil@example.org Subject: hijacked", row["started_when"]);
        // Control characters go (CR, BEL, ESC), newlines stay: "kept exactly, minus control characters".
        Assert.Equal(narrative.Replace("\r", "").Replace("\u0007", "").Replace("\u001B", ""), row["narrative"]);
        Assert.Equal("Sam " + HostileValues.RightToLeft + HostileValues.BreakOut, row["reporter_name"]);
        Assert.Equal("o'brien+x@example.org", row["contact_email"]);
        Assert.Equal(HostileValues.Sql, row["safe_times"]);
        Assert.Equal("example-social", row["partner"]);

        // Both duty officers are alerted; the values are in the body (details on) but in no header.
        var mail = (await host.Sink.WaitForAsync(before + 2, TimeSpan.FromSeconds(30)))
            .Where(m => (m.Message.Subject ?? "").Contains(reference, StringComparison.Ordinal)).ToList();
        Assert.Equal([HostileHost.OfficerA, HostileHost.OfficerB], mail.SelectMany(m => m.Recipients).Order());
        string[] markers = ["<script", "alert(1)", "onerror", "DROP TABLE", "evil@example.org", "hijacked", "\u202E", "gnp.exe", "o'brien", "Sam "];
        foreach (var received in mail)
        {
            Assert.Contains("DROP TABLE", received.Message.TextBody);
            Assert.DoesNotContain("<script", received.Message.HtmlBody ?? "", StringComparison.OrdinalIgnoreCase);
            foreach (var marker in markers)
            {
                Assert.DoesNotContain(marker, received.RawHeaders, StringComparison.OrdinalIgnoreCase);
            }
            foreach (var header in received.Message.Headers)
            {
                foreach (var marker in markers) Assert.DoesNotContain(marker, header.Value, StringComparison.OrdinalIgnoreCase);
            }
            Assert.Contains(reference, received.Message.Subject);
            // One message per officer: To names exactly the one recipient, nobody is added through a header.
            Assert.Equal(received.Recipients, received.Message.To.Mailboxes.Select(m => m.Address));
            Assert.Empty(received.Message.Cc);
            Assert.Empty(received.Message.Bcc);
        }
        Assert.Equal(1, mail.Count(m => m.Recipients.Contains(HostileHost.OfficerA)));
        findings.CheckLog("the log", host.App.Log);
        findings.AssertNone(output, "Check answers submit");
    }

    private static async Task YoungPersonToCheckAnswersAsync(JourneyClient journey)
    {
        await journey.StartAsync(partner: "example-social");
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        await journey.AnswerAsync("/report/what-is-happening", ("categories", "asked-for-sexual-images"));
        await journey.AnswerAsync("/report/in-danger", ("danger", "no"));
        await journey.AnswerWhereWhoWhenAsync("Example Social", "@someone", "Last week");
        await journey.AnswerAsync("/report/what-happened", ("narrative", "He asked me for pictures."));
        await journey.AnswerAsync("/report/about-you", ("reporter-name", "Sam"), ("reporter-age", "13"));
        Assert.Equal("/report/check-answers", await journey.AnswerAsync("/report/contact", ("email", "sam@example.org"), ("safe-times", "After school")));
    }

    private static async Task ParentToCheckAnswersAsync(JourneyClient journey)
    {
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "parent-or-carer"));
        await journey.AnswerAsync("/report/what-is-happening", ("categories", "threat-to-share-images"));
        await journey.AnswerAsync("/report/in-danger", ("danger", "not-sure"));
        await journey.AnswerWhereWhoWhenAsync("Gamez", "xX_bad_Xx");
        await journey.AnswerAsync("/report/what-happened", ("narrative", "Threats to my son."));
        await journey.AnswerAsync("/report/about-the-child", ("child-first-name", "Alex"), ("child-age", "11"));
        await journey.AnswerAsync("/report/about-you", ("reporter-name", "Jo Bloggs"));
        Assert.Equal("/report/check-answers", await journey.AnswerAsync("/report/contact", ("phone", "07700 900123")));
    }

    /// <summary>The length limit to exceed 100 times: the form's maxlength, or the page's own limit for a textarea.</summary>
    private static int LimitOf(RawForm form, string name) =>
        form.MaxLengths.TryGetValue(name, out var max) ? max
        : name switch
        {
            "narrative" => Web.Pages.Report.WhatHappenedModel.MaxNarrative,
            "other-person" => Web.Pages.Report.OtherPersonModel.MaxOtherPerson,
            _ => 100,
        };

    private async Task AttackStepAsync(Findings findings, JourneyClient journey, string path)
    {
        var form = RawForm.Of(await journey.GetAsync(path));
        Assert.Contains(RawForm.Antiforgery, form.Names);
        foreach (var name in form.Names)
        {
            var kind = form.Kinds[name];
            foreach (var value in HostileValues.For(LimitOf(form, name)))
            {
                var what = $"POST {path} {name} = {value.Label}";
                using var response = await form.Copy().Set(name, value.Encoded).PostAsync(journey.Client);
                await findings.CheckAsync(what, response, StepAnswers);
                await CheckValidUtf8Async(findings, what, response);
                if (response.StatusCode != HttpStatusCode.SeeOther) continue;
                if (name == RawForm.Antiforgery) findings.Fail(what, "a hostile antiforgery token was accepted");
                else if (kind is "text" or "textarea") await ReadBackAsync(findings, journey, path, what, name, kind, value, LimitOf(form, name));
            }
            if (name != RawForm.Antiforgery)
            {
                // Repeated: the page's own value first, then a hostile one.
                var repeated = form.Copy().Remove(name).Add(name, form.ValueOf(name) ?? "true").Add(name, HostileValues.Script);
                using var response = await repeated.PostAsync(journey.Client);
                await findings.CheckAsync($"POST {path} {name} repeated", response, StepAnswers);
                await AnswersStayEncodedAsync(findings, journey, $"POST {path} {name} repeated");
            }
        }
        await AttackRequestAsync(findings, journey, path, form, expectAccepted: true);
    }

    /// <summary>Attacks on the request as a whole: tokens, unknown fields, a 2 MB body.</summary>
    private static async Task AttackRequestAsync(Findings findings, JourneyClient journey, string path, RawForm form, bool expectAccepted)
    {
        var client = journey.Client;
        using (var missing = await form.Copy().Remove(RawForm.Antiforgery).PostAsync(client))
        {
            await findings.CheckAsync($"POST {path} without an antiforgery token", missing, HttpStatusCode.BadRequest);
        }
        using (var wrong = await form.Copy().Set(RawForm.Antiforgery, "CfDJ8" + new string('A', 150)).PostAsync(client))
        {
            await findings.CheckAsync($"POST {path} with a wrong antiforgery token", wrong, HttpStatusCode.BadRequest);
        }
        using (var repeatedToken = await form.Copy().Add(RawForm.Antiforgery, form.ValueOf(RawForm.Antiforgery)!).PostAsync(client))
        {
            // Two tokens are not one valid token: refused, readably.
            await findings.CheckAsync($"POST {path} with the antiforgery token repeated", repeatedToken, HttpStatusCode.BadRequest);
        }
        // "code" is what the error page once read as its status code from a re-executed form.
        using (var refusedWithExtra = await form.Copy().Remove(RawForm.Antiforgery).Add("code", "999").Add("unexpected", HostileValues.Script).PostAsync(client))
        {
            await findings.CheckAsync($"POST {path} without a token, with extra fields code=999", refusedWithExtra, HttpStatusCode.BadRequest);
        }
        if (expectAccepted)
        {
            using var extra = await form.Copy().Add("unexpected", HostileValues.BreakOut).Add("code", "999").PostAsync(client);
            await findings.CheckAsync($"POST {path} with unknown extra fields", extra, HttpStatusCode.SeeOther, HttpStatusCode.BadRequest);
        }
        // The page's own valid token with a method no page takes. PAGE ?handler=HandlerExecution once called the journey
        // pages' filter override as a handler: an unhandled exception on demand.
        foreach (var (method, query) in new[] { ("PAGE", "handler=HandlerExecution"), ("PAGE", ""), ("FOO", "") })
        {
            using var odd = await form.Copy().SendAsync(client, method, query);
            await findings.CheckAsync($"{method} {path}{(query.Length > 0 ? "?" + query : "")} with the form", odd, HttpStatusCode.MethodNotAllowed);
        }
        using (var utf7 = await form.Copy().SendAsync(client, "POST", contentType: FormAttacks.Utf7))
        {
            await findings.CheckAsync($"POST {path} in charset UTF-7", utf7, HttpStatusCode.BadRequest);
        }
        var target = form.Names.FirstOrDefault(n => n != RawForm.Antiforgery) ?? "filler";
        using (var huge = await form.Copy().Set(target, Encoding.ASCII.GetBytes(new string('a', 2 * 1024 * 1024))).PostAsync(client))
        {
            await findings.CheckAsync($"POST {path} with a 2 MB body", huge, HttpStatusCode.RequestEntityTooLarge);
        }
    }

    /// <summary>The start button's form: no antiforgery by design, one hidden field (partner). Each post starts a new draft.</summary>
    private async Task AttackStartAsync(Findings findings)
    {
        var journey = NewJourney();
        var form = RawForm.Of(await journey.GetAsync("/report?partner=example-social"));
        Assert.Equal(["partner"], form.Names);
        foreach (var value in HostileValues.For(64))
        {
            var what = $"POST /report partner = {value.Label}";
            using var response = await form.Copy().Set("partner", value.Encoded).PostAsync(journey.Client);
            await findings.CheckAsync(what, response, HttpStatusCode.SeeOther, HttpStatusCode.RequestEntityTooLarge);
            if (response.StatusCode != HttpStatusCode.SeeOther) continue;
            // A partner that is not slug-shaped is dropped, never echoed: the first question shows no trace of it.
            using var first = await journey.Client.GetAsync("/report/who-are-you");
            await findings.CheckAsync(what + " (first question)", first, HttpStatusCode.OK);
        }
        using (var repeated = await form.Copy().Add("partner", HostileValues.Script).PostAsync(journey.Client))
        {
            await findings.CheckAsync("POST /report partner repeated", repeated, HttpStatusCode.SeeOther);
        }
        using (var extra = await form.Copy().Add("code", "999").Add("unexpected", HostileValues.BreakOut).PostAsync(journey.Client))
        {
            await findings.CheckAsync("POST /report with unknown extra fields", extra, HttpStatusCode.SeeOther);
        }
        using (var utf7 = await form.Copy().SendAsync(journey.Client, "POST", contentType: FormAttacks.Utf7))
        {
            // No token to refuse: it starts, with the unreadable partner dropped.
            await findings.CheckAsync("POST /report in charset UTF-7", utf7, HttpStatusCode.SeeOther);
        }
        using (var huge = await form.Copy().Set("partner", Encoding.ASCII.GetBytes(new string('a', 2 * 1024 * 1024))).PostAsync(journey.Client))
        {
            await findings.CheckAsync("POST /report with a 2 MB body", huge, HttpStatusCode.RequestEntityTooLarge);
        }
    }

    /// <summary>An accepted value is shown back exactly as the policy stores it, and encoded (no element injected).</summary>
    private static async Task ReadBackAsync(Findings findings, JourneyClient journey, string path, string what, string name, string kind, HostileValue value, int limit)
    {
        if (value.Label.StartsWith("overlong", StringComparison.Ordinal)) findings.Fail(what, $"{value.Encoded.Length} characters accepted over a limit of {limit}");
        var page = await journey.GetAsync(path);
        findings.CheckBody(what + " (read back)", page.Source.Text, page);
        var field = page.QuerySelector($"main form [name='{name}']");
        var shown = field switch
        {
            IHtmlTextAreaElement area => area.Value,
            IHtmlInputElement input => input.Value,
            _ => null,
        };
        if (value.Decoded is { } typed)
        {
            var expected = Stored(kind, name, typed);
            if (shown != expected) findings.Fail(what, $"read back {Show(shown)}, expected {Show(expected)}");
        }
        else if (shown is null || !UnreadableBytes().IsMatch(shown))
        {
            findings.Fail(what, $"invalid bytes read back as {Show(shown)}, expected a, replacement characters or the escapes as typed, b");
        }
        await AnswersStayEncodedAsync(findings, journey, what);
    }

    private static async Task AnswersStayEncodedAsync(Findings findings, JourneyClient journey, string what)
    {
        using var response = await journey.Client.GetAsync("/report/check-answers");
        if (response.StatusCode != HttpStatusCode.OK) return;
        var page = await Html.ParseAsync(response);
        findings.CheckBody(what + " (check answers)", page.Source.Text, page);
    }

    private static async Task CheckValidUtf8Async(Findings findings, string what, HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            findings.Fail(what, "the response body is not valid UTF-8");
        }
    }

    /// <summary>
    /// The house rule for free text: kept exactly, minus control characters; newline and tab stay in a textarea and
    /// become spaces in a one-line field, which is trimmed. Usernames are one per line, each trimmed, blanks dropped.
    /// </summary>
    private static string Stored(string kind, string name, string typed)
    {
        var kept = new string(typed.Where(c => c is '\n' or '\t' || !char.IsControl(c)).ToArray());
        if (kind != "textarea") return kept.Replace('\n', ' ').Replace('\t', ' ').Trim();
        return name == "other-person"
            ? string.Join("\n", kept.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0))
            : kept;
    }

    private static string Show(string? value) => value is null ? "(no field)" : JsonSerializer.Serialize(value);

    /// <summary>Bytes that are not UTF-8 come back as U+FFFD, or, when they came as %XX escapes, as those escapes verbatim.</summary>
    [GeneratedRegex("^a(\uFFFD|\\(|%[0-9A-F]{2})+b$")]
    private static partial Regex UnreadableBytes();
}
