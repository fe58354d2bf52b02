using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

public sealed class InDangerModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    public static readonly (Reports.Danger Danger, string Label)[] Options =
    [
        (Reports.Danger.Yes, "Yes"),
        (Reports.Danger.No, "No"),
        (Reports.Danger.NotSure, "I am not sure"),
    ];

    protected override Step Step => Step.InDanger;

    /// <summary>A young person reporting about themselves is asked about themselves: they are the child.</summary>
    public static string Question(DraftAnswers a) =>
        a.IsYoungPerson ? "Are you in danger right now?" : a.IsForAFriend ? "Is your friend in danger right now?" : "Is a child in danger right now?";

    [BindProperty(Name = "danger")] public string? Danger { get; set; }

    public void OnGet() => Danger = Answers.Danger;

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Codes.TryParse<Reports.Danger>(Danger, out _))
        {
            AddError("danger", $"Select yes if {(Answers.IsYoungPerson ? "you are" : Answers.IsForAFriend ? "your friend is" : "a child is")} in danger right now");
            return Invalid();
        }
        Answers.Danger = Danger;
        return await SaveAndContinueAsync();
    }
}
