using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Officers;

namespace ClickCeop.Tests.Officers;

/// <summary>
/// Wrong passwords from anywhere lock an account, so anyone who knows an officer's email address could keep the duty
/// officer out of the console. A browser the officer has fully signed in on is remembered (OWASP's device cookies):
/// its sign-ins count their own wrong attempts, and a lock-out by strangers does not stop it.
/// </summary>
public sealed class KnownBrowserTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public async Task Strangers_locking_the_account_do_not_lock_out_the_browser_the_officer_signed_in_on_before()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var own = _host.CreateBrowserlessClient();
        await SignInAndOutAsync(own, officer);

        var stranger = _host.CreateBrowserlessClient();
        await LockAsync(stranger, officer.Email);
        using (var strangerRight = await ConsoleHost.PostPasswordAsync(stranger, officer.Email, ConsoleHost.Password))
        {
            Assert.Equal(HttpStatusCode.BadRequest, strangerRight.StatusCode); // the account is locked for everyone else
        }

        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        await _host.SignInAsync(own, officer);
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync("/officers")).StatusCode);
        var history = (await _host.Officers.HistoryAsync(officer.Id, 100)).Select(e => e.Event).ToList();
        Assert.Equal(OfficerEvent.SignedIn, history[0]);
        Assert.Contains(OfficerEvent.LockedOut, history);
    }

    [Fact]
    public async Task Wrong_passwords_from_a_known_browser_lock_that_browser_not_the_account()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var own = _host.CreateBrowserlessClient();
        await SignInAndOutAsync(own, officer);

        await LockAsync(own, officer.Email);
        using (var ownRight = await ConsoleHost.PostPasswordAsync(own, officer.Email, ConsoleHost.Password))
        {
            Assert.Equal(HttpStatusCode.BadRequest, ownRight.StatusCode);
        }

        // Another browser still gets in: the five wrong passwords were counted against the known browser only.
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        await _host.SignInAsync(_host.CreateBrowserlessClient(), officer);
        var history = await _host.Officers.HistoryAsync(officer.Id, 100);
        var locked = history.First(e => e.Event == OfficerEvent.LockedOut);
        Assert.StartsWith("known browser, until ", locked.Detail);
        Assert.Equal("attempt 5 of 5 from a known browser", history.First(e => e.Event == OfficerEvent.WrongPassword).Detail);
    }

    [Fact]
    public async Task Strangers_locking_the_account_between_the_steps_do_not_end_a_sign_in_on_a_known_browser()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var own = _host.CreateBrowserlessClient();
        await SignInAndOutAsync(own, officer);
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        using (var password = await ConsoleHost.PostPasswordAsync(own, officer.Email, ConsoleHost.Password))
        {
            Assert.Equal("/officers/sign-in/code", password.Headers.Location?.OriginalString);
        }

        // The account is locked while the officer reaches for their phone; their own browser's sign-in carries on.
        await LockAsync(_host.CreateBrowserlessClient(), officer.Email);
        Assert.True((await _host.Officers.FindByIdAsync(officer.Id))!.LockedUntil > _host.Clock.Now);
        using var code = await ConsoleHost.PostCodeAsync(own, _host.CodeNow(officer));
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync("/officers")).StatusCode);
    }

    [Fact]
    public async Task Guesses_sent_all_at_once_from_a_known_browser_are_checked_no_more_often_than_its_lockout_allows()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var own = _host.CreateBrowserlessClient();
        await SignInAndOutAsync(own, officer);
        // Twenty forms in the known browser (whoever sits at it) pressed at the same moment, all wrong.
        var forms = new List<AngleSharp.Html.Dom.IHtmlDocument>();
        for (var i = 0; i < 20; i++)
        {
            forms.Add(await own.GetDocumentAsync(OfficerSignIn.SignInPath));
        }
        using var start = new Barrier(forms.Count);
        var answers = await Task.WhenAll(forms.Select((form, i) => Task.Run(async () =>
        {
            start.SignalAndWait();
            using var response = await own.SubmitAsync(form, FormPost.Fields(("email", officer.Email), ("password", $"wrong password number {i}")));
            return response.StatusCode;
        })));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.BadRequest, answer));
        var history = await _host.Officers.HistoryAsync(officer.Id, 100);
        Assert.Equal(5, history.Count(e => e.Event == OfficerEvent.WrongPassword && e.Detail!.EndsWith(" from a known browser", StringComparison.Ordinal)));
        Assert.Equal(0, history.Count(e => e.Event == OfficerEvent.WrongPassword && !e.Detail!.EndsWith(" from a known browser", StringComparison.Ordinal)));
        Assert.Single(history, e => e.Event == OfficerEvent.LockedOut);
        // The account's own attempts were not touched: another browser signs in.
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        await _host.SignInAsync(_host.CreateBrowserlessClient(), officer);
    }

    [Fact]
    public async Task A_reset_forgets_every_browser_and_another_officers_browser_does_not_count()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var colleague = await _host.EnrolledOfficerAsync("colleague@example.org", "Cal Colleague");
        var own = _host.CreateBrowserlessClient();
        await SignInAndOutAsync(own, officer);
        var colleagues = _host.CreateBrowserlessClient();
        await SignInAndOutAsync(colleagues, colleague);

        // The colleague's remembered browser is not the officer's: the officer's account locks for it as for anyone.
        await LockAsync(colleagues, officer.Email);
        using (var fromColleagues = await ConsoleHost.PostPasswordAsync(colleagues, officer.Email, ConsoleHost.Password))
        {
            Assert.Equal(HttpStatusCode.BadRequest, fromColleagues.StatusCode);
        }

        // After `officers reset` (the old password may be known to someone else) no browser is remembered.
        var oneTime = await _host.Officers.ResetAsync(officer.Email);
        Assert.NotNull(oneTime);
        await LockAsync(_host.CreateBrowserlessClient(), officer.Email);
        using var fromOwn = await ConsoleHost.PostPasswordAsync(own, officer.Email, oneTime);
        Assert.Equal(HttpStatusCode.BadRequest, fromOwn.StatusCode);
    }

    [Fact]
    public async Task The_known_browser_cookie_is_private_to_the_console_and_tampering_forgets_it()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var own = _host.CreateBrowserlessClient();
        using (await ConsoleHost.PostPasswordAsync(own, officer.Email, ConsoleHost.Password)) { }
        using var code = await ConsoleHost.PostCodeAsync(own, _host.CodeNow(officer));

        var set = code.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ceop-officer-browser=", StringComparison.Ordinal));
        Assert.Contains("httponly", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", set, StringComparison.OrdinalIgnoreCase); // kept after the browser closes: that is its point
        Assert.DoesNotContain(officer.Id, set, StringComparison.Ordinal);

        // A browser sending a cookie that is not one the service made is a stranger.
        var forger = _host.CreateBrowserlessClient();
        forger.DefaultRequestHeaders.Add("Cookie", "ceop-officer-browser=" + set.Split(';')[0].Split('=', 2)[1][..^4] + "AAAA");
        await LockAsync(forger, officer.Email);
        using var ownRight = await ConsoleHost.PostPasswordAsync(_host.CreateBrowserlessClient(), officer.Email, ConsoleHost.Password);
        Assert.Equal(HttpStatusCode.BadRequest, ownRight.StatusCode);
    }

    private async Task SignInAndOutAsync(HttpClient client, ConsoleHost.TestOfficer officer)
    {
        await _host.SignInAsync(client, officer);
        var queue = await client.GetDocumentAsync("/officers");
        using var signOut = await client.SubmitAsync(queue, formSelector: "form.console-signout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
    }

    /// <summary>Five wrong passwords, the lockout's attempts, from the given browser.</summary>
    private static async Task LockAsync(HttpClient client, string email)
    {
        for (var i = 0; i < 5; i++)
        {
            using var guess = await ConsoleHost.PostPasswordAsync(client, email, $"guessed password {i}");
            Assert.Equal(HttpStatusCode.BadRequest, guess.StatusCode);
        }
    }

    public void Dispose() => _host.Dispose();
}
