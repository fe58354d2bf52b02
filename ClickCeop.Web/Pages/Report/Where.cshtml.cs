using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

public sealed class WhereModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    public const int MaxPlatform = 200;
    public const int MaxOtherPerson = 2000;
    public const int MaxStartedWhen = 200;

    protected override Step Step => Step.Where;

    [BindProperty(Name = "platform")] public string? Platform { get; set; }
    [BindProperty(Name = "other-person")] public string? OtherPerson { get; set; }
    [BindProperty(Name = "started-when")] public string? StartedWhen { get; set; }

    public void OnGet()
    {
        // The badge's partner says where the reporter came from; they can change it.
        Platform = Answers.Platform ?? Draft.Partner;
        OtherPerson = Answers.OtherPerson is null ? null : string.Join("\n", Answers.OtherPerson);
        StartedWhen = Answers.StartedWhen;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Platform = FreeText.Clean(Platform, singleLine: true);
        OtherPerson = FreeText.Clean(OtherPerson, singleLine: false);
        StartedWhen = FreeText.Clean(StartedWhen, singleLine: true);
        var identifiers = OtherPerson.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();

        if (Platform.Length == 0) AddError("platform", "Enter the app, game or website where it happened");
        else if (Platform.Length > MaxPlatform) AddError("platform", $"The app or website must be {MaxPlatform} characters or fewer");
        if (identifiers.Count == 0) AddError("other-person", "Enter the other person's username or a link to their profile");
        else if (OtherPerson.Length > MaxOtherPerson) AddError("other-person", $"Usernames and links must be {MaxOtherPerson:N0} characters or fewer");
        if (StartedWhen.Length > MaxStartedWhen) AddError("started-when", $"When it started must be {MaxStartedWhen} characters or fewer");
        if (Errors.Count > 0) return Invalid();

        Answers.Platform = Platform;
        Answers.OtherPerson = identifiers;
        Answers.StartedWhen = StartedWhen.Length == 0 ? null : StartedWhen;
        return await SaveAndContinueAsync();
    }
}
