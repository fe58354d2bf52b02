using System.Globalization;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

public sealed class AboutYouModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    public const int MaxName = 100;

    protected override Step Step => Step.AboutYou;

    [BindProperty(Name = "reporter-name")] public string? Name { get; set; }
    [BindProperty(Name = "reporter-age")] public string? Age { get; set; }

    public void OnGet()
    {
        Name = Answers.ReporterName;
        Age = Answers.ReporterAge?.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Name = FreeText.Clean(Name, singleLine: true);
        Age = FreeText.Clean(Age, singleLine: true);
        if (Name.Length == 0) AddError("reporter-name", Words["Enter your name"]);
        else if (Name.Length > MaxName) AddError("reporter-name", Words["Your name must be {0} characters or fewer", MaxName]);
        int? age = null;
        if (Answers.IsUnder18)
        {
            if (Age.Length == 0) AddError("reporter-age", Words["Enter your age, like 13"]);
            else if (Ages.TryParseUnder18(Age, out var parsed)) age = parsed;
            else AddError("reporter-age", Words["Enter your age as a number under 18, like 13"]);
        }
        if (Errors.Count > 0) return Invalid();

        Answers.ReporterName = Name;
        Answers.ReporterAge = age;
        Answers.AboutYouDone = true;
        return await SaveAndContinueAsync();
    }
}
