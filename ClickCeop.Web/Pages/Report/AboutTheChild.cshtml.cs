using System.Globalization;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

/// <summary>Asked of adults and of a young person reporting about a friend; one reporting about themselves skips it.</summary>
public sealed class AboutTheChildModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    public const int MaxName = 100;

    protected override Step Step => Step.AboutTheChild;

    [BindProperty(Name = "child-first-name")] public string? FirstName { get; set; }
    [BindProperty(Name = "child-age")] public string? Age { get; set; }

    public void OnGet()
    {
        FirstName = Answers.ChildFirstName;
        Age = Answers.ChildAge?.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        FirstName = FreeText.Clean(FirstName, singleLine: true);
        Age = FreeText.Clean(Age, singleLine: true);
        if (FirstName.Length == 0) AddError("child-first-name", Answers.IsForAFriend ? Words["Enter your friend's first name"] : Words["Enter the child's first name"]);
        else if (FirstName.Length > MaxName) AddError("child-first-name", Words["The first name must be {0} characters or fewer", MaxName]);
        int? age = null;
        if (Age.Length > 0)
        {
            if (Ages.TryParseUnder18(Age, out var parsed)) age = parsed;
            else AddError("child-age", Answers.IsForAFriend ? Words["Enter your friend's age as a number from 0 to 17, like 12"] : Words["Enter the child's age as a number from 0 to 17, like 12"]);
        }
        if (Errors.Count > 0) return Invalid();

        Answers.ChildFirstName = FirstName;
        Answers.ChildAge = age;
        return await SaveAndContinueAsync();
    }
}

public static class Ages
{
    public static bool TryParseUnder18(string text, out int age) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out age) && age is >= 0 and <= 17;
}
