using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Officers;

namespace ClickCeop.Tests.Officers;

/// <summary>
/// `officers reset` is what the service desk runs when an officer lost their authenticator or their password may be
/// known to someone else. It must take the account back from whoever holds a sign-in begun before it. So must the
/// officer's choosing their own password in place of a one-time password someone else may have heard.
/// </summary>
public sealed class PendingSignInAfterResetTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    // The page checks the pending sign-in, then hashes the new password (slow, outside any lock), then saves it; a
    // reset landing in between must still win. Played here in that order, at the store, so it is the same every run.
    [Fact]
    public async Task A_reset_landing_after_the_check_and_before_the_save_wins_over_the_password_being_chosen()
    {
        var (created, _) = await _host.Officers.CreateAsync("new@example.org", "Nia New");
        var checkedBeforeReset = await _host.Officers.FindByIdAsync(created.Id);
        var oneTime = await _host.Officers.ResetAsync(created.Email);

        var saved = await _host.Officers.ChangePasswordAsync(checkedBeforeReset!, "a password the intruder chose");

        Assert.Equal(PasswordChange.AccountChanged, saved);
        Assert.Equal(PasswordCheck.Accepted, (await _host.Officers.CheckPasswordAsync(created.Email, oneTime)).Result);
        Assert.Equal(PasswordCheck.Rejected, (await _host.Officers.CheckPasswordAsync(created.Email, "a password the intruder chose")).Result);
    }

    [Fact]
    public async Task A_reset_landing_after_the_code_and_before_the_session_starts_leaves_no_session()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var checkedBeforeReset = await _host.Officers.FindByIdAsync(officer.Id);
        await _host.Officers.ResetAsync(officer.Email);

        Assert.Null(await _host.Officers.StartSessionAsync(checkedBeforeReset!));
        Assert.Equal(["0"], await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT COUNT(*) FROM officer_sessions"));
    }

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

    [Fact]
    public async Task A_sign_in_begun_with_the_one_time_password_cannot_set_up_the_app_once_the_officer_has_chosen_their_own()
    {
        // The one-time password was overheard on the phone. Whoever heard it passes the password step first and waits.
        var (created, oneTime) = await _host.Officers.CreateAsync("new@example.org", "Nia New");
        var intruder = _host.CreateBrowserlessClient();
        using (var password = await ConsoleHost.PostPasswordAsync(intruder, created.Email, oneTime))
        {
            Assert.Equal("/officers/new-password", password.Headers.Location?.OriginalString);
        }

        // The officer signs in with it and chooses their own password: the one-time password no longer opens anything.
        var owner = _host.CreateBrowserlessClient();
        using (var password = await ConsoleHost.PostPasswordAsync(owner, created.Email, oneTime))
        {
            Assert.Equal("/officers/new-password", password.Headers.Location?.OriginalString);
        }
        var newPassword = await owner.GetDocumentAsync("/officers/new-password");
        using (var saved = await owner.SubmitAsync(newPassword, FormPost.Fields(("newPassword", ConsoleHost.Password), ("confirmPassword", ConsoleHost.Password))))
        {
            Assert.Equal("/officers/set-up-authenticator", saved.Headers.Location?.OriginalString);
        }
        _host.Clock.Advance(TimeSpan.FromMinutes(1));

        // The intruder's sign-in proved only the one-time password, which is no longer the account's: it must not be
        // shown the authenticator key the officer is about to scan, nor set it up and open the console.
        using var setUp = await intruder.GetAsync("/officers/set-up-authenticator");
        var shown = setUp.StatusCode == HttpStatusCode.OK ? (await Html.ParseAsync(setUp)).QuerySelector("#secret")?.TextContent : null;
        if (shown is not null)
        {
            using var enrolled = await intruder.SubmitAsync(await Html.ParseAsync(await intruder.GetAsync("/officers/set-up-authenticator")),
                FormPost.Fields(("otp", ConsoleHost.CodeAt(shown.Replace(" ", ""), _host.Clock.Now))));
        }
        using var queue = await intruder.GetAsync("/officers");
        Assert.True(shown is null && queue.StatusCode == HttpStatusCode.Redirect,
            $"A sign-in begun with the one-time password after the officer replaced it was shown the authenticator key: {shown is not null}; " +
            $"GET /officers answered {(int)queue.StatusCode}");
        Assert.False((await _host.Officers.FindByIdAsync(created.Id))!.TotpEnrolled, "The stale sign-in set up an authenticator app");
    }

    public void Dispose() => _host.Dispose();
}
