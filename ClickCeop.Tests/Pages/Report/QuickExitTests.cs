using System.Net;
using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>
/// "Leave this site" on a shared device: whatever else fails, the person is taken away and the browser is told to
/// forget the draft. A failure of our own must never keep them on a page of ours instead.
/// </summary>
public sealed class QuickExitTests : IDisposable
{
    private readonly AppHost _host = new();

    [Fact]
    public async Task Leaving_while_the_database_refuses_the_delete_still_leaves_and_clears_the_browser()
    {
        var journey = new JourneyClient(_host.CreateBrowserlessClient());
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));

        // A real failure (a full disk, a held lock after its 30 s): SQLite refuses the draft's delete.
        HttpResponseMessage exit;
        await using (await DatabaseFile.RefuseAsync(_host.DatabasePath, "BEFORE DELETE ON drafts"))
        {
            exit = await journey.Client.GetAsync("/exit");
        }

        using (exit)
        {
            Assert.Equal(HttpStatusCode.SeeOther, exit.StatusCode);
            Assert.Equal("https://www.bbc.co.uk/weather", exit.Headers.Location?.ToString());
            Assert.Contains("\"cookies\"", string.Join(",", exit.Headers.TryGetValues("Clear-Site-Data", out var clear) ? clear : []));
            Assert.Contains(exit.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("ceop-draft=;", StringComparison.Ordinal));
            Assert.Contains("no-store", exit.Headers.CacheControl?.ToString());
        }

        // The browser holds no draft any more, so the journey cannot be picked up from this device.
        using var after = await journey.Client.GetAsync("/report/what-is-happening");
        Assert.Equal(HttpStatusCode.SeeOther, after.StatusCode);
        Assert.Equal("/report", after.Headers.Location?.ToString());
    }

    public void Dispose() => _host.Dispose();
}
