using System.Net;
using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Data;

/// <summary>
/// Every form carries an antiforgery token protected by the Data Protection key ring. The ring is kept beside the
/// database, so a reporter halfway through the form when the service restarts can still press Continue.
/// </summary>
public sealed class KeyRingTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_form_rendered_before_a_restart_is_accepted_after_it()
    {
        var folder = TestFolders.NewTemporary("keys");
        var cookies = new CookieContainer(); // cookies belong to 127.0.0.1 whatever the port, as in a browser

        var first = new AppHost(dataFolder: folder).WithKestrel();
        using var before = Client(first.BaseAddress, cookies);
        var start = await before.GetDocumentAsync("/report");
        using (var started = await before.SubmitAsync(start))
        {
            Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        }
        var question = await before.GetDocumentAsync("/report/who-are-you");
        await first.DisposeAsync();

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "keys"), "*.xml"));

        await using var second = new AppHost(dataFolder: folder).WithKestrel();
        using var after = Client(second.BaseAddress, cookies);
        using var answered = await after.SubmitAsync(question, FormPost.Fields(("role", "young-person")));

        Assert.Equal(HttpStatusCode.SeeOther, answered.StatusCode);
        Assert.Equal("/report/what-is-happening", answered.Headers.Location?.OriginalString);
    }

    private static HttpClient Client(Uri baseAddress, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
}
