using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Notifications;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Notifications;

/// <summary>
/// A mail server that refuses an alert past every retry leaves it failed and /healthz Degraded (a server that cannot be
/// reached fails none: they wait). The operator lists them and, once what the server answered is put right, sends them
/// again with `alerts retry`; the running service sends each once, as the same message.
/// </summary>
public sealed class AlertsCommandTests : IAsyncLifetime
{
    private readonly SmtpSink _sink = SmtpSink.StartNew();
    private AppHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact(Timeout = 60_000)]
    public async Task Failed_alerts_are_listed_and_sent_again_once_the_server_is_back()
    {
        _sink.Reply = _ => 451; // the server is there but will not take mail, past every retry
        _host = new AppHost(new Dictionary<string, string?>(_sink.Settings)
        {
            ["Notifications:DutyOfficers:0"] = "dana@nca.example",
            ["Notifications:MaxAttempts"] = "2",
            ["Notifications:InitialBackoff"] = "00:00:00.050",
            ["Notifications:MaxBackoff"] = "00:00:00.100",
            ["Notifications:PollInterval"] = "00:00:00.200",
        });
        _host.StartServer();
        var report = SampleReports.YoungPerson(Danger.Yes);
        await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(report, "draft-outage");
        await DatabaseFile.WaitForCountAsync(_host.DatabasePath, "SELECT COUNT(*) FROM outbox WHERE status = 'failed'", 1);
        var client = _host.CreateBrowserlessClient();
        Assert.Equal("Degraded", await client.GetStringAsync("/healthz"));

        var (listed, list) = await RunAsync("failed");
        _sink.Reply = _ => null; // back
        var (retried, retry) = await RunAsync("retry");
        var delivered = await _sink.WaitForAsync(1);
        await DatabaseFile.WaitForCountAsync(_host.DatabasePath, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'", 1);
        var (again, nothingLeft) = await RunAsync("retry");
        var (noneListed, noneFailed) = await RunAsync("failed");

        // Exit code 3, neither 1 (the command failed) nor 2 (usage): a cron job or a monitor can tell alerts are waiting.
        Assert.True(listed == 3, $"alerts failed with a failed alert exited {listed}");
        Assert.Contains($"{report.Reference}  IMMEDIATE RISK  to dana@nca.example", list, StringComparison.Ordinal);
        Assert.Contains("after 2 attempt(s): SMTP 451", list, StringComparison.Ordinal);
        Assert.Contains("1 failed alert(s).", list, StringComparison.Ordinal);
        Assert.Equal(0, retried);
        Assert.StartsWith("1 failed alert(s) will be sent again", retry, StringComparison.Ordinal);
        var message = Assert.Single(delivered).Message;
        Assert.Equal(
            Assert.Single(await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT message_id FROM outbox")),
            message.MessageId);
        // Its attempts were counted afresh: the one send since the retry is attempt 1 of a new MaxAttempts, not attempt
        // 3 of 2, which would fail it again at the first refusal of a server not quite back.
        Assert.Equal("1", Assert.Single(await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT attempts FROM outbox")));
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Equal(0, again);
        Assert.Equal("No duty officer alert has failed.", nothingLeft.Trim());
        Assert.True(noneListed == 0, $"alerts failed with none failed exited {noneListed}");
        Assert.Equal("No duty officer alert has failed.", noneFailed.Trim());
        Assert.Single(_sink.Accepted);
    }

    [Fact]
    public async Task Anything_else_prints_the_usage()
    {
        var error = new StringWriter();
        Assert.Equal(2, await AlertsCommand.RunAsync(["alerts", "delete"], TextWriter.Null, error));
        Assert.Contains("alerts retry", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A database a newer version migrated: one line saying so and exit code 1, so cron notices, not a stack trace.</summary>
    [Fact]
    public async Task A_database_a_newer_version_migrated_is_one_clear_line_and_exit_code_1()
    {
        var database = Path.Combine(TestFolders.NewTemporary("alerts-newer"), "clickceop.db");
        var config = $"--Data:ConnectionString=Data Source={database}";
        Assert.Equal(0, await AlertsCommand.RunAsync(["alerts", "failed", config], TextWriter.Null, TextWriter.Null));
        await DatabaseFile.ExecuteAsync(database, "INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_a_newer_version.sql', '2026-11-30')");

        var error = new StringWriter();
        var exit = await AlertsCommand.RunAsync(["alerts", "retry", config], TextWriter.Null, error);

        Assert.Equal(1, exit);
        Assert.Contains("was migrated by a newer version", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output)> RunAsync(string action)
    {
        var output = new StringWriter();
        var exit = await AlertsCommand.RunAsync(["alerts", action, $"--Data:ConnectionString=Data Source={_host!.DatabasePath}"], output, Console.Error);
        return (exit, output.ToString());
    }

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        await _sink.DisposeAsync();
    }
}
