using System.Net;
using System.Text;

namespace ClickCeop.Tests.Hostile;

/// <summary>The checker itself must see what it is meant to catch, or the hostile suites could never fail.</summary>
public sealed class FindingsTests
{
    private static HttpResponseMessage Answer(HttpStatusCode status, string html) => new(status)
    {
        Content = new StringContent(html, Encoding.UTF8, "text/html"),
        RequestMessage = new HttpRequestMessage(HttpMethod.Post, "http://localhost/report/where"),
    };

    private const string Readable = "<html><head><title>Error: Where</title></head><body><main><div class=\"error-summary\">There is a problem</div><h1>Where</h1></main></body></html>";

    [Fact]
    public async Task A_readable_refusal_passes()
    {
        var findings = new Findings();
        await findings.CheckAsync("readable", Answer(HttpStatusCode.BadRequest, Readable), HttpStatusCode.BadRequest);
        Assert.Empty(findings.Failures);
        Assert.Equal(1, findings.Cases);
    }

    [Theory]
    [InlineData(500, Readable, "500")]
    [InlineData(404, Readable, "status 404")]
    [InlineData(400, "<html><body>Bad Request</body></html>", "not a readable page")]
    [InlineData(400, "<html><head><title>x</title></head><body><main><h1>Where</h1><input value=\"\"'><img src=x onerror=alert(1)>\"></main></body></html>", "injected <img src=x>")]
    [InlineData(400, "<html><head><title>x</title></head><body><main><h1>Where</h1><p><script>alert(1)</script></p></main></body></html>", "raw <script")]
    [InlineData(400, "<html><head><title>x</title></head><body><main><h1>Oops</h1><pre>System.InvalidOperationException: at ClickCeop.Web.Pages.X()</pre></main></body></html>", "Exception")]
    [InlineData(400, "<html><head><title>x</title></head><body><main><h1>Oops</h1><pre>   at Foo.Bar.Baz(String x)</pre></main></body></html>", "stack frame")]
    public async Task What_it_must_catch_is_caught(int status, string html, string expected)
    {
        var findings = new Findings();
        await findings.CheckAsync("bad", Answer((HttpStatusCode)status, html), HttpStatusCode.BadRequest);
        Assert.Contains(findings.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redirect_carrying_what_was_typed_is_caught()
    {
        var findings = new Findings();
        var answer = Answer(HttpStatusCode.SeeOther, "");
        answer.Headers.Location = new Uri("/report/where?platform=%3Cscript%3E", UriKind.Relative);
        await findings.CheckAsync("redirect", answer, HttpStatusCode.SeeOther);
        Assert.Contains(findings.Failures, f => f.Contains("not a plain local path", StringComparison.Ordinal));
    }
}
