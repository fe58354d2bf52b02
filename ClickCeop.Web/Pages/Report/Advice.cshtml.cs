using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// Nothing for CEOP, but bullying or a hacked/fake account: who can help with that, and a way on to CEOP anyway. Sexual
/// pictures of children ticked as well skip the IWF's own page (Journey.NeedsIwf), so the IWF is named here.
/// </summary>
public sealed class AdviceModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    protected override Step Step => Step.Advice;

    public bool SawSexualImages => Answers.ParsedCategories().Contains(Category.SawSexualImagesOfChildren);

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Answers.AdviceSeen = true;
        return await SaveAndContinueAsync();
    }
}
