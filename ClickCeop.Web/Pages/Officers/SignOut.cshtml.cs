using ClickCeop.Web.Officers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ClickCeop.Web.Pages.Officers;

/// <summary>Signing out ends the session row on the server, so a copied cookie is worthless afterwards.</summary>
public sealed class SignOutModel(OfficerStore store) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.SessionId() is { } session)
        {
            await store.EndSessionAsync(session, HttpContext.RequestAborted);
        }
        await HttpContext.SignOutAsync(OfficerSignIn.Scheme);
        return Redirect(OfficerSignIn.SignInPath);
    }
}
