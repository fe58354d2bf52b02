using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

public sealed class WhoAreYouModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    /// <summary>In English, and keys of the words table: the pages that show them (this one, check answers) look them up.</summary>
    public static readonly (ReporterRole Role, string Label)[] Options =
    [
        (ReporterRole.YoungPerson, "I am under 18 and this is about me"),
        (ReporterRole.YoungPersonForAFriend, "I am under 18 and this is about a friend"),
        (ReporterRole.ParentOrCarer, "I am a parent or carer"),
        (ReporterRole.WorriedAdult, "I am another adult worried about a child"),
        (ReporterRole.Professional, "I am a professional, like a teacher or social worker"),
    ];

    protected override Step Step => Step.WhoAreYou;

    [BindProperty(Name = "role")] public string? Role { get; set; }

    public void OnGet() => Role = Answers.Role;

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Codes.TryParse<ReporterRole>(Role, out _))
        {
            AddError("role", Words["Select who you are"]);
            return Invalid();
        }
        Answers.Role = Role;
        return await SaveAndContinueAsync();
    }
}
