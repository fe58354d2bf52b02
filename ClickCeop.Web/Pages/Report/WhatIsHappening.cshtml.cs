using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

public sealed class WhatIsHappeningModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    /// <summary>In English, and keys of the words table: the pages that show them (this one, check answers) look them up.</summary>
    public static readonly (Category Category, string Label)[] Options =
    [
        (Category.AskedForSexualImages, "Someone asked for sexual pictures or videos"),
        (Category.SentSexualMessages, "Someone sent sexual messages or pictures"),
        (Category.WantsToMeet, "Someone wants to meet up"),
        (Category.ThreatToShareImages, "Someone is threatening to share pictures unless something is done"),
        (Category.SexualTalk, "Someone talked about sex in a way that felt uncomfortable"),
        (Category.Bullying, "Being bullied"),
        (Category.HackedOrFakeAccount, "An account was hacked, or there is a fake profile"),
        (Category.SawSexualImagesOfChildren, "I saw sexual pictures of children online"),
        (Category.SomethingElse, "Something else"),
    ];

    protected override Step Step => Step.WhatIsHappening;

    [BindProperty(Name = "categories")] public List<string> Categories { get; set; } = [];

    public void OnGet() => Categories = Answers.Categories ?? [];

    public async Task<IActionResult> OnPostAsync()
    {
        var chosen = Options.Select(o => Codes.Of(o.Category)).Where(Categories.Contains).ToList();
        if (chosen.Count == 0)
        {
            AddError("categories", Words["Select at least one thing that is happening"]);
            return Invalid();
        }
        Answers.Categories = chosen;
        return await SaveAndContinueAsync();
    }
}
