using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

public sealed class InDangerModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    /// <summary>In English, and keys of the words table: the pages that show them (this one, check answers) look them up.</summary>
    public static readonly (Reports.Danger Danger, string Label)[] Options =
    [
        (Reports.Danger.Yes, "Yes"),
        (Reports.Danger.No, "No"),
        (Reports.Danger.NotSure, "I am not sure"),
    ];

    protected override Step Step => Step.InDanger;

    /// <summary>
    /// A young person reporting about themselves is asked about themselves: they are the child. In English, a key of the
    /// words table, which the pages that show it look up.
    /// </summary>
    public static string Question(DraftAnswers a) =>
        a.IsYoungPerson ? "Are you in danger right now?" : a.IsForAFriend ? "Is your friend in danger right now?" : "Is a child in danger right now?";

    [BindProperty(Name = "danger")] public string? Danger { get; set; }

    public void OnGet() => Danger = Answers.Danger;

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Codes.TryParse<Reports.Danger>(Danger, out _))
        {
            AddError("danger", Answers.IsYoungPerson ? Words["Select yes if you are in danger right now"]
                : Answers.IsForAFriend ? Words["Select yes if your friend is in danger right now"]
                : Words["Select yes if a child is in danger right now"]);
            return Invalid();
        }
        Answers.Danger = Danger;
        return await SaveAndContinueAsync();
    }
}
