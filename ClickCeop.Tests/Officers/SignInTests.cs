using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Officers;
using ClickCeop.Web.Pages.Officers;

namespace ClickCeop.Tests.Officers;

public sealed class SignInTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public async Task Password_and_code_open_the_queue()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();

        var cookie = await _host.SignInAsync(client, officer);

        Assert.StartsWith("ceop-officer=", cookie);
        var queue = await client.GetDocumentAsync("/officers");
        Assert.Equal("Open reports", queue.TextOf("h1"));
        Assert.Contains("Dana Duty", queue.TextOf(".console-signout__name"));
    }

    [Fact]
    public async Task Officer_cookie_is_http_only_strict_and_host_prefixed_and_secure_over_https()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        using var password = await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password);
        using var code = await ConsoleHost.PostCodeAsync(client, _host.CodeNow(officer));

        var setCookie = code.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-ceop-officer=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", setCookie);
        Assert.Contains("samesite=strict", setCookie);
        Assert.Contains("secure", setCookie);
        Assert.Contains("path=/", setCookie);
        Assert.DoesNotContain("domain=", setCookie);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_answer()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();

        using var wrong = await ConsoleHost.PostPasswordAsync(client, officer.Email, "not the password at all");
        using var unknown = await ConsoleHost.PostPasswordAsync(client, "nobody@example.org", "not the password at all");

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var wrongPage = await Html.ParseAsync(wrong);
        var unknownPage = await Html.ParseAsync(unknown);
        Assert.Equal(SignInModel.Rejected, wrongPage.TextOf(".error-summary__list"));
        Assert.Equal(wrongPage.TextOf(".error-summary__list"), unknownPage.TextOf(".error-summary__list"));
        Assert.StartsWith("Error: ", wrongPage.Title);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/officers")).StatusCode);
    }

    [Fact]
    public async Task Wrong_code_is_refused_and_a_used_code_cannot_be_used_again()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        using (var password = await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        }
        var right = _host.CodeNow(officer);
        var wrongCode = right == "000000" ? "111111" : "000000";

        using var wrong = await ConsoleHost.PostCodeAsync(client, wrongCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/officers")).StatusCode);

        var cookie = await _host.SignInAsync(client, officer);
        Assert.NotEmpty(cookie);

        // Someone who saw the code over the shoulder, within the same 30 seconds.
        var other = _host.CreateBrowserlessClient();
        using (var password = await ConsoleHost.PostPasswordAsync(other, officer.Email, ConsoleHost.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        }
        using var reused = await ConsoleHost.PostCodeAsync(other, right);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/officers")).StatusCode);
    }

    [Fact]
    public async Task Code_from_one_step_either_side_is_accepted_but_not_two()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        (await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password)).Dispose();

        using var tooOld = await ConsoleHost.PostCodeAsync(client, ConsoleHost.CodeAt(officer.Secret, _host.Clock.Now.AddSeconds(-90)));
        Assert.Equal(HttpStatusCode.BadRequest, tooOld.StatusCode);
        using var nextStep = await ConsoleHost.PostCodeAsync(client, ConsoleHost.CodeAt(officer.Secret, _host.Clock.Now.AddSeconds(30)));
        Assert.Equal(HttpStatusCode.Redirect, nextStep.StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_for_fifteen_minutes_then_it_opens_again()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        for (var i = 0; i < 5; i++)
        {
            using var failure = await ConsoleHost.PostPasswordAsync(client, officer.Email, $"wrong password number {i}");
            Assert.Equal(HttpStatusCode.BadRequest, failure.StatusCode);
        }

        // Locked: even the right password gets the same answer as a wrong one.
        using (var locked = await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password))
        {
            Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
            Assert.Equal(SignInModel.Rejected, (await Html.ParseAsync(locked)).TextOf(".error-summary__list"));
        }
        _host.Clock.Advance(TimeSpan.FromMinutes(14));
        using (var stillLocked = await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password))
        {
            Assert.Equal(HttpStatusCode.BadRequest, stillLocked.StatusCode);
        }

        _host.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var cookie = await _host.SignInAsync(client, officer);
        Assert.NotEmpty(cookie);
    }

    [Fact]
    public async Task Guesses_sent_all_at_once_are_checked_no_more_often_than_the_lockout_allows()
    {
        var officer = await _host.EnrolledOfficerAsync();
        // Twenty browsers, each with its form ready, press Sign in at the same moment; the right password is among them.
        var guesses = Enumerable.Range(0, 20).Select(i => i == 10 ? ConsoleHost.Password : $"wrong password number {i}").ToList();
        var forms = new List<(HttpClient Client, AngleSharp.Html.Dom.IHtmlDocument Page)>();
        foreach (var _ in guesses)
        {
            var client = _host.CreateBrowserlessClient();
            forms.Add((client, await client.GetDocumentAsync(OfficerSignIn.SignInPath)));
        }
        using var start = new Barrier(guesses.Count);
        var answers = await Task.WhenAll(guesses.Select((guess, i) => Task.Run(async () =>
        {
            start.SignalAndWait();
            using var response = await forms[i].Client.SubmitAsync(forms[i].Page, FormPost.Fields(("email", officer.Email), ("password", guess)));
            return response.StatusCode;
        })));

        // Five wrong guesses checked at most: the five attempts the account has. Everything else was refused without
        // one. The right password holds an attempt while it is checked and gives it back after, so timing decides the
        // rest: five wrong guesses checked and the account locked; or four and the right one, locked or not (a wrong
        // guess that took the fifth attempt while the right one held another locks it, and after the right one gives
        // its attempt back a second guess may also take the fifth and lock it again, still only five in all).
        var checkedWrong = _host.Log.Lines.Count(line => line.Contains("wrong password (attempt", StringComparison.Ordinal));
        var rightAccepted = answers[10] == HttpStatusCode.Redirect;
        var locks = _host.Log.Lines.Count(line => line.Contains("locked out for", StringComparison.Ordinal));
        using var afterwards = await ConsoleHost.PostPasswordAsync(_host.CreateBrowserlessClient(), officer.Email, ConsoleHost.Password);
        // Everything seen, so a failure on CI says which outcome it was.
        var seen = $"{checkedWrong} wrong checked, right {(rightAccepted ? "accepted" : "refused")}, {locks} lock(s), answers " +
            string.Join(" ", answers.Select(a => (int)a)) + $", afterwards {(int)afterwards.StatusCode}\n" +
            string.Join("\n", _host.Log.Lines.Where(line => line.Contains("Officer", StringComparison.Ordinal)));
        Assert.True(answers.Count(a => a == HttpStatusCode.BadRequest) == (rightAccepted ? 19 : 20), seen);
        Assert.True(checkedWrong == 5 || (checkedWrong == 4 && rightAccepted), seen);
        Assert.True(checkedWrong < 5 || locks >= 1, seen);
        Assert.True(afterwards.StatusCode == (locks >= 1 ? HttpStatusCode.BadRequest : HttpStatusCode.Redirect), seen);
    }

    [Fact]
    public async Task One_address_posting_more_sign_ins_than_allowed_gets_a_readable_429_whatever_the_accounts()
    {
        using var host = new ConsoleHost(new Dictionary<string, string?> { ["Officers:SignInPostsPerAddress"] = "6" });
        var client = host.CreateBrowserlessClient();
        // Six guesses at six different accounts: no account reaches its own lockout, but the address runs out.
        for (var i = 0; i < 6; i++)
        {
            using var guess = await ConsoleHost.PostPasswordAsync(client, $"officer{i}@example.org", "a guess at the password");
            Assert.Equal(HttpStatusCode.BadRequest, guess.StatusCode);
        }

        using var seventh = await ConsoleHost.PostPasswordAsync(client, "officer6@example.org", "a guess at the password");

        Assert.Equal(HttpStatusCode.TooManyRequests, seventh.StatusCode);
        var refused = await Html.ParseAsync(seventh);
        Assert.Equal("Too many sign-in attempts from this connection", refused.TextOf("h1"));
        Assert.Contains("Please wait 15 minutes and try again.", refused.TextOf("main"));
        Assert.Equal(TimeSpan.FromMinutes(15), seventh.Headers.RetryAfter?.Delta);
        // Reading the form is not limited, and the reporters' pages are not affected.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(OfficerSignIn.SignInPath)).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostAsync("/report", new FormUrlEncodedContent([]))).StatusCode);
    }

    [Fact]
    public async Task Wrong_codes_count_towards_the_lockout_too()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        (await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password)).Dispose();
        var wrongCode = _host.CodeNow(officer) == "123456" ? "654321" : "123456";
        for (var i = 0; i < 5; i++)
        {
            (await ConsoleHost.PostCodeAsync(client, wrongCode)).Dispose();
        }
        // The log says which attempt each was, as it does for wrong passwords (docs/officers.md).
        for (var i = 1; i <= 5; i++)
        {
            Assert.Contains(_host.Log.Lines, line => line.Contains($"wrong authenticator code (attempt {i} of 5)", StringComparison.Ordinal));
        }
        // Locked: the pending sign-in is over, so the code page sends the officer back to the start, and the
        // password is refused there as a wrong one would be.
        using var codePage = await client.GetAsync("/officers/sign-in/code");
        Assert.Equal(OfficerSignIn.SignInPath, ConsoleHost.PathOf(codePage));
        using var rightButLocked = await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password);
        Assert.Equal(HttpStatusCode.BadRequest, rightButLocked.StatusCode);
    }

    [Fact]
    public async Task Disabled_officer_cannot_sign_in_and_disabling_ends_a_live_session()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/officers")).StatusCode);

        Assert.True(await _host.Officers.DisableAsync(officer.Email));

        using var after = await client.GetAsync("/officers");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(OfficerSignIn.SignInPath, ConsoleHost.PathOf(after));
        using var again = await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    /// <summary>
    /// Disabling ends the sessions themselves, not only their use while the account stays disabled: a session left open
    /// in the store is one check away from working again, and a sign-out from it would be recorded after the disable.
    /// </summary>
    [Fact]
    public async Task Disabling_an_officer_ends_every_session_in_the_store()
    {
        var officer = await _host.EnrolledOfficerAsync();
        foreach (var device in new[] { 1, 2 })
        {
            await _host.SignInAsync(_host.CreateBrowserlessClient(), officer);
            _host.Clock.Advance(TimeSpan.FromSeconds(30)); // the next device's code is the next one: a code is used once
        }
        const string open = "SELECT COUNT(*) FROM officer_sessions WHERE ended_at IS NULL AND officer_id = ";
        Assert.Equal(["2"], await DatabaseFile.ColumnAsync(_host.DatabasePath, $"{open}'{officer.Id}'"));

        Assert.True(await _host.Officers.DisableAsync(officer.Email));

        Assert.Equal(["0"], await DatabaseFile.ColumnAsync(_host.DatabasePath, $"{open}'{officer.Id}'"));
    }

    [Fact]
    public async Task Disabling_an_officer_between_the_sign_in_steps_ends_the_pending_sign_in()
    {
        var (created, oneTime) = await _host.Officers.CreateAsync("new@example.org", "Nia New");
        var client = _host.CreateBrowserlessClient();
        using (var password = await ConsoleHost.PostPasswordAsync(client, created.Email, oneTime))
        {
            Assert.Equal("/officers/new-password", password.Headers.Location?.OriginalString);
        }
        var form = await client.GetDocumentAsync("/officers/new-password");

        Assert.True(await _host.Officers.DisableAsync(created.Email));

        using var saved = await client.SubmitAsync(form, FormPost.Fields(("newPassword", ConsoleHost.Password), ("confirmPassword", ConsoleHost.Password)));
        Assert.Equal(OfficerSignIn.SignInPath, ConsoleHost.PathOf(saved));
        using var setUp = await client.GetAsync("/officers/set-up-authenticator");
        Assert.Equal(OfficerSignIn.SignInPath, ConsoleHost.PathOf(setUp));
        var stored = await _host.Officers.FindByIdAsync(created.Id);
        Assert.True(stored!.MustChangePassword);
        Assert.Equal(["1"], await DatabaseFile.ColumnAsync(_host.DatabasePath, $"SELECT totp_pending_secret IS NULL FROM officers WHERE id = '{created.Id}'"));
    }

    [Fact]
    public async Task A_one_time_password_expires_after_three_days_and_a_reset_gives_a_new_one_that_sets_up_the_app_again()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var (unused, oneTime) = await _host.Officers.CreateAsync("new@example.org", "Nia New");
        _host.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1));
        using (var stillValid = await ConsoleHost.PostPasswordAsync(_host.CreateBrowserlessClient(), unused.Email, oneTime))
        {
            Assert.Equal("/officers/new-password", stillValid.Headers.Location?.OriginalString);
        }
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        using (var expired = await ConsoleHost.PostPasswordAsync(_host.CreateBrowserlessClient(), unused.Email, oneTime))
        {
            Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
            Assert.Equal(SignInModel.Rejected, (await Html.ParseAsync(expired)).TextOf(".error-summary__list"));
        }
        Assert.Contains(_host.Log.Lines, line => line.Contains($"{unused.Id}: the one-time password has expired", StringComparison.Ordinal));

        // An enrolled officer who lost their phone: a reset ends their session and makes them set the app up again.
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);
        var newOneTime = await _host.Officers.ResetAsync(officer.Email);
        Assert.NotNull(newOneTime);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/officers")).StatusCode);
        using (var oldPassword = await ConsoleHost.PostPasswordAsync(_host.CreateBrowserlessClient(), officer.Email, ConsoleHost.Password))
        {
            Assert.Equal(HttpStatusCode.BadRequest, oldPassword.StatusCode);
        }
        var again = _host.CreateBrowserlessClient();
        using (var password = await ConsoleHost.PostPasswordAsync(again, officer.Email, newOneTime))
        {
            Assert.Equal("/officers/new-password", password.Headers.Location?.OriginalString);
        }
        var form = await again.GetDocumentAsync("/officers/new-password");
        using var saved = await again.SubmitAsync(form, FormPost.Fields(("newPassword", "a brand new phrase of mine"), ("confirmPassword", "a brand new phrase of mine")));
        Assert.Equal("/officers/set-up-authenticator", saved.Headers.Location?.OriginalString);
        Assert.Null(await _host.Officers.ResetAsync("nobody@example.org"));
    }

    // A build from before migration 0007, started on a newer database (docs/running.md, "Upgrading"), makes accounts
    // with no issue time for the one-time password. Such a password must still stop working, three days after the
    // account was made, as 0007 counted it for the accounts it found.
    [Fact]
    public async Task A_one_time_password_with_no_issue_time_expires_three_days_after_the_account_was_made()
    {
        var (made, oneTime) = await _host.Officers.CreateAsync("older@example.org", "Olu Older");
        await DatabaseFile.ExecuteAsync(_host.DatabasePath, $"UPDATE officers SET one_time_password_issued_at = NULL WHERE id = '{made.Id}'");
        _host.Clock.Advance(TimeSpan.FromDays(3));

        using var expired = await ConsoleHost.PostPasswordAsync(_host.CreateBrowserlessClient(), made.Email, oneTime);

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains(_host.Log.Lines, line => line.Contains($"{made.Id}: the one-time password has expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_out_ends_the_session_on_the_server_so_the_old_cookie_is_refused()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        var cookie = await _host.SignInAsync(client, officer);
        var queue = await client.GetDocumentAsync("/officers");

        using var signOut = await client.SubmitAsync(queue, formSelector: "form.console-signout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var replay = _host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/officers");
        request.Headers.Add("Cookie", cookie);
        using var response = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(OfficerSignIn.SignInPath, ConsoleHost.PathOf(response));
    }

    [Fact]
    public async Task Session_ends_after_thirty_idle_minutes_and_after_eight_hours_whatever_happens()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var idle = _host.CreateBrowserlessClient();
        await _host.SignInAsync(idle, officer);
        _host.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("/officers")).StatusCode);
        _host.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Redirect, (await idle.GetAsync("/officers")).StatusCode);

        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        var busy = _host.CreateBrowserlessClient();
        await _host.SignInAsync(busy, officer);
        await _host.AssertSessionLastsAsync(busy, TimeSpan.FromHours(8));
    }

    [Fact]
    public async Task First_sign_in_forces_a_new_password_and_authenticator_enrolment()
    {
        var (created, oneTime) = await _host.Officers.CreateAsync("new@example.org", "Nia New");
        var client = _host.CreateBrowserlessClient();

        using var password = await ConsoleHost.PostPasswordAsync(client, created.Email, oneTime, returnUrl: "/officers?status=new");
        Assert.Equal("/officers/new-password", password.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/officers")).StatusCode);

        var form = await client.GetDocumentAsync("/officers/new-password");
        using var common = await client.SubmitAsync(form, FormPost.Fields(("newPassword", "password1234"), ("confirmPassword", "password1234")));
        Assert.Equal(HttpStatusCode.BadRequest, common.StatusCode);
        Assert.Contains("too common", (await Html.ParseAsync(common)).TextOf(".error-summary__list"));
        using var shortOne = await client.SubmitAsync(form, FormPost.Fields(("newPassword", "short pass"), ("confirmPassword", "short pass")));
        Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);
        // The one-time password was read out over the phone: it cannot become the officer's own.
        using var same = await client.SubmitAsync(form, FormPost.Fields(("newPassword", oneTime), ("confirmPassword", oneTime)));
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Equal("Choose a password of your own, not the one-time password you were given", (await Html.ParseAsync(same)).TextOf(".error-summary__list"));
        using var saved = await client.SubmitAsync(form, FormPost.Fields(("newPassword", ConsoleHost.Password), ("confirmPassword", ConsoleHost.Password)));
        Assert.Equal("/officers/set-up-authenticator", saved.Headers.Location?.OriginalString);

        var setUp = await client.GetDocumentAsync("/officers/set-up-authenticator");
        var secret = setUp.TextOf("#secret").Replace(" ", "");
        Assert.NotNull(setUp.QuerySelector("figure.console-qr svg[role=img] path"));
        using var enrolled = await client.SubmitAsync(setUp, FormPost.Fields(("otp", ConsoleHost.CodeAt(secret, _host.Clock.Now))));
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        Assert.Equal("/officers?status=new", enrolled.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/officers")).StatusCode);

        // The one-time password is gone for good.
        using var oldPassword = await ConsoleHost.PostPasswordAsync(_host.CreateBrowserlessClient(), created.Email, oneTime);
        Assert.Equal(HttpStatusCode.BadRequest, oldPassword.StatusCode);
    }

    [Theory]
    [InlineData("/officers/reports/abc", "/officers/reports/abc")]
    [InlineData("https://evil.example/officers", "/officers")]
    [InlineData("//evil.example/officers", "/officers")]
    [InlineData("/officers/\\evil.example", "/officers")]
    [InlineData("/elsewhere", "/officers")]
    [InlineData(null, "/officers")]
    public void Return_address_is_only_ever_inside_the_console(string? returnUrl, string expected) =>
        Assert.Equal(expected, OfficerSignIn.SafeReturnUrl(returnUrl));

    public void Dispose() => _host.Dispose();
}
