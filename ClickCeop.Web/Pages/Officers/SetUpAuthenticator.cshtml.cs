using System.Globalization;
using System.Text;
using ClickCeop.Web.Officers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using QRCoder;

namespace ClickCeop.Web.Pages.Officers;

/// <summary>TOTP enrolment: the secret as text and as a QR code drawn on the server (the console runs no script).</summary>
[EnableRateLimiting(OfficerSignIn.SignInLimit)]
public sealed class SetUpAuthenticatorModel(OfficerStore store, IOptions<OfficersOptions> options) : ConsolePageModel
{
    // Not "code": the shared error page binds a "code" value from a re-executed form post as its status code.
    [BindProperty(Name = "otp")] public string? Code { get; set; }

    public string SecretForDisplay { get; private set; } = "";
    public string QrSvg { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var officer = await PendingOfficerAsync();
        if (officer is not { MustChangePassword: false, TotpEnrolled: false })
        {
            return Redirect(officer is null ? OfficerSignIn.SignInPath : SignInModel.NextStep(officer));
        }
        await ShowSecretAsync(officer);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var officer = await PendingOfficerAsync();
        if (officer is not { MustChangePassword: false, TotpEnrolled: false })
        {
            return Redirect(officer is null ? OfficerSignIn.SignInPath : SignInModel.NextStep(officer));
        }
        if (await store.ConfirmEnrolmentAsync(officer.Id, Code, HttpContext.RequestAborted) != CodeCheck.Accepted)
        {
            await ShowSecretAsync(officer);
            return Invalid("code", string.IsNullOrWhiteSpace(Code)
                ? "Enter the 6-digit code from your authenticator app"
                : "The code is not right. Check the app shows ClickCeop and enter its current code");
        }
        var pending = await OfficerSignIn.PendingAsync(HttpContext);
        return await OfficerSignIn.CompleteAsync(HttpContext, store, officer)
            ? LocalRedirect(pending?.ReturnUrl ?? OfficerSignIn.HomePath)
            : Redirect(OfficerSignIn.SignInPath);
    }

    private async Task ShowSecretAsync(DutyOfficer officer)
    {
        var secret = await store.BeginEnrolmentAsync(officer.Id, HttpContext.RequestAborted);
        SecretForDisplay = string.Join(' ', secret.Chunk(4).Select(c => new string(c)));
        var issuer = Uri.EscapeDataString(options.Value.Issuer);
        var uri = $"otpauth://totp/{issuer}:{Uri.EscapeDataString(officer.Email)}?secret={secret}&issuer={issuer}&digits=6&period=30";
        QrSvg = Svg(uri);
    }

    /// <summary>
    /// Draws the QR matrix as one SVG path. Our own markup rather than QRCoder's SVG renderer, so it has no inline
    /// style (the CSP forbids it) and carries a text alternative.
    /// </summary>
    internal static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (matrix[y][x]) path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
            }
        }
        return $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="240" height="240" role="img" aria-label="QR code to add ClickCeop to your authenticator app" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#ffffff"/><path fill="#000000" d="{path}"/></svg>""";
    }

    private Task<DutyOfficer?> PendingOfficerAsync() => OfficerSignIn.PendingOfficerAsync(HttpContext, store);
}
