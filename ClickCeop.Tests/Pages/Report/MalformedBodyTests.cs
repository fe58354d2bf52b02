using System.Net;
using System.Text;
using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>Bodies no browser would send get a readable 4xx page from real Kestrel, never a 500.</summary>
public sealed class MalformedBodyTests : IDisposable
{
    private readonly AppHost _host = new AppHost().WithKestrel();

    private async Task<(HttpClient Client, string Token)> StartedAsync()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var journey = new JourneyClient(client);
        await journey.StartAsync();
        var page = await journey.GetAsync("/report/who-are-you");
        return (client, page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_readably()
    {
        var (client, token) = await StartedAsync();
        var body = "__RequestVerificationToken=" + Uri.EscapeDataString(token) + "&role=" + new string('a', 200_000);
        using var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(body)));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/report/who-are-you") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Too_many_fields_are_refused_readably()
    {
        var (client, token) = await StartedAsync();
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        fields.AddRange(Enumerable.Range(0, 3000).Select(i => new KeyValuePair<string, string>("x" + i, "")));

        using var response = await client.PostAsync("/report/who-are-you", new FormUrlEncodedContent(fields));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// A charset .NET will not decode (UTF-7 and its aliases, refused since .NET 5 with NotSupportedException rather than
    /// ignored like an unknown name), on the body or on one part of a multipart body: the form cannot be read, and that
    /// is the visitor's problem. Start needs no token, so anyone could otherwise cause a 500 and an error log at will.
    /// </summary>
    [Theory]
    [InlineData("/report/who-are-you", "application/x-www-form-urlencoded; charset=utf-7", false)]
    [InlineData("/report/who-are-you", "application/x-www-form-urlencoded; charset=csUnicode11UTF7", false)]
    [InlineData("/report/who-are-you", "multipart/form-data; boundary=zz", true)]
    [InlineData("/report", "application/x-www-form-urlencoded; charset=UTF-7", false)]
    [InlineData("/report", "multipart/form-data; boundary=zz", true)]
    public async Task A_form_in_a_charset_that_cannot_be_decoded_is_refused_readably(string path, string contentType, bool multipart)
    {
        var (client, token) = await StartedAsync();
        var body = multipart
            ? "--zz\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n" + token +
              "\r\n--zz\r\nContent-Disposition: form-data; name=\"role\"\r\nContent-Type: text/plain; charset=utf-7\r\n\r\nyoung-person\r\n--zz--\r\n"
            : "__RequestVerificationToken=" + Uri.EscapeDataString(token) + "&role=young-person";
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync(path, content);

        Assert.Empty(_host.Log.LinesFrom(Microsoft.Extensions.Logging.LogLevel.Error));
        Assert.InRange((int)response.StatusCode, 300, 499);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _host.Dispose();
}
