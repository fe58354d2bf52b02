using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

/// <summary>The one optional question: left empty, the report says "Not given".</summary>
public sealed class WhenItStartedModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    public const int MaxStartedWhen = 200;

    protected override Step Step => Step.WhenItStarted;

    [BindProperty(Name = "started-when")] public string? StartedWhen { get; set; }

    public void OnGet() => StartedWhen = Answers.StartedWhen;

    public async Task<IActionResult> OnPostAsync()
    {
        StartedWhen = FreeText.Clean(StartedWhen, singleLine: true);
        if (StartedWhen.Length > MaxStartedWhen) AddError("started-when", Words["When it started must be {0} characters or fewer", MaxStartedWhen]);
        if (Errors.Count > 0) return Invalid();

        Answers.StartedWhen = StartedWhen.Length == 0 ? null : StartedWhen;
        Answers.StartedWhenDone = true;
        return await SaveAndContinueAsync();
    }
}
