using System.Net;
using ClickCeop.Web.Officers;

namespace ClickCeop.Tests.Officers;

/// <summary>Over HTTP, through both sign-in steps: the "return to this report" address is only ever a console path.</summary>
public sealed class SignInReturnTests : IDisposable
{
    // Kestrel, not the in-memory server: only a real server refuses a Location header it cannot send.
    private readonly ConsoleHost _host = new();

    public SignInReturnTests() => _host.WithKestrel();

    [Theory(Timeout = 60_000)]
    [InlineData("https://evil.example/officers", "/officers")]
    [InlineData("//evil.example/officers", "/officers")]
    [InlineData("/\\evil.example", "/officers")]
    [InlineData("/officers/reports/abc123", "/officers/reports/abc123")]
    [InlineData("/officers/\u00e9", "/officers")]
    [InlineData("/officers/reports/a\u202eb", "/officers")]
    public async Task Only_a_local_console_address_is_returned_to(string returnUrl, string expected)
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = Faults.Reporter.NewBrowser(_host.BaseAddress);

        using var password = await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        using var code = await ConsoleHost.PostCodeAsync(client, _host.CodeNow(officer));

        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        var location = code.Headers.Location!;
        Assert.False(location.IsAbsoluteUri && location.Host != "localhost", location.ToString());
        Assert.Equal(expected, location.OriginalString);
        Assert.DoesNotContain("evil", location.OriginalString, StringComparison.Ordinal);
        Assert.Equal(OfficerSignIn.HomePath, expected[..OfficerSignIn.HomePath.Length]);
    }

    public void Dispose() => _host.Dispose();
}
