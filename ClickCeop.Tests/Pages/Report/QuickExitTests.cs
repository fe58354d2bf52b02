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

    [Fact(Timeout = 120_000)]
    public async Task Leaving_while_another_process_holds_the_write_lock_is_answered_at_once_and_the_draft_goes_after()
    {
        var journey = new JourneyClient(_host.CreateBrowserlessClient());
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));

        // An administrator's sqlite3 shell left inside a transaction: every write waits up to 30 s for the lock.
        await using (await DatabaseFile.HoldWriteLockAsync(_host.DatabasePath))
        {
            // Bounded well below the 30 s a write waits and well above a request on a loaded test machine.
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            HttpResponseMessage exit;
            try
            {
                exit = await journey.Client.GetAsync("/exit", bounded.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException("/exit was not answered within 10 s while another process held the write lock: the person is still on the site.");
            }
            using (exit)
            {
                Assert.Equal(HttpStatusCode.SeeOther, exit.StatusCode);
                Assert.Equal("https://www.bbc.co.uk/weather", exit.Headers.Location?.ToString());
                Assert.Contains(exit.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("ceop-draft=;", StringComparison.Ordinal));
            }
        }

        // Once the lock is let go, the waiting delete goes through: the draft does not outlive its reporter's exit.
        using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (JourneyClient.CountDrafts(_host.DatabasePath) > 0)
        {
            await Task.Yield();
            Assert.False(gone.IsCancellationRequested, "The draft was never deleted after the lock was let go.");
        }
    }

    public void Dispose() => _host.Dispose();
}
