using ClickCeop.Web.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Pages.Officers;

[EnableRateLimiting(OfficerSignIn.SignInLimit)]
public sealed class SignInModel(OfficerStore store, IOptions<OfficersOptions> options) : ConsolePageModel
{
    /// <summary>One message for every failure, so the form never tells anyone whether an address has an account.</summary>
    public const string Rejected = "The email address or password is not right, or the account is locked. Check them and try again";

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [FromQuery(Name = "returnUrl")] public string? ReturnUrl { get; set; }

    public OfficersOptions Limits => options.Value;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email)) Errors.Add(("email", "Enter your email address"));
        if (string.IsNullOrEmpty(Password)) Errors.Add(("password", "Enter your password"));
        if (Errors.Count > 0) return Invalid();

        var (result, officer) = await store.CheckPasswordAsync(Email, Password, KnownBrowser.IdOf(HttpContext), HttpContext.RequestAborted);
        if (result != PasswordCheck.Accepted || officer is null)
        {
            return Invalid("email", Rejected);
        }
        await OfficerSignIn.SignInPendingAsync(HttpContext, officer, ReturnUrl);
        return Redirect(NextStep(officer));
    }

    /// <summary>Where a password-checked officer goes next: a forced new password, enrolment, or the code.</summary>
    internal static string NextStep(DutyOfficer officer) =>
        officer.MustChangePassword ? "/officers/new-password"
        : !officer.TotpEnrolled ? "/officers/set-up-authenticator"
        : "/officers/sign-in/code";
}
