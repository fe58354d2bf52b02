using ClickCeop.Web.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ClickCeop.Web.Pages.Officers;

/// <summary>Forced at first sign-in, after the one-time password: the only way past it is a password of one's own.</summary>
[EnableRateLimiting(OfficerSignIn.SignInLimit)]
public sealed class NewPasswordModel(OfficerStore store) : ConsolePageModel
{
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await PendingOfficerAsync() is { MustChangePassword: true } ? Page() : Redirect(OfficerSignIn.SignInPath);

    public async Task<IActionResult> OnPostAsync()
    {
        var officer = await PendingOfficerAsync();
        if (officer is not { MustChangePassword: true })
        {
            return Redirect(OfficerSignIn.SignInPath);
        }
        if (PasswordRules.Problem(NewPassword, officer.Email) is { } problem)
        {
            return Invalid("new-password", problem);
        }
        if (!string.Equals(NewPassword, ConfirmPassword, StringComparison.Ordinal))
        {
            return Invalid("confirm-password", "The passwords do not match. Enter the same password twice");
        }
        switch (await store.ChangePasswordAsync(officer, NewPassword!, HttpContext.RequestAborted))
        {
            case PasswordChange.SameAsBefore:
                return Invalid("new-password", "Choose a password of your own, not the one-time password you were given");
            case PasswordChange.AccountChanged:
                return Redirect(OfficerSignIn.SignInPath);
        }
        // Every other pending sign-in (the one-time password's) is now void; this browser proved the new password.
        // Counted from the officer as read before the change: if anyone else chose one meanwhile, this one is void too.
        var chosen = officer with { MustChangePassword = false, PasswordsChosen = officer.PasswordsChosen + 1 };
        await OfficerSignIn.SignInPendingAsync(HttpContext, chosen, (await OfficerSignIn.PendingAsync(HttpContext))?.ReturnUrl);
        return Redirect(SignInModel.NextStep(chosen));
    }

    private Task<DutyOfficer?> PendingOfficerAsync() => OfficerSignIn.PendingOfficerAsync(HttpContext, store);
}
