using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

public sealed class OtherPersonModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    public const int MaxOtherPerson = 2000;

    protected override Step Step => Step.OtherPerson;

    [BindProperty(Name = "other-person")] public string? OtherPerson { get; set; }

    public void OnGet() => OtherPerson = Answers.OtherPerson is null ? null : string.Join("\n", Answers.OtherPerson);

    public async Task<IActionResult> OnPostAsync()
    {
        OtherPerson = FreeText.Clean(OtherPerson, singleLine: false);
        // One username or link per line; blank lines are not identifiers.
        var identifiers = OtherPerson.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        if (identifiers.Count == 0) AddError("other-person", Words["Enter the other person's username or a link to their profile"]);
        else if (OtherPerson.Length > MaxOtherPerson) AddError("other-person", Words["Usernames and links must be {0} characters or fewer", Count(MaxOtherPerson)]);
        if (Errors.Count > 0) return Invalid();

        Answers.OtherPerson = identifiers;
        return await SaveAndContinueAsync();
    }
}
