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
        var report = Answers.ToReport(Draft.Partner, time.GetUtcNow(), Site.Words.Language);
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

    /// <summary>
    /// Every question and answer in the reporter's language. The labels of the choices are the English the question
    /// pages define (WhoAreYouModel.Options and the like), looked up in the words table here; what was typed is shown
    /// as it was typed.
    /// </summary>
    private List<(string, string, Step)> BuildRows(DraftAnswers a)
    {
        string Label<T>(IEnumerable<(T Value, string Label)> options, string? code) where T : struct, Enum =>
            options.FirstOrDefault(o => Codes.Of(o.Value) == code).Label is { } label ? Words[label] : "";
        var notGiven = Words["Not given"].Value;
        string YesOrNo(bool? safe) => safe == true ? Words["Yes"] : Words["No"];
        var forAFriend = a.IsForAFriend;

        var rows = new List<(string, string, Step)>
        {
            (Words["Who you are"], Label(WhoAreYouModel.Options, a.Role), Step.WhoAreYou),
            (Words["What is happening"], string.Join("\n", (a.Categories ?? []).Select(c => Label(WhatIsHappeningModel.Options, c))), Step.WhatIsHappening),
            // The in-danger question as that page asks it (the same sentence of the table), without its question mark.
            (Words[InDangerModel.Question(a)].Value.TrimEnd('?'), Label(InDangerModel.Options, a.Danger), Step.InDanger),
            (Words["App, game or website"], a.Platform ?? "", Step.Where),
            (Words["The other person"], string.Join("\n", a.OtherPerson ?? []), Step.OtherPerson),
            (Words["When it started"], a.StartedWhen ?? notGiven, Step.WhenItStarted),
            (Words["What happened"], a.Narrative ?? "", Step.WhatHappened),
        };
        if (!a.IsYoungPerson)
        {
            rows.Add((forAFriend ? Words["Your friend's first name"] : Words["The child's first name"], a.ChildFirstName ?? "", Step.AboutTheChild));
            rows.Add((forAFriend ? Words["Your friend's age"] : Words["The child's age"], a.ChildAge?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? notGiven, Step.AboutTheChild));
        }
        rows.Add((Words["Your name"], a.ReporterName ?? "", Step.AboutYou));
        if (a.IsUnder18)
        {
            rows.Add((Words["Your age"], a.ReporterAge?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Step.AboutYou));
        }
        rows.Add((Words["Email address"], a.Email ?? notGiven, Step.Contact));
        rows.Add((Words["Phone number"], a.Phone ?? notGiven, Step.Contact));
        rows.Add((Words["Safe to send a text"], YesOrNo(a.TextSafe), Step.Contact));
        rows.Add((Words["Safe to leave a voicemail"], YesOrNo(a.VoicemailSafe), Step.Contact));
        rows.Add((Words["When it is safe to call"], a.SafeTimes ?? notGiven, Step.Contact));
        return rows;
    }
}
