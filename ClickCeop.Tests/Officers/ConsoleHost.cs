using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Officers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace ClickCeop.Tests.Officers;

/// <summary>A clock the test moves by hand: lockouts and session timeouts are tested without sleeping.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    // Read by background services (dispatcher, escalation) while the test moves it: one atomic 64-bit value.
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>The real app (AppHost) with its TimeProvider replaced by a <see cref="TestClock"/>, and helpers for officers.</summary>
public sealed class ConsoleHost : AppHost
{
    public const string Password = "correct staple battery horse lamp";

    public TestClock Clock { get; }

    /// <param name="dataFolder">Another host's folder, to restart the app on the same database.</param>
    /// <param name="clockStart">Where the clock starts (a restarted host carries on from the previous host's time).</param>
    public ConsoleHost(IDictionary<string, string?>? settings = null, string? dataFolder = null, DateTimeOffset? clockStart = null)
        : base(settings, dataFolder)
    {
        Clock = new TestClock(clockStart ?? DateTimeOffset.UtcNow);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public OfficerStore Officers => Services.GetRequiredService<OfficerStore>();

    public sealed record TestOfficer(string Id, string Email, string Name, string Secret);

    /// <summary>An officer past first sign-in: own password chosen, authenticator enrolled (its code's step then used up).</summary>
    public async Task<TestOfficer> EnrolledOfficerAsync(string email = "duty@example.org", string name = "Dana Duty")
    {
        var (officer, _) = await Officers.CreateAsync(email, name);
        Assert.Equal(PasswordChange.Changed, await Officers.ChangePasswordAsync(officer, Password));
        var secret = await Officers.BeginEnrolmentAsync(officer.Id);
        Assert.Equal(CodeCheck.Accepted, await Officers.ConfirmEnrolmentAsync(officer.Id, CodeAt(secret, Clock.Now)));
        // The enrolment code's time step is spent; the next sign-in needs the next one.
        Clock.Advance(TimeSpan.FromSeconds(30));
        return new TestOfficer(officer.Id, email, name, secret);
    }

    /// <summary>The path a redirect points at, whether the Location is absolute or relative.</summary>
    public static string PathOf(HttpResponseMessage redirect) =>
        new Uri(new Uri("http://localhost"), redirect.Headers.Location ?? throw new Xunit.Sdk.XunitException("No Location header")).AbsolutePath;

    public static string CodeAt(string secret, DateTimeOffset when) =>
        new Totp(Base32Encoding.ToBytes(secret), step: 30).ComputeTotp(when.UtcDateTime);

    public string CodeNow(TestOfficer officer) => CodeAt(officer.Secret, Clock.Now);

    /// <summary>Posts the real sign-in forms; returns the password step's response.</summary>
    public static async Task<HttpResponseMessage> PostPasswordAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var page = await client.GetDocumentAsync(OfficerSignIn.SignInPath + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        return await client.SubmitAsync(page, FormPost.Fields(("email", email), ("password", password)));
    }

    public static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string code)
    {
        var page = await client.GetDocumentAsync("/officers/sign-in/code");
        return await client.SubmitAsync(page, FormPost.Fields(("otp", code)));
    }

    /// <summary>
    /// An officer busy all along (a request every 20 minutes, inside the idle timeout) keeps the console until
    /// <paramref name="absolute"/> after signing in, and is sent to sign in again just past it.
    /// </summary>
    public async Task AssertSessionLastsAsync(HttpClient client, TimeSpan absolute)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < absolute - TimeSpan.FromMinutes(20); elapsed += TimeSpan.FromMinutes(20))
        {
            Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/officers")).StatusCode);
        }
        Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/officers")).StatusCode);
    }

    /// <summary>Signs in through both steps and returns the officer cookie as sent ("name=value"), for replay tests.</summary>
    public async Task<string> SignInAsync(HttpClient client, TestOfficer officer)
    {
        using var password = await PostPasswordAsync(client, officer.Email, Password);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal("/officers/sign-in/code", password.Headers.Location?.OriginalString);
        using var code = await PostCodeAsync(client, CodeNow(officer));
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        var cookie = code.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ceop-officer=", StringComparison.Ordinal) || c.StartsWith("__Host-ceop-officer=", StringComparison.Ordinal));
        return cookie.Split(';')[0];
    }
}
