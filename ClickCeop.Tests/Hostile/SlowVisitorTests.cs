using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Hostile;

/// <summary>
/// Slow visitors ("slowloris"): connections that send their request a few bytes at a time to keep the server's
/// connections busy. The server's limits (Kestrel's: request headers within 30 s, a body at 240 bytes/s after 5 s)
/// cut them off with an answer, and reporters are answered as usual meanwhile. Real Kestrel, real sockets.
/// </summary>
public sealed class SlowVisitorTests(ITestOutputHelper output) : IDisposable
{
    private const int Visitors = 100;

    private readonly AppHost _host = new AppHost().WithKestrel();

    [Fact(Timeout = 120_000)]
    public async Task Connections_that_drip_their_headers_are_cut_off_with_408_and_a_reporter_is_answered_meanwhile()
    {
        var visitors = await Task.WhenAll(Enumerable.Range(0, Visitors).Select(_ =>
            SlowVisitor.StartAsync(_host.BaseAddress, "GET /report HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: 1\r\n")));

        var reporter = Stopwatch.StartNew();
        var journey = new JourneyClient(Client());
        Assert.Equal("/report/who-are-you", await journey.StartAsync());
        Assert.Equal("/report/what-is-happening", await journey.AnswerAsync("/report/who-are-you", ("role", "young-person")));
        output.WriteLine($"A reporter started and answered a question in {reporter.Elapsed.TotalSeconds:0.000} s while {Visitors} connections dripped their headers.");
        Assert.DoesNotContain(visitors, visitor => visitor.Answered.IsCompleted);

        var answers = await Task.WhenAll(visitors.Select(visitor => visitor.Answered));
        Assert.All(answers, answer => Assert.StartsWith("HTTP/1.1 408 ", answer.Text, StringComparison.Ordinal));
        output.WriteLine($"Each was answered 408 and closed after {answers.Min(a => a.After.TotalSeconds):0.0} to {answers.Max(a => a.After.TotalSeconds):0.0} s.");
        Assert.All(answers, answer => Assert.InRange(answer.After, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(60)));
        AssertNoErrorLogged();
    }

    [Fact(Timeout = 120_000)]
    public async Task Connections_that_drip_an_answer_get_the_readable_400_page_and_the_reporters_own_answer_goes_through()
    {
        var cookies = new CookieContainer();
        var journey = new JourneyClient(Client(cookies));
        await journey.StartAsync();
        var cookieHeader = cookies.GetCookieHeader(_host.BaseAddress);
        var request = "POST /report/who-are-you HTTP/1.1\r\nHost: localhost\r\n" +
            $"Cookie: {cookieHeader}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\nrole=";
        var visitors = await Task.WhenAll(Enumerable.Range(0, Visitors).Select(_ => SlowVisitor.StartAsync(_host.BaseAddress, request, "a")));

        Assert.Equal("/report/what-is-happening", await journey.AnswerAsync("/report/who-are-you", ("role", "parent-or-carer")));

        var answers = await Task.WhenAll(visitors.Select(visitor => visitor.Answered));
        output.WriteLine($"{Visitors} dripped answers were refused after {answers.Min(a => a.After.TotalSeconds):0.0} to {answers.Max(a => a.After.TotalSeconds):0.0} s.");
        Assert.All(answers, answer =>
        {
            Assert.StartsWith("HTTP/1.1 400 ", answer.Text, StringComparison.Ordinal);
            Assert.Contains("Sorry, we could not read what you sent", answer.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", answer.Text, StringComparison.Ordinal);
        });
        var whoAreYou = await journey.GetAsync("/report/who-are-you");
        Assert.NotNull(whoAreYou.QuerySelector("input[name=role][value=parent-or-carer][checked]"));
        AssertNoErrorLogged();
    }

    /// <summary>A slow visitor is the visitor's problem: nothing for whoever watches the log to be woken for.</summary>
    private void AssertNoErrorLogged() => Assert.Empty(_host.Log.LinesFrom(Microsoft.Extensions.Logging.LogLevel.Error));

    private HttpClient Client(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = _host.BaseAddress,
        };

    public void Dispose() => _host.Dispose();

    /// <summary>A raw connection that sends its request's start, then one more piece every half second until answered.</summary>
    private sealed class SlowVisitor
    {
        private SlowVisitor(Task<(string Text, TimeSpan After)> answered) => Answered = answered;

        /// <summary>What the server sent before it closed the connection, and after how long.</summary>
        public Task<(string Text, TimeSpan After)> Answered { get; }

        public static async Task<SlowVisitor> StartAsync(Uri server, string start, string piece)
        {
            var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(server.Host, server.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(start));
            var clock = Stopwatch.StartNew();
            var reading = ReadToEndAsync(stream, clock);
            _ = DripAsync(stream, Encoding.ASCII.GetBytes(piece), reading);
            return new SlowVisitor(CloseAfter(client, reading));
        }

        private static async Task DripAsync(NetworkStream stream, byte[] piece, Task answered)
        {
            while (!answered.IsCompleted)
            {
                await Task.WhenAny(answered, Task.Delay(500));
                try
                {
                    await stream.WriteAsync(piece);
                }
                catch (Exception exception) when (exception is IOException or ObjectDisposedException)
                {
                    return; // closed by the server
                }
            }
        }

        private static async Task<(string, TimeSpan)> ReadToEndAsync(NetworkStream stream, Stopwatch clock)
        {
            var text = new StringBuilder();
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }
            }
            catch (IOException)
            {
                // Reset after its answer: what was read is the answer.
            }
            return (text.ToString(), clock.Elapsed);
        }

        private static async Task<(string, TimeSpan)> CloseAfter(TcpClient client, Task<(string, TimeSpan)> reading)
        {
            using (client)
            {
                return await reading;
            }
        }
    }
}
