using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// The answers in a summary list, each with a Change link, and the submit. The report is committed
/// (ReportStore.SubmitAsync, keyed by the draft's id so a double submit finds the same row, the draft's answers
/// wiped in the same transaction) before the confirmation is shown.
/// </summary>
public sealed class CheckAnswersModel(DraftStore drafts, ReportStore reports, TimeProvider time) : JourneyPageModel(drafts)
{
    protected override Step Step => Step.CheckAnswers;

    public IReadOnlyList<(string Question, string Answer, Step Step)> Rows { get; private set; } = [];

    public void OnGet() => Rows = BuildRows(Answers);

    public async Task<IActionResult> OnPostAsync()
    {
        var report = Answers.ToReport(Draft.Partner, time.GetUtcNow());
        try
        {
            await reports.SubmitAsync(report, Draft.Id, HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            // Sending again is safe: the draft's id finds a report that did get stored.
            Rows = BuildRows(Answers);
            return this.NotStored(e, "Your report has not been sent yet", "Your answers are still here. Wait a minute, then press Send report again.");
        }
        return SeeOther(Journey.Confirmation);
    }

    private static List<(string, string, Step)> BuildRows(DraftAnswers a)
    {
        string Label<T>(IEnumerable<(T Value, string Label)> options, string? code) where T : struct, Enum =>
            options.FirstOrDefault(o => Codes.Of(o.Value) == code).Label ?? "";

        var rows = new List<(string, string, Step)>
        {
            ("Who you are", Label(WhoAreYouModel.Options, a.Role), Step.WhoAreYou),
            ("What is happening", string.Join("\n", (a.Categories ?? []).Select(c => Label(WhatIsHappeningModel.Options, c))), Step.WhatIsHappening),
            (InDangerModel.Question(a).TrimEnd('?'), Label(InDangerModel.Options, a.Danger), Step.InDanger),
            ("App, game or website", a.Platform ?? "", Step.Where),
            ("The other person", string.Join("\n", a.OtherPerson ?? []), Step.OtherPerson),
            ("When it started", a.StartedWhen ?? "Not given", Step.WhenItStarted),
            ("What happened", a.Narrative ?? "", Step.WhatHappened),
        };
        if (!a.IsYoungPerson)
        {
            var who = a.IsForAFriend ? "Your friend" : "The child";
            rows.Add(($"{who}'s first name", a.ChildFirstName ?? "", Step.AboutTheChild));
            rows.Add(($"{who}'s age", a.ChildAge?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "Not given", Step.AboutTheChild));
        }
        rows.Add(("Your name", a.ReporterName ?? "", Step.AboutYou));
        if (a.IsUnder18)
        {
            rows.Add(("Your age", a.ReporterAge?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Step.AboutYou));
        }
        rows.Add(("Email address", a.Email ?? "Not given", Step.Contact));
        rows.Add(("Phone number", a.Phone ?? "Not given", Step.Contact));
        rows.Add(("Safe to send a text", a.TextSafe == true ? "Yes" : "No", Step.Contact));
        rows.Add(("Safe to leave a voicemail", a.VoicemailSafe == true ? "Yes" : "No", Step.Contact));
        rows.Add(("When it is safe to call", a.SafeTimes ?? "Not given", Step.Contact));
        return rows;
    }
}
