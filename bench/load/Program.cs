using System.Diagnostics;
using System.Globalization;

namespace ClickCeop.Bench.Load;

// Journeys under load: N reporters walk the whole reporting form against the Release build of the app, run as a
// child process on 127.0.0.1 with a fresh SQLite file and its alerts going to an SMTP sink inside this process.
// Run: dotnet build -c Release ClickCeop.Web && dotnet run -c Release --project bench/load -- [--reporters N] [--seconds S]
internal static class LoadBench
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        var appDll = options.AppDll ?? Path.Combine(RepositoryRoot(), "ClickCeop.Web", "bin", "Release", "net10.0", "ClickCeop.Web.dll");
        if (!File.Exists(appDll))
        {
            Console.Error.WriteLine($"{appDll} is missing. Build the app first: dotnet build -c Release ClickCeop.Web");
            return 2;
        }

        var work = Path.Combine(Path.GetTempPath(), "clickceop-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            await using var sink = AlertSink.Start(TimeSpan.FromMilliseconds(options.MailDelayMs));
            var settings = new Dictionary<string, string>
            {
                ["Data:ConnectionString"] = $"Data Source={Path.Combine(work, "load.db")}",
                ["Notifications:Smtp:Host"] = "127.0.0.1",
                ["Notifications:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
                ["Notifications:Smtp:Tls"] = "None",
                // Production refuses a console address that is not public https; the alerts only need one to link to.
                ["Notifications:ConsoleBaseUrl"] = "https://console.clickceop.test",
                ["Notifications:PickupFolder"] = Path.Combine(work, "mail-pickup"),
                // The submit limit is per client address, and every simulated reporter comes from 127.0.0.1.
                ["Journey:SubmitsPerWindow"] = "100000",
                ["Journey:SubmitWindowMinutes"] = "1",
            };
            for (var i = 0; i < options.Officers; i++)
            {
                settings[$"Notifications:DutyOfficers:{i}"] = $"duty.officer{i + 1}@nca.example";
            }
            if (options.Senders is { } senders)
            {
                settings["Notifications:Senders"] = senders.ToString(CultureInfo.InvariantCulture);
            }

            await using var app = await AppServer.StartAsync(appDll, settings);
            Console.WriteLine($"{Environment.ProcessorCount} cores, app pid {app.Pid} at {app.BaseAddress}, database {work}, " +
                $"{options.Reporters} reporters, {options.WarmUpSeconds} s warm-up + {options.Seconds} s measured, " +
                $"{options.ImmediateShare:P0} immediate risk, {options.Officers} duty officers, " +
                $"mail server answers each message after {options.MailDelayMs} ms, {(options.Senders is { } n ? n.ToString(CultureInfo.InvariantCulture) : "default")} SMTP senders");

            var run = await LoadRun.RunAsync(app, options);
            var delivery = await sink.WaitForDeliveryAsync(run.SubmittedReferences, options.Officers, TimeSpan.FromSeconds(options.DrainSeconds));
            Report.Print(run, delivery, sink, app, options);
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless; the figures are already printed.
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ClickCeop.sln")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException("Run the bench from inside the repository (ClickCeop.sln not found above it).");
    }
}

internal sealed record BenchOptions(
    int Reporters, int Seconds, int WarmUpSeconds, double ImmediateShare, int Officers, int DrainSeconds, string? AppDll, bool Help,
    int MailDelayMs = 0, int? Senders = null)
{
    public const string Usage =
        "dotnet run -c Release --project bench/load -- [--reporters N=32] [--seconds S=30] [--warm-up W=30]\n" +
        "    [--immediate-share 0.1] [--officers 2] [--drain-seconds 60] [--app path/to/ClickCeop.Web.dll]\n" +
        "    [--mail-delay-ms 0] [--senders N (the app's Notifications:Senders; default: the app's own)]";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(32, 30, 30, 0.1, 2, 60, null, false);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new ArgumentException($"{args[i]} needs a positive whole number");
            options = args[i] switch
            {
                "--reporters" or "-n" => options with { Reporters = Int() },
                "--seconds" or "-s" => options with { Seconds = Int() },
                "--warm-up" => options with { WarmUpSeconds = Int() },
                "--officers" => options with { Officers = Int() },
                "--drain-seconds" => options with { DrainSeconds = Int() },
                "--immediate-share" => options with
                {
                    ImmediateShare = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1
                        ? share : throw new ArgumentException("--immediate-share needs a number from 0 to 1"),
                },
                "--app" => options with { AppDll = Path.GetFullPath(Value()) },
                "--mail-delay-ms" => options with
                {
                    MailDelayMs = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var delay) && delay >= 0
                        ? delay : throw new ArgumentException("--mail-delay-ms needs a whole number from 0"),
                },
                "--senders" => options with { Senders = Int() },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown argument {args[i]}"),
            };
        }
        return options;
    }
}

/// <summary>Monotonic time shared by the reporters and the SMTP sink (same process, same clock).</summary>
internal static class Clock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public static long After(long from, double seconds) => from + (long)(seconds * Stopwatch.Frequency);
}
