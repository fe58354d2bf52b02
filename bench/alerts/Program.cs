using System.Diagnostics;
using System.Globalization;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Bench.Alerts;

// Measures how long an immediate-risk alert takes from the moment the report is committed (the confirmation page is
// rendered right after SubmitAsync returns) to a real SMTP server on 127.0.0.1 accepting the message, for every duty
// officer. Run: dotnet run -c Release --project bench/alerts [samples] [immediatePerSecond] [backgroundPerSecond]
internal static class AlertLatencyBench
{
    public static async Task Main(string[] args)
    {
        if (args is ["smtp", ..])
        {
            await SmtpBaselineAsync();
            return;
        }
        var samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var immediateRate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var backgroundRate = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 25;
        string[] officers = ["officer.a@nca.example", "officer.b@nca.example"];

        Console.WriteLine($"{Environment.ProcessorCount} cores, {samples} immediate-risk reports at {immediateRate}/s, {officers.Length} duty officers");
        Console.WriteLine($"{"scenario",-44} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"msgs",6}");
        await RunAsync("immediate risk alone", background: 0);
        await RunAsync($"immediate risk + {backgroundRate}/s normal reports", backgroundRate);

        async Task RunAsync(string name, double background)
        {
            await using var sink = SmtpSink.StartNew();
            var folder = Path.Combine(Path.GetTempPath(), "clickceop-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var settings = new Dictionary<string, string?>(sink.Settings)
            {
                ["Data:ConnectionString"] = $"Data Source={Path.Combine(folder, "bench.db")}",
                ["Notifications:PickupFolder"] = Path.Combine(folder, "mail-pickup"),
                ["Logging:LogLevel:Default"] = "Warning",
            };
            for (var i = 0; i < officers.Length; i++)
            {
                settings[$"Notifications:DutyOfficers:{i}"] = officers[i];
            }
            await using var host = new BenchHost(settings);
            host.StartServer();
            var store = host.Services.GetRequiredService<ReportStore>();

            // Warm up (JIT, connection pool, first SMTP connection) before measuring.
            await store.SubmitAsync(Report(Danger.Yes), "warm-up");
            await sink.WaitForAsync(officers.Length, TimeSpan.FromSeconds(30));

            using var stop = new CancellationTokenSource();
            var normals = 0;
            var load = background <= 0 ? Task.CompletedTask : Task.Run(async () =>
            {
                var clock = Stopwatch.StartNew();
                while (!stop.IsCancellationRequested)
                {
                    await store.SubmitAsync(Report(Danger.No), $"normal-{normals}");
                    normals++;
                    var next = TimeSpan.FromSeconds(normals / background) - clock.Elapsed;
                    if (next > TimeSpan.Zero)
                    {
                        await Task.Delay(next);
                    }
                }
            });

            var committed = new Dictionary<string, DateTimeOffset>();
            var pace = Stopwatch.StartNew();
            for (var i = 0; i < samples; i++)
            {
                var report = Report(Danger.Yes);
                var result = await store.SubmitAsync(report, $"urgent-{i}");
                committed[result.Report.Reference] = DateTimeOffset.UtcNow;
                var next = TimeSpan.FromSeconds((i + 1) / immediateRate) - pace.Elapsed;
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next);
                }
            }
            await stop.CancelAsync();
            await load;

            var expected = officers.Length * (1 + samples + normals);
            var all = await sink.WaitForAsync(expected, TimeSpan.FromSeconds(120));
            // The alert has arrived when the last officer's copy is accepted.
            var latencies = all
                .Select(m => (Reference: (m.Message.Subject ?? "").Split(' ').Last(), m.AcceptedAt))
                .Where(m => committed.ContainsKey(m.Reference))
                .GroupBy(m => m.Reference)
                .Select(g => (g.Max(m => m.AcceptedAt) - committed[g.Key]).TotalMilliseconds)
                .Order()
                .ToArray();
            Console.WriteLine($"{name,-44} {Percentile(latencies, 0.50),8:F1} {Percentile(latencies, 0.99),8:F1} {latencies[^1],8:F1} {all.Count,6}");
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>MailKit alone against the sink: what one connect and one send cost, without the app.</summary>
    private static async Task SmtpBaselineAsync()
    {
        await using var sink = SmtpSink.StartNew();
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            using var client = new MailKit.Net.Smtp.SmtpClient();
            await client.ConnectAsync("127.0.0.1", sink.Port, MailKit.Security.SecureSocketOptions.None);
            var connected = clock.Elapsed.TotalMilliseconds;
            var sends = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                var message = new MimeKit.MimeMessage();
                message.From.Add(MimeKit.MailboxAddress.Parse("a@clickceop.invalid"));
                message.To.Add(MimeKit.MailboxAddress.Parse("b@nca.example"));
                message.Subject = "baseline";
                message.Body = new MimeKit.TextPart("plain") { Text = "hello" };
                var start = clock.Elapsed.TotalMilliseconds;
                await client.SendAsync(message);
                sends.Add(clock.Elapsed.TotalMilliseconds - start);
            }
            await client.DisconnectAsync(true);
            Console.WriteLine($"round {round + 1}: connect {connected:F1} ms, sends {string.Join(" ", sends.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))} ms");
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static Report Report(Danger danger) => new()
    {
        Id = ReferenceNumber.NewId(),
        Reference = ReferenceNumber.New(),
        ReceivedAt = DateTimeOffset.UtcNow,
        Partner = "example-social",
        ReporterRole = ReporterRole.YoungPerson,
        Categories = [Category.AskedForSexualImages, Category.WantsToMeet],
        Danger = danger,
        Platform = "Example Social",
        OtherPersonIdentifiers = ["@stranger_42"],
        Narrative = "He keeps asking me for pictures and says he will come to my school.",
        Reporter = new ReporterDetails("Sam", 12),
        Contact = new ContactPreferences("sam@example.org", null, TextSafe: false, VoicemailSafe: false, SafeTimes: null),
    };
}

internal sealed class BenchHost(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
    }
}
