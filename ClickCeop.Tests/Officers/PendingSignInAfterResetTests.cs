using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Officers;

namespace ClickCeop.Tests.Officers;

/// <summary>
/// `officers reset` is what the service desk runs when an officer lost their authenticator or their password may be
/// known to someone else. It must take the account back from whoever holds a sign-in begun before it.
/// </summary>
public sealed class PendingSignInAfterResetTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public async Task A_sign_in_begun_with_the_old_password_before_a_reset_cannot_choose_a_password_enrol_an_app_or_open_the_queue()
    {
        var officer = await _host.EnrolledOfficerAsync();
        // Someone who has the officer's password (not their phone) passes the password step and stops at the code.
        var intruder = _host.CreateBrowserlessClient();
        using (var password = await ConsoleHost.PostPasswordAsync(intruder, officer.Email, ConsoleHost.Password))
        {
            Assert.Equal("/officers/sign-in/code", password.Headers.Location?.OriginalString);
        }

        // The officer reports it; the service desk resets the account and reads the one-time password to the officer.
        var oneTime = await _host.Officers.ResetAsync(officer.Email);
        Assert.NotNull(oneTime);
        _host.Clock.Advance(TimeSpan.FromMinutes(1));

        // The intruder carries on with the same pending cookie, without the one-time password.
        const string chosen = "the intruders own long phrase";
        using (var page = await intruder.GetAsync("/officers/new-password"))
        {
            if (page.StatusCode == HttpStatusCode.OK)
            {
                var form = await Html.ParseAsync(page);
                using var saved = await intruder.SubmitAsync(form, FormPost.Fields(("newPassword", chosen), ("confirmPassword", chosen)));
            }
        }
        using (var page = await intruder.GetAsync("/officers/set-up-authenticator"))
        {
            if (page.StatusCode == HttpStatusCode.OK && (await Html.ParseAsync(page)) is var setUp && setUp.QuerySelector("#secret") is { } secret)
            {
                using var enrolled = await intruder.SubmitAsync(setUp,
                    FormPost.Fields(("otp", ConsoleHost.CodeAt(secret.TextContent.Replace(" ", ""), _host.Clock.Now))));
            }
        }

        using var queue = await intruder.GetAsync("/officers");
        Assert.True(queue.StatusCode == HttpStatusCode.Redirect && ConsoleHost.PathOf(queue) == OfficerSignIn.SignInPath,
            $"A sign-in begun before the reset opened the console as {officer.Name}: GET /officers answered {(int)queue.StatusCode}");
        var stored = await _host.Officers.FindByIdAsync(officer.Id);
        Assert.True(stored!.MustChangePassword, "The pending sign-in from before the reset chose the account's new password");
        Assert.False(stored.TotpEnrolled, "The pending sign-in from before the reset set up its own authenticator app");

        // The officer, with the one-time password read out to them, still gets their account back as usual.
        var owner = _host.CreateBrowserlessClient();
        using (var password = await ConsoleHost.PostPasswordAsync(owner, officer.Email, oneTime))
        {
            Assert.Equal("/officers/new-password", password.Headers.Location?.OriginalString);
        }
        var newPassword = await owner.GetDocumentAsync("/officers/new-password");
        using var ownerSaved = await owner.SubmitAsync(newPassword, FormPost.Fields(("newPassword", ConsoleHost.Password + " too"), ("confirmPassword", ConsoleHost.Password + " too")));
        Assert.Equal("/officers/set-up-authenticator", ownerSaved.Headers.Location?.OriginalString);
        var ownerSetUp = await owner.GetDocumentAsync("/officers/set-up-authenticator");
        using var ownerEnrolled = await owner.SubmitAsync(ownerSetUp,
            FormPost.Fields(("otp", ConsoleHost.CodeAt(ownerSetUp.TextOf("#secret").Replace(" ", ""), _host.Clock.Now))));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/officers")).StatusCode);
    }

    public void Dispose() => _host.Dispose();
}
