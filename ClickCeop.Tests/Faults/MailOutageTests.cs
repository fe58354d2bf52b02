using System.Diagnostics;
using ClickCeop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Faults;

/// <summary>
/// Issue 6 item 3: the mail server goes away during steady submissions and comes back on the same port. Reporters
/// never notice; afterwards every report reaches every duty officer exactly once, and /healthz is Healthy again. The
/// outage uses up no alert's attempts: far more connections fail than MaxAttempts, and no alert gives up.
/// </summary>
public sealed class MailOutageTests(ITestOutputHelper output)
{
    private const string OfficerA = "duty.a@nca.example";
    private const string OfficerB = "duty.b@nca.example";
    private const int Reporters = 4;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [Fact(Timeout = 60_000)]
    public async Task A_mail_outage_mid_load_delays_alerts_but_each_arrives_exactly_once_per_officer()
    {
        var clock = Stopwatch.StartNew();
        await using var sink = SmtpSink.StartNew();
        await using var host = new AppHost(new Dictionary<string, string?>(sink.Settings)
        {
            ["Notifications:DutyOfficers:0"] = OfficerA,
            ["Notifications:DutyOfficers:1"] = OfficerB,
            ["Notifications:InitialBackoff"] = "00:00:00.100",
            ["Notifications:MaxBackoff"] = "00:00:01",
            ["Notifications:PollInterval"] = "00:00:00.500",
            // Fewer than the connections that fail during the outage: an unreachable server must cost no alert an
            // attempt. A send the stop cuts off is that message's attempt, so one may have needed two.
            ["Notifications:MaxAttempts"] = "3",
            ["Journey:SubmitsPerWindow"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        }).WithKestrel();
        var baseAddress = host.BaseAddress;

        var load = LoadRun.Start("outage", Reporters, () => baseAddress);
        int beforeOutage, duringOutage, acceptedBeforeOutage, backlogSize;
        TimeSpan recovered;
        try
        {
            await load.WaitForConfirmedAsync(6, TimeSpan.FromSeconds(20));
            await sink.StopAsync();
            acceptedBeforeOutage = sink.Accepted.Count;
            beforeOutage = load.Confirmed;
            await Task.Delay(Outage);
            duringOutage = load.Confirmed - beforeOutage;
            // Nothing can have been accepted while the server was down.
            Assert.Equal(acceptedBeforeOutage, sink.Accepted.Count);
            sink.Start();
            var restartedAt = clock.Elapsed;
            // Recovery: until every report confirmed so far (the backlog of the outage) reached both officers.
            var backlog = load.Outcomes.Where(o => o.Reference is not null).Select(o => o.Reference!).ToList();
            await Evidence.WaitUntilAsync(
                () =>
                {
                    var delivered = Evidence.Deliveries(sink.Accepted);
                    return backlog.All(r => delivered.ContainsKey((r, OfficerA)) && delivered.ContainsKey((r, OfficerB)));
                },
                TimeSpan.FromSeconds(20),
                () => "the backlog of the outage was not delivered");
            recovered = clock.Elapsed - restartedAt;
            backlogSize = backlog.Count;
            await load.WaitForConfirmedAsync(load.Confirmed + 6, TimeSpan.FromSeconds(20));
        }
        finally
        {
            await load.StopAsync(TimeSpan.FromSeconds(20));
        }

        var outcomes = load.Outcomes;
        Assert.All(outcomes, o => Assert.Null(o.Error));
        var confirmed = outcomes.Where(o => o.Reference is not null).ToList();
        Assert.Equal(outcomes.Count, confirmed.Count);
        // The outage really happened under load: reports were confirmed while no mail could be sent.
        Assert.True(duringOutage > 0, "No report was confirmed during the outage.");

        await Evidence.WaitUntilAsync(
            () => Evidence.OutboxRows(host.DatabasePath).All(r => r.Status == "sent"),
            TimeSpan.FromSeconds(20),
            () => $"{Evidence.OutboxRows(host.DatabasePath).Count(r => r.Status != "sent")} outbox row(s) still not sent");

        // Exactly once per officer: one accepted copy per report and recipient, with the Message-ID fixed in its row.
        var outbox = Evidence.OutboxRows(host.DatabasePath);
        var deliveries = Evidence.Deliveries(sink.Accepted);
        foreach (var outcome in confirmed)
        {
            foreach (var officer in new[] { OfficerA, OfficerB })
            {
                var row = Assert.Single(outbox, m => m.Reference == outcome.Reference && m.Recipient == officer);
                Assert.True(deliveries.TryGetValue((outcome.Reference!, officer), out var ids), $"{outcome.Reference} never reached {officer}.");
                Assert.Equal([row.MessageId], ids);
            }
        }
        Assert.Equal(confirmed.Count * 2, outbox.Count);
        Assert.Equal(outbox.Count, sink.Accepted.Count);
        // The dispatcher kept trying while the server refused connections, more times than MaxAttempts, and charged
        // those tries to no alert: at most a send cut off by the stop counts, once.
        var refused = host.Log.Lines.Count(line => line.Contains("Mail server unreachable", StringComparison.Ordinal));
        Assert.True(refused > 3, $"Only {refused} failed connection(s) logged: the outage was not noticed.");
        Assert.All(outbox, m => Assert.InRange(m.Attempts, 1, 2));
        var retried = outbox.Count(m => m.Attempts > 1);

        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));

        output.WriteLine($"Mail outage run: {Reporters} reporters, SMTP down for {Outage.TotalSeconds:0} s.");
        output.WriteLine($"  confirmed {confirmed.Count} ({beforeOutage} before the outage, {duringOutage} during it), " +
                         $"alerts delivered {sink.Accepted.Count} (exactly one per report and officer); {refused} failed connection(s), {retried} alert(s) cut off mid-send and sent at their second attempt.");
        output.WriteLine($"  recovery: SMTP back to the backlog of {backlogSize} report(s) mailed to both officers {recovered.TotalSeconds:0.00} s; whole test {clock.Elapsed.TotalSeconds:0.0} s.");
    }
}
