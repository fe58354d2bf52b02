using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using Microsoft.Extensions.Logging;

namespace ClickCeop.Tests.Site;

/// <summary>
/// An antiforgery cookie the service cannot read: one made before its keys were replaced (a restore, lost keys/), or
/// one a visitor made up. Either is the visitor's input, so it gets the visitor a fresh cookie or the readable 400,
/// never an error in the log: anyone could send one in a loop and page whoever watches for errors.
/// </summary>
public sealed class StaleAntiforgeryCookieTests
{
    [Theory]
    [InlineData("from before the keys changed")]
    [InlineData("made up")]
    public async Task A_cookie_the_keys_cannot_read_gets_a_fresh_one_and_logs_no_error(string cookieMade)
    {
        using var host = new AppHost().WithKestrel();
        using var before = new AppHost().WithKestrel(); // the same service with other keys
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = host.BaseAddress };
        var journey = new JourneyClient(client);
        await journey.StartAsync();
        var shownBefore = await journey.GetAsync("/report/who-are-you");
        var unreadable = cookieMade == "made up" ? "CfDJ8" + new string('A', 150) : await AntiforgeryCookieFromAsync(before);
        cookies.SetCookies(host.BaseAddress, $"{AntiforgeryCookie(cookies).Name}={unreadable}; path=/");
        Assert.Equal(unreadable, AntiforgeryCookie(cookies).Value);

        // The form shown before cannot be sent with it: the readable 400, answers kept for the next try.
        using var refused = await client.SubmitAsync(shownBefore, FormPost.Fields(("role", "young-person")));
        // Showing the question again gives a fresh cookie, and the answer goes through.
        var shownAgain = await journey.GetAsync("/report/who-are-you");
        using var answered = await client.SubmitAsync(shownAgain, FormPost.Fields(("role", "young-person")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotEqual(unreadable, AntiforgeryCookie(cookies).Value);
        Assert.Equal(HttpStatusCode.SeeOther, answered.StatusCode);
        Assert.Empty(host.Log.LinesFrom(LogLevel.Error));
        // What a watcher still sees: a form refused, as a warning.
        // Nor does keeping that error out let in the lines below the configured level (Warning in tests).
        Assert.DoesNotContain(host.Log.Lines, line => line.StartsWith("Debug ", StringComparison.Ordinal));
    }

    private static Cookie AntiforgeryCookie(CookieContainer cookies) =>
        cookies.GetAllCookies().Single(cookie => cookie.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));

    private static async Task<string> AntiforgeryCookieFromAsync(AppHost other)
    {
        using var client = new HttpClient { BaseAddress = other.BaseAddress };
        using var response = await client.GetAsync("/officers/sign-in");
        var header = response.Headers.GetValues("Set-Cookie").Single(value => value.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        return header[(header.IndexOf('=', StringComparison.Ordinal) + 1)..header.IndexOf(';', StringComparison.Ordinal)];
    }
}
