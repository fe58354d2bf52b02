using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

public sealed class WhatHappenedModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    public const int MaxNarrative = 5000;

    protected override Step Step => Step.WhatHappened;

    /// <summary>A young person whose own pictures were asked for or threatened: Report Remove can take them down.</summary>
    public bool ShowsReportRemove =>
        Answers.IsYoungPerson && Answers.ParsedCategories().Any(c => c is Category.AskedForSexualImages or Category.ThreatToShareImages);

    [BindProperty(Name = "narrative")] public string? Narrative { get; set; }

    public void OnGet() => Narrative = Answers.Narrative;

    public async Task<IActionResult> OnPostAsync()
    {
        Narrative = FreeText.Clean(Narrative, singleLine: false);
        if (string.IsNullOrWhiteSpace(Narrative)) AddError("narrative", Words["Tell us what happened"]);
        else if (Narrative.Length > MaxNarrative) AddError("narrative", Words["What happened must be {0} characters or fewer. You have {1}.", Count(MaxNarrative), Count(Narrative.Length)]);
        if (Errors.Count > 0) return Invalid();

        Answers.Narrative = Narrative;
        return await SaveAndContinueAsync();
    }
}
