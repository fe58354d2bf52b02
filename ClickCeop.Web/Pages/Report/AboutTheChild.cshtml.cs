using System.Globalization;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

/// <summary>Asked of adults and of a young person reporting about a friend; one reporting about themselves skips it.</summary>
public sealed class AboutTheChildModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    public const int MaxName = 100;

    protected override Step Step => Step.AboutTheChild;

    /// <summary>"the child", or "your friend" to a young person reporting about one.</summary>
    public static string Who(DraftAnswers a) => a.IsForAFriend ? "your friend" : "the child";

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
        if (FirstName.Length == 0) AddError("child-first-name", $"Enter {Who(Answers)}'s first name");
        else if (FirstName.Length > MaxName) AddError("child-first-name", $"The first name must be {MaxName} characters or fewer");
        int? age = null;
        if (Age.Length > 0)
        {
            if (Ages.TryParseUnder18(Age, out var parsed)) age = parsed;
            else AddError("child-age", $"Enter {Who(Answers)}'s age as a number from 0 to 17, like 12");
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
