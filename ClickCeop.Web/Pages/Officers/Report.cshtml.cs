using System.Diagnostics.CodeAnalysis;
using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClickCeop.Web.Pages.Officers;

/// <summary>
/// One report, every answer, and what officers did with it. Each view and each action is audited; the id in the
/// address is the report's random id, and anything that is not an existing report is a plain 404.
/// </summary>
public sealed class ReportModel(CaseStore cases) : ConsolePageModel
{
    [FromRoute(Name = "id")] public string Id { get; set; } = "";

    [BindProperty] public string? NewStatus { get; set; }
    [BindProperty] public string? OutcomeNote { get; set; }
    [BindProperty] public string? Note { get; set; }

    /// <summary>The key of the note or status form that was posted: the same form posted twice is done once.</summary>
    [BindProperty(Name = "formKey")] public string? PostedFormKey { get; set; }

    /// <summary>A fresh key for the page's note and status forms each time it is shown, so what is posted from it is new.</summary>
    public string FormKey { get; } = ReferenceNumber.NewId();

    /// <summary>The owner the page showed when Take ownership was pressed (empty: nobody).</summary>
    [BindProperty(Name = "owner")] public string? ShownOwner { get; set; }

    public Reports.Report Report { get; private set; } = null!;
    public CaseState Case { get; private set; } = null!;
    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];
    public IReadOnlyList<ReportStatus> NextStatuses => CaseStore.NextStatuses(Report.Status).Where(s => s != ReportStatus.Acknowledged).ToList();
    public bool IsOwner => Case.OwnerOfficerId == User.OfficerId();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!WellFormed(Id)) return NotFound();
        var opened = await cases.OpenAsync(Id, User.OfficerId()!, HttpContext.RequestAborted);
        if (opened is null) return NotFound();
        (Report, Case, Audit) = opened.Value;
        return Page();
    }

    public Task<IActionResult> OnPostAcknowledgeAsync() =>
        ActAsync(() => cases.AcknowledgeAsync(Id, User.OfficerId()!, HttpContext.RequestAborted), "acknowledge", "This report has already been acknowledged");

    public Task<IActionResult> OnPostTakeOwnershipAsync() =>
        ActAsync(() => cases.TakeOwnershipAsync(Id, User.OfficerId()!, string.IsNullOrEmpty(ShownOwner) ? null : ShownOwner, HttpContext.RequestAborted),
            "take-ownership", () => IsOwner ? "You own this report already" : "You cannot take ownership of this report");

    public async Task<IActionResult> OnPostStatusAsync()
    {
        var answer = await ChangeStatusAsync();
        if (answer is PageResult && NextStatuses.Count == 0)
        {
            // A colleague closed or referred it while this officer chose a status or wrote an outcome: the status form
            // has gone, so whatever was wrong with the post (no outcome note yet, one too long, a move no longer
            // allowed), they are told who finished the report, and what they wrote goes into the note box rather than
            // nowhere.
            var by = Audit.FirstOrDefault(a => a.Action == "status-changed")?.OfficerName ?? "Another officer";
            var finished = $"{by} {CaseStore.Describe(Report.Status).ToLowerInvariant()} this report";
            Errors.Clear();
            if (string.IsNullOrWhiteSpace(OutcomeNote))
            {
                Errors.Add(("status", $"{finished}, so its status can no longer be changed"));
            }
            else
            {
                Note = OutcomeNote;
                Errors.Add(("note", $"{finished} while you were writing. What you wrote is in the note box: add it as a note if it is still needed"));
            }
        }
        return answer;
    }

    private async Task<IActionResult> ChangeStatusAsync()
    {
        if (!Codes.TryParse<ReportStatus>(NewStatus, out var to))
        {
            return await InvalidAsync("new-status", "Select the new status");
        }
        if (CaseStore.NeedsOutcomeNote(to) && string.IsNullOrWhiteSpace(OutcomeNote))
        {
            return await InvalidAsync("outcome-note", "Enter an outcome note: what was done and why");
        }
        if (OutcomeNote?.Length > CaseStore.MaxNoteLength)
        {
            return await InvalidAsync("outcome-note", $"Outcome note must be {CaseStore.MaxNoteLength} characters or fewer");
        }
        return await ActAsync(() => cases.ChangeStatusAsync(Id, User.OfficerId()!, to, OutcomeNote, PostedKey, HttpContext.RequestAborted),
            "new-status", "That status change is not allowed from the report's current status");
    }

    public Task<IActionResult> OnPostNoteAsync() =>
        string.IsNullOrWhiteSpace(Note) ? InvalidAsync("note", "Enter the note")
        : Note.Length > CaseStore.MaxNoteLength ? InvalidAsync("note", $"Note must be {CaseStore.MaxNoteLength} characters or fewer")
        : ActAsync(() => cases.AddNoteAsync(Id, User.OfficerId()!, Note, PostedKey, HttpContext.RequestAborted),
            "note", "The note could not be added");

    private Task<IActionResult> ActAsync(Func<Task<CaseActionResult>> action, string field, string notAllowed) => ActAsync(action, field, () => notAllowed);

    /// <param name="notAllowed">Worded from the report as it is now (a double press finds the officer already the owner).</param>
    private async Task<IActionResult> ActAsync(Func<Task<CaseActionResult>> action, string field, Func<string> notAllowed)
    {
        if (!WellFormed(Id)) return NotFound();
        return await action() switch
        {
            CaseActionResult.Done => Redirect($"/officers/reports/{Id}"),
            CaseActionResult.NotFound => NotFound(),
            // The page shown again names the new owner, and its form now carries them: pressing again takes it over knowingly.
            CaseActionResult.OwnerChanged => await InvalidAsync(field, () => Case.OwnerName is { } owner
                ? $"{owner} took ownership of this report first. To take it from them, select Take ownership again"
                : "The report's owner has changed since the page was shown. Check the owner, then select Take ownership again"),
            _ => await InvalidAsync(field, notAllowed),
        };
    }

    private Task<IActionResult> InvalidAsync(string field, string message) => InvalidAsync(field, () => message);

    /// <summary>
    /// Shows the report again with the problem, worded from the report as it is now. Opening it to show the error is a
    /// view, and is audited like one.
    /// </summary>
    private async Task<IActionResult> InvalidAsync(string field, Func<string> message)
    {
        if (!WellFormed(Id)) return NotFound();
        var opened = await cases.OpenAsync(Id, User.OfficerId()!, HttpContext.RequestAborted);
        if (opened is null) return NotFound();
        (Report, Case, Audit) = opened.Value;
        return Invalid(OnThePage(field), message());
    }

    /// <summary>
    /// Where an error's link goes: its form, or, when the report has moved on and the form is no longer shown, the line
    /// of the case that says why (an error summary link must land on something).
    /// </summary>
    private string OnThePage(string field) => field switch
    {
        "acknowledge" when Report.Status != ReportStatus.New => "acknowledged",
        "take-ownership" when IsOwner || Report.Status is ReportStatus.Referred or ReportStatus.Closed => "owner",
        "new-status" when NextStatuses.Count == 0 => "status",
        _ => field,
    };

    // A hand-made post may carry anything there: only a key the page could have made counts.
    private string? PostedKey => WellFormed(PostedFormKey) ? PostedFormKey : null;

    // Ids are 32 lower-case hex characters (ReferenceNumber.NewId); anything else cannot be a report.
    private static bool WellFormed([NotNullWhen(true)] string? id) => id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static string YesNo(bool value) => value ? "Yes" : "No";

    public static string Describe(Danger danger) => danger switch
    {
        Danger.Yes => "Yes – may be in danger right now",
        Danger.No => "No",
        Danger.NotSure => "Not sure",
        _ => Codes.Of(danger),
    };
}
