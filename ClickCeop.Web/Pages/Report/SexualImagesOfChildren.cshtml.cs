using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

/// <summary>Sexual pictures of children seen online go to the IWF; a way on if someone also contacted a child.</summary>
public sealed class SexualImagesOfChildrenModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    protected override Step Step => Step.SexualImagesOfChildren;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Answers.IwfSeen = true;
        return await SaveAndContinueAsync();
    }
}
