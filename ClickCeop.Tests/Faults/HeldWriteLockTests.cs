using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using ClickCeop.Widget;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Faults;

/// <summary>
/// Another process holds SQLite's write lock: an administrator's sqlite3 shell left inside a transaction, or a slow
/// disk. Writers must then wait without holding a thread each, or the thread pool runs out and pages that never
/// write (the badge, every question's GET) stop being answered too, for as long as the lock is held (bench/README.md).
/// </summary>
public sealed class HeldWriteLockTests(ITestOutputHelper output) : IDisposable
{
    // More waiting writers than any test machine's thread pool has threads to spare.
    private const int Writers = 100;

    private readonly AppHost _host = new AppHost(new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
    }).WithKestrel();

    [Fact(Timeout = 120_000)]
    public async Task While_another_process_holds_the_lock_the_badge_and_pages_are_answered_and_the_waiting_writes_then_go_through()
    {
        using var reader = Client(cookies: true);
        var journey = new JourneyClient(reader);
        Assert.Equal("/report/who-are-you", await journey.StartAsync());
        using var badges = Client(cookies: false);
        using var writers = Client(cookies: false);

        List<Task<HttpResponseMessage>> starts;
        await using (await DatabaseFile.HoldWriteLockAsync(_host.DatabasePath))
        {
            // Each Start now writes a new draft, so each waits for the lock.
            starts = Enumerable.Range(0, Writers).Select(_ => writers.PostAsync("/report", new FormUrlEncodedContent([]))).ToList();

            // Bounded well above what the thread pool takes to replace the few threads that wait inside SQLite (seconds)
            // and well below how long every other writer would hold one (up to 30 s each) if they all waited there.
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            foreach (var path in new[] { BadgeMiddleware.ButtonPath, BadgeMiddleware.ImagePath, "/report", "/report/who-are-you" })
            {
                var client = path == "/report/who-are-you" ? reader : badges;
                HttpResponseMessage response;
                var asked = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    response = await client.GetAsync(path, bounded.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new Xunit.Sdk.XunitException($"{path} was not answered within 20 s while {Writers} writers waited for the lock.");
                }
                output.WriteLine($"{(int)response.StatusCode} {path} while the lock is held, after {asked.Elapsed.TotalSeconds:0.000} s");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
            Assert.DoesNotContain(starts, start => start.IsCompletedSuccessfully && start.Result.StatusCode == HttpStatusCode.SeeOther);
        }

        var answered = await Task.WhenAll(starts);
        Assert.All(answered, response => Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode));
        Assert.Equal(Writers + 1, JourneyClient.CountDrafts(_host.DatabasePath));
        foreach (var response in answered)
        {
            response.Dispose();
        }
    }

    private HttpClient Client(bool cookies) =>
        new(new SocketsHttpHandler { UseCookies = cookies, AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };

    public void Dispose() => _host.Dispose();
}
