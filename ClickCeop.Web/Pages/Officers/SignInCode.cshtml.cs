using ClickCeop.Web.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ClickCeop.Web.Pages.Officers;

[EnableRateLimiting(OfficerSignIn.SignInLimit)]
public sealed class SignInCodeModel(OfficerStore store) : ConsolePageModel
{
    // Not "code": the shared error page binds a "code" value from a re-executed form post as its status code.
    [BindProperty(Name = "otp")] public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await PendingOfficerAsync() is { } officer && SignInModel.NextStep(officer) == "/officers/sign-in/code" ? Page() : Redirect(OfficerSignIn.SignInPath);

    public async Task<IActionResult> OnPostAsync()
    {
        var pending = await OfficerSignIn.PendingAsync(HttpContext);
        var officer = await PendingOfficerAsync();
        if (pending is null || officer is null || SignInModel.NextStep(officer) != "/officers/sign-in/code")
        {
            return Redirect(OfficerSignIn.SignInPath);
        }
        if (string.IsNullOrWhiteSpace(Code))
        {
            return Invalid("code", "Enter the 6-digit code from your authenticator app");
        }
        if (await store.CheckCodeAsync(officer.Id, Code, KnownBrowser.IdOf(HttpContext), HttpContext.RequestAborted) != CodeCheck.Accepted)
        {
            return Invalid("code", "The code is not right or has been used already. Wait for the next code and try again");
        }
        return await OfficerSignIn.CompleteAsync(HttpContext, store, officer)
            ? LocalRedirect(pending.Value.ReturnUrl)
            : Redirect(OfficerSignIn.SignInPath);
    }

    private Task<DutyOfficer?> PendingOfficerAsync() => OfficerSignIn.PendingOfficerAsync(HttpContext, store);
}
