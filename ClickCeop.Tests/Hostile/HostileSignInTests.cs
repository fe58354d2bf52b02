using System.Net;
using System.Text;
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
        await app.Officers.ChangePasswordAsync(unenrolled.Id, ConsoleHost.Password);
        var enrolling = app.CreateBrowserlessClient();
        await PasswordAsync(enrolling, unenrolled.Email, ConsoleHost.Password, "/officers/set-up-authenticator");
        await AttackAsync(findings, enrolling, "/officers/set-up-authenticator", new() { ["otp"] = "000000" });

        // Still nobody is signed in on any of those clients.
        foreach (var client in new[] { anonymous, enrolled, newcomer, enrolling })
        {
            using var queue = await client.GetAsync("/officers");
            if (queue.StatusCode != HttpStatusCode.Redirect) findings.Fail("GET /officers after the attacks", $"status {(int)queue.StatusCode}: someone got signed in");
        }
        findings.AssertNone(output, "Console sign-in");
    }

    private static async Task PasswordAsync(HttpClient client, string email, string password, string expectedNext)
    {
        using var response = await ConsoleHost.PostPasswordAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedNext, ConsoleHost.PathOf(response));
    }

    private static async Task AttackAsync(Findings findings, HttpClient client, string path, Dictionary<string, string> baseline)
    {
        var page = await client.GetDocumentAsync(path);
        var form = RawForm.Of(page);
        Assert.Contains(RawForm.Antiforgery, form.Names);
        foreach (var (name, value) in baseline) form.Set(name, value);
        foreach (var name in form.Names)
        {
            foreach (var value in HostileValues.For(form.MaxLengths.GetValueOrDefault(name, 100)))
            {
                using var response = await form.Copy().Set(name, value.Encoded).PostAsync(client);
                await findings.CheckAsync($"POST {path} {name} = {value.Label}", response, Refused);
            }
            if (name != RawForm.Antiforgery)
            {
                using var repeated = await form.Copy().Add(name, HostileValues.Script).PostAsync(client);
                await findings.CheckAsync($"POST {path} {name} repeated", repeated, Refused);
            }
        }
        var cases = new (string What, RawForm Form)[]
        {
            ("without an antiforgery token", form.Copy().Remove(RawForm.Antiforgery)),
            ("with a wrong antiforgery token", form.Copy().Set(RawForm.Antiforgery, "CfDJ8" + new string('A', 150))),
            ("with the antiforgery token repeated", form.Copy().Add(RawForm.Antiforgery, form.ValueOf(RawForm.Antiforgery)!)),
            ("without a token, with extra fields code=999", form.Copy().Remove(RawForm.Antiforgery).Add("code", "999").Add("unexpected", HostileValues.Script)),
            ("with unknown extra fields", form.Copy().Add("unexpected", HostileValues.BreakOut).Add("code", "999").Add("returnUrl", "https://evil.example/")),
        };
        foreach (var (what, attack) in cases)
        {
            using var response = await attack.PostAsync(client);
            await findings.CheckAsync($"POST {path} {what}", response, Refused);
        }
        // Refused by its size before a byte of it is read, like the journey's.
        using (var huge = await form.Copy().Set(form.Names.First(n => n != RawForm.Antiforgery), Encoding.ASCII.GetBytes(new string('a', 2 * 1024 * 1024))).PostAsync(client))
        {
            await findings.CheckAsync($"POST {path} with a 2 MB body", huge, HttpStatusCode.RequestEntityTooLarge);
        }
    }
}
