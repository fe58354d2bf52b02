using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Tests.Officers;

/// <summary>officer_events: what happened to an account, kept for whoever must later answer who could get in.</summary>
public sealed class OfficerHistoryTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public async Task Every_sign_in_event_is_kept_in_order_without_a_password_and_the_trail_cannot_be_rewritten()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();

        using (var wrong = await ConsoleHost.PostPasswordAsync(client, officer.Email, "wrong horse battery one")) Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using (var right = await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password)) Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        using (var wrongCode = await ConsoleHost.PostCodeAsync(client, "000000")) Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        await _host.SignInAsync(client, officer);
        var queue = await client.GetDocumentAsync("/officers");
        using (var signOut = await client.SubmitAsync(queue, formSelector: "form.console-signout")) Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        // Someone else's browser: the officer's own is known now, and counts its wrong attempts apart (KnownBrowserTests).
        var stranger = _host.CreateBrowserlessClient();
        for (var i = 0; i < 5; i++)
        {
            using var guess = await ConsoleHost.PostPasswordAsync(stranger, officer.Email, $"guessed password {i}");
        }
        using (var whileLocked = await ConsoleHost.PostPasswordAsync(stranger, officer.Email, ConsoleHost.Password)) Assert.Equal(HttpStatusCode.BadRequest, whileLocked.StatusCode);
        await _host.Officers.ResetAsync(officer.Email);
        await _host.Officers.DisableAsync(officer.Email);

        var history = (await _host.Officers.HistoryAsync(officer.Id, 100)).Reverse().ToList();

        Assert.Equal(
        [
            OfficerEvent.Created, OfficerEvent.PasswordChosen, OfficerEvent.AuthenticatorSetUp,
            OfficerEvent.WrongPassword, // the password step passed next leaves no event: only a whole sign-in does
            OfficerEvent.WrongCode, OfficerEvent.SignedIn, OfficerEvent.SignedOut,
            OfficerEvent.WrongPassword, OfficerEvent.WrongPassword, OfficerEvent.WrongPassword, OfficerEvent.WrongPassword,
            OfficerEvent.WrongPassword, OfficerEvent.LockedOut,
            OfficerEvent.Refused,
            OfficerEvent.OneTimePasswordReset, OfficerEvent.Disabled,
        ], history.Select(e => e.Event));
        Assert.Equal("attempt 1 of 5", history[3].Detail);
        Assert.Equal("attempt 2 of 5", history[4].Detail); // a wrong code counts towards the same lockout
        Assert.Equal("attempt 5 of 5", history[11].Detail);
        Assert.Equal($"until {OfficerStore.Iso(history[12].At + TimeSpan.FromMinutes(15))}", history[12].Detail);
        Assert.Equal("locked", history[13].Detail);
        Assert.Equal(history.Select(e => e.At).Order(), history.Select(e => e.At));
        var stored = await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT event || ' ' || COALESCE(detail, '') FROM officer_events");
        Assert.DoesNotContain(stored, line => line.Contains("horse", StringComparison.Ordinal) || line.Contains("guessed", StringComparison.Ordinal));

        foreach (var rewrite in new[] { "UPDATE officer_events SET event = 'signed-in'", "DELETE FROM officer_events" })
        {
            var refused = await Assert.ThrowsAsync<SqliteException>(() => DatabaseFile.ExecuteAsync(_host.DatabasePath, rewrite));
            Assert.Contains("officer_events is append-only", refused.Message);
        }
    }

    [Fact]
    public async Task A_sign_out_from_a_second_tab_adds_nothing_and_an_unknown_address_leaves_no_row()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);
        var queue = await client.GetDocumentAsync("/officers");
        using (var first = await client.SubmitAsync(queue, formSelector: "form.console-signout")) Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using (var second = await client.SubmitAsync(queue, formSelector: "form.console-signout")) { }
        using (var stranger = await ConsoleHost.PostPasswordAsync(_host.CreateBrowserlessClient(), "nobody@example.org", "some password here")) { }

        var events = (await _host.Officers.HistoryAsync(officer.Id, 100)).Select(e => e.Event).ToList();
        Assert.Single(events, e => e == OfficerEvent.SignedOut);
        Assert.Equal(["1"], await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT COUNT(DISTINCT officer_id) FROM officer_events"));
    }

    [Fact]
    public async Task The_queue_says_when_the_officer_last_signed_in_and_how_many_sign_ins_failed_since()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        await _host.SignInAsync(client, officer);
        var first = _host.Clock.Now;
        Assert.Null((await client.GetDocumentAsync("/officers")).QuerySelector("#last-sign-in"));

        _host.Clock.Advance(TimeSpan.FromHours(20));
        var someoneElse = _host.CreateBrowserlessClient();
        using (var guess = await ConsoleHost.PostPasswordAsync(someoneElse, officer.Email, "a guess at the password")) { }
        using (var guess = await ConsoleHost.PostPasswordAsync(someoneElse, officer.Email, "another guess at it")) { }
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = _host.CreateBrowserlessClient();
        await _host.SignInAsync(later, officer);

        var notice = (await later.GetDocumentAsync("/officers")).TextOf("#last-sign-in");
        Assert.Contains($"Your last sign-in before this one was on {CaseStore.Format(first)}.", notice);
        Assert.Contains("2 sign-ins to your account have failed since then", notice);

        var second = _host.Clock.Now;

        _host.Clock.Advance(TimeSpan.FromMinutes(31));
        var third = _host.CreateBrowserlessClient();
        await _host.SignInAsync(third, officer);
        var quiet = (await third.GetDocumentAsync("/officers")).TextOf("#last-sign-in");
        Assert.Contains($"was on {CaseStore.Format(second)}.", quiet);
        Assert.DoesNotContain("failed", quiet);

        // A sign-in elsewhere afterwards does not change which sign-in came before this session's.
        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        await _host.SignInAsync(_host.CreateBrowserlessClient(), officer);
        Assert.Contains($"was on {CaseStore.Format(second)}.", (await third.GetDocumentAsync("/officers")).TextOf("#last-sign-in"));
    }

    [Fact]
    public async Task Sign_ins_refused_while_the_account_was_locked_count_among_those_that_failed_since()
    {
        var officer = await _host.EnrolledOfficerAsync();
        await _host.SignInAsync(_host.CreateBrowserlessClient(), officer);

        _host.Clock.Advance(TimeSpan.FromHours(1));
        var stranger = _host.CreateBrowserlessClient();
        for (var i = 0; i < 5; i++)
        {
            using var guess = await ConsoleHost.PostPasswordAsync(stranger, officer.Email, $"guessed password {i}");
        }
        // The account is locked now: this one is refused without its password being tried, and counts all the same.
        using (var whileLocked = await ConsoleHost.PostPasswordAsync(stranger, officer.Email, "one more guess at it")) { }
        Assert.Equal(1, (await _host.Officers.HistoryAsync(officer.Id, 100)).Count(e => e.Event == OfficerEvent.Refused));

        _host.Clock.Advance(TimeSpan.FromMinutes(16));
        var later = _host.CreateBrowserlessClient();
        await _host.SignInAsync(later, officer);

        Assert.Contains("6 sign-ins to your account have failed since then", (await later.GetDocumentAsync("/officers")).TextOf("#last-sign-in"));
    }

    public void Dispose() => _host.Dispose();
}
