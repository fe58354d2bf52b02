using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Hostile;

/// <summary>
/// The console's sign-in pages (password, code, forced new password, authenticator set-up), each reached
/// legitimately, every field of each form given every hostile value, then whole-request attacks. No hostile value
/// may ever sign anyone in.
/// </summary>
public sealed class HostileSignInTests(HostileHost host, ITestOutputHelper output) : IClassFixture<HostileHost>
{
    private static readonly HttpStatusCode[] Refused = [HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge];

    [Fact(Timeout = 120_000)]
    public async Task Every_field_of_every_sign_in_step_refuses_every_hostile_value_readably()
    {
        var findings = new Findings();
        var app = host.App;

        // Password step: a real officer exists, the hostile values go beside a wrong password or an unknown address.
        await app.EnrolledOfficerAsync("enrolled@example.org", "Enrolled Officer");
        var anonymous = app.CreateBrowserlessClient();
        await AttackAsync(findings, anonymous, "/officers/sign-in", new() { ["email"] = "enrolled@example.org", ["password"] = "not the password" });

        // Code step: the password was right, the code is what is attacked.
        var enrolled = app.CreateBrowserlessClient();
        await PasswordAsync(enrolled, "enrolled@example.org", ConsoleHost.Password, "/officers/sign-in/code");
        await AttackAsync(findings, enrolled, "/officers/sign-in/code", new() { ["otp"] = "000000" });

        // First sign-in with the one-time password: the forced new password.
        var (fresh, oneTime) = await app.Officers.CreateAsync("new@example.org", "New Officer");
        var newcomer = app.CreateBrowserlessClient();
        await PasswordAsync(newcomer, fresh.Email, oneTime, "/officers/new-password");
        await AttackAsync(findings, newcomer, "/officers/new-password", new() { ["newPassword"] = "", ["confirmPassword"] = "" });

        // Own password chosen, no authenticator yet: the set-up page's code.
        var (unenrolled, _) = await app.Officers.CreateAsync("unenrolled@example.org", "Unenrolled Officer");
        await app.Officers.ChangePasswordAsync(unenrolled, ConsoleHost.Password);
        var enrolling = app.CreateBrowserlessClient();
        await PasswordAsync(enrolling, unenrolled.Email, ConsoleHost.Password, "/officers/set-up-authenticator");
        await AttackAsync(findings, enrolling, "/officers/set-up-authenticator", new() { ["otp"] = "000000" });

        // Still nobody is signed in on any of those clients.
        foreach (var client in new[] { anonymous, enrolled, newcomer, enrolling })
        {
            using var queue = await client.GetAsync("/officers");
            if (queue.StatusCode != HttpStatusCode.Redirect) findings.Fail("GET /officers after the attacks", $"status {(int)queue.StatusCode}: someone got signed in");
        }
        findings.CheckLog("the log", host.App.Log);
        findings.AssertNone(output, "Console sign-in");
    }

    private static async Task PasswordAsync(HttpClient client, string email, string password, string expectedNext)
    {
        using var response = await ConsoleHost.PostPasswordAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedNext, ConsoleHost.PathOf(response));
    }

    private static Task AttackAsync(Findings findings, HttpClient client, string path, Dictionary<string, string> baseline) =>
        FormAttacks.RunAsync(findings, client, path, baseline, Refused);
}
