using System.Globalization;
using ClickCeop.Web.Data;

namespace ClickCeop.Web.Notifications;

/// <summary>
/// `alerts failed|retry` from the command line, against the same configuration and database as the service. An alert
/// that gave up (after MaxAttempts) keeps /healthz Degraded until someone looks: this lists them, and sends them again
/// once the mail server is back. The running service's dispatcher picks them up within its PollInterval.
/// </summary>
public static class AlertsCommand
{
    /// <summary>
    /// `alerts failed` found some. Not 1, which is the command failing (CommandLine.RunAsync), nor 2, a usage mistake:
    /// a cron job or a monitor can tell alerts are waiting from the exit code alone.
    /// </summary>
    public const int AlertsHaveFailed = 3;

    public const string Usage = """
        Usage:
          alerts failed   lists the duty officer alerts that gave up, immediate risk first
          alerts retry    sends every failed alert again (the running service picks them up within seconds)

        Exit codes: 0 done (for alerts failed: no alert has failed), 3 alerts failed listed some,
        1 the command could not run (the line above says why), 2 this usage.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var action = args.ElementAtOrDefault(1);
        if (action is not ("failed" or "retry"))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        return await CommandLine.RunAsync(error, () => RunAsync(args, action, output));
    }

    private static async Task<int> RunAsync(string[] args, string action, TextWriter output)
    {
        var builder = CommandLine.CreateBuilder(args.Skip(2));
        builder.Services.AddSingleton<OutboxStore>();
        await using var app = builder.Build();
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        var store = app.Services.GetRequiredService<OutboxStore>();

        var failed = await store.FailedAsync(CancellationToken.None);
        if (failed.Count == 0)
        {
            await output.WriteLineAsync("No duty officer alert has failed.");
            return 0;
        }
        if (action == "failed")
        {
            foreach (var alert in failed)
            {
                var created = alert.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
                await output.WriteLineAsync(
                    $"{alert.Reference}  {(alert.Immediate ? "IMMEDIATE RISK" : "normal")}  to {alert.Recipient}  queued {created}  after {alert.Attempts} attempt(s): {alert.LastError}");
            }
            await output.WriteLineAsync($"{failed.Count} failed alert(s). Once the mail server takes them (what it answered put right): alerts retry");
            return AlertsHaveFailed;
        }
        var retried = await store.RetryFailedAsync(TimeProvider.System.GetUtcNow(), CancellationToken.None);
        await output.WriteLineAsync($"{retried} failed alert(s) will be sent again, immediate risk first, each with its own Message-ID as before.");
        return 0;
    }
}
