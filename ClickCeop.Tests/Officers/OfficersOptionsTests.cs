using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Officers;

/// <summary>The console's settings are checked at start: an officer who cannot finish signing in cannot work a report.</summary>
public sealed class OfficersOptionsTests
{
    [Fact]
    public void An_issuer_too_long_for_the_authenticators_QR_code_stops_the_app_at_start()
    {
        // The issuer goes twice into the otpauth link the QR code holds. Past what a QR code can hold, the app started
        // and "Set up your authenticator" answered 500 for every new officer, so none could ever sign in.
        Assert.Contains("Officers:Issuer", StartFailure.RefusalOf("Officers:Issuer", new string('x', 1200)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Under 5 minutes idle, Chromium could still show the report page kept in its back-forward cache after the session
    /// ended (it keeps a page left for about 3 minutes); docs/officers.md asked for 5 or more, and nothing enforced it.
    /// </summary>
    [Theory]
    [InlineData("00:01:00")]
    [InlineData("00:04:59")]
    public void An_idle_timeout_under_five_minutes_stops_the_app_at_start(string idle)
    {
        Assert.Contains("IdleTimeout", StartFailure.RefusalOf("Officers:IdleTimeout", idle), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_lasts_the_configured_absolute_timeout_even_past_eight_hours()
    {
        // The sign-in cookie expired after a fixed 8 hours: an AbsoluteTimeout of 12 hours (the setting allows up to 24)
        // still sent an officer working a night shift back to the sign-in page at 8 hours.
        using var host = new ConsoleHost(new Dictionary<string, string?> { ["Officers:AbsoluteTimeout"] = "12:00:00" });
        var officer = await host.EnrolledOfficerAsync();
        var client = host.CreateBrowserlessClient();
        await host.SignInAsync(client, officer);

        await host.AssertSessionLastsAsync(client, TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task The_longest_issuer_allowed_still_makes_a_QR_code_for_the_longest_address()
    {
        using var host = new ConsoleHost(new Dictionary<string, string?> { ["Officers:Issuer"] = string.Concat(Enumerable.Repeat("€", 64)) });
        // 253 characters, the local part all escaped (three bytes each) in the link
        var email = new string('&', 64) + "@" + new string('b', 60) + "." + new string('c', 60) + "." + new string('d', 58) + ".example";
        var (officer, _) = await host.Officers.CreateAsync(email, "Long Address");
        await host.Officers.ChangePasswordAsync(officer, ConsoleHost.Password);
        var client = host.CreateBrowserlessClient();
        using (await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password))
        {
        }

        var page = await client.GetDocumentAsync("/officers/set-up-authenticator");

        Assert.NotNull(page.QuerySelector("svg[role=img]"));
    }
}
