using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

/// <summary>Bullying or a hacked/fake account only: who can help with that, and a way on to CEOP anyway.</summary>
public sealed class AdviceModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    protected override Step Step => Step.Advice;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Answers.AdviceSeen = true;
        return await SaveAndContinueAsync();
    }
}
