using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

public sealed class WhereModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    public const int MaxPlatform = 200;

    protected override Step Step => Step.Where;

    [BindProperty(Name = "platform")] public string? Platform { get; set; }

    // The badge's partner says where the reporter came from; they can change it.
    public void OnGet() => Platform = Answers.Platform ?? Draft.Partner;

    public async Task<IActionResult> OnPostAsync()
    {
        Platform = FreeText.Clean(Platform, singleLine: true);
        if (Platform.Length == 0) AddError("platform", Words["Enter the app, game or website where it happened"]);
        else if (Platform.Length > MaxPlatform) AddError("platform", Words["The app, game or website must be {0} characters or fewer", MaxPlatform]);
        if (Errors.Count > 0) return Invalid();

        Answers.Platform = Platform;
        return await SaveAndContinueAsync();
    }
}
