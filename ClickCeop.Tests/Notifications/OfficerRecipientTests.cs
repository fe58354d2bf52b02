using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Web.Data;
using ClickCeop.Web.Notifications;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ClickCeop.Tests.Notifications;

/// <summary>
/// Alert recipients are the enabled officers in the table plus the configured addresses, once each, over the real
/// SMTP sink and the real dispatcher.
/// </summary>
public sealed class OfficerRecipientTests : IAsyncLifetime
{
    private readonly SmtpSink _sink = SmtpSink.StartNew();
    private ConsoleHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Enabled_officers_and_configured_addresses_each_get_one_alert_and_disabled_officers_none()
    {
        _host = new ConsoleHost(new Dictionary<string, string?>(_sink.Settings)
        {
            // Configured in one letter case, in the table in another: still one message.
            ["Notifications:DutyOfficers:0"] = "Shared.Officer@NCA.example",
            ["Notifications:DutyOfficers:1"] = "config.only@nca.example",
        });
        var officers = _host.Officers;
        await officers.CreateAsync("shared.officer@nca.example", "Sam Shared");
        await officers.CreateAsync("enabled@nca.example", "Erin Enabled");
        await officers.CreateAsync("disabled@nca.example", "Dee Disabled");
        Assert.True(await officers.DisableAsync("disabled@nca.example"));

        var report = SampleReports.Parent(Danger.Yes);
        await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(report, "recipients");

        var received = await _sink.WaitForAsync(3);
        // Anything still on its way would show up now; then there must still be exactly three.
        await Task.Delay(500);
        received = _sink.Accepted;
        Assert.Equal(
            ["config.only@nca.example", "enabled@nca.example", "shared.officer@nca.example"],
            received.SelectMany(m => m.Recipients).Select(r => r.ToLowerInvariant()).Order());
        Assert.All(received, m => Assert.Equal($"[IMMEDIATE RISK] CEOP report {report.Reference}", m.Message.Subject));
        Assert.DoesNotContain(received, m => m.Recipients.Contains("disabled@nca.example", StringComparer.OrdinalIgnoreCase));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_officer_added_by_the_cli_later_is_alerted_about_the_next_report()
    {
        _host = new ConsoleHost(new Dictionary<string, string?>(_sink.Settings) { ["Notifications:DutyOfficers:0"] = "config.only@nca.example" });
        var store = _host.Services.GetRequiredService<ReportStore>();
        await store.SubmitAsync(SampleReports.Parent(Danger.No), "before");
        await _sink.WaitForAsync(1);

        await _host.Officers.CreateAsync("late@nca.example", "Lee Late");
        var after = SampleReports.Parent(Danger.No);
        await store.SubmitAsync(after, "after");

        var received = await _sink.WaitForAsync(3);
        Assert.Equal(
            ["config.only@nca.example", "late@nca.example"],
            received.Where(m => m.Message.Subject!.Contains(after.Reference, StringComparison.Ordinal)).SelectMany(m => m.Recipients).Order());
    }

    /// <summary>
    /// `officers add --email` is the only way an address reaches the officers table, and every enabled officer's
    /// address becomes the To header of an alert. Only one plain address may be stored: a display name, a second
    /// address or an invisible character would put the CLI's input, not the address, into a header (or make the
    /// officer's alerts fail to build, silently, for good).
    /// </summary>
    [Theory(Timeout = 60_000)]
    [InlineData("Boss <evil@example.org>")]
    [InlineData("duty@nca.example, evil@example.org")]
    [InlineData("duty@nca.example evil@example.org")]
    [InlineData("duty\u202E@nca.example")]
    [InlineData("duty@nca.example\u200B")]
    public async Task An_officer_email_that_is_not_one_plain_address_is_refused_and_no_part_of_it_reaches_an_alert(string email)
    {
        _host = new ConsoleHost(new Dictionary<string, string?>(_sink.Settings) { ["Notifications:DutyOfficers:0"] = "config.only@nca.example" });
        var refused = await Record.ExceptionAsync(() => _host.Officers.CreateAsync(email, "Hostile Address"));

        var report = SampleReports.Parent(Danger.No);
        await _host.Services.GetRequiredService<ReportStore>().SubmitAsync(report, "hostile-address");
        await _sink.WaitForAsync(1);
        // A second alert, to whatever the stored address parsed as, would arrive now.
        await Task.Delay(1000);

        var received = _sink.Accepted;
        Assert.Equal(["config.only@nca.example"], received.SelectMany(m => m.Recipients));
        foreach (var marker in new[] { "evil", "Boss", "\u202E", "\u200B" })
        {
            Assert.All(received, m => Assert.DoesNotContain(marker, m.RawHeaders, StringComparison.Ordinal));
        }
        Assert.IsType<ArgumentException>(refused);
        Assert.Empty(await _host.Officers.ListAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Nobody_to_alert_makes_healthz_unhealthy_and_an_officer_fixes_it()
    {
        _host = new ConsoleHost(_sink.Settings);
        _host.StartServer();
        var database = _host.Services.GetRequiredService<Database>();
        // Production has no development fallback address: no configured address at all.
        var recipients = new AlertRecipients(new FixedOptions(new NotificationOptions()), NullLogger<AlertRecipients>.Instance);
        var check = new OutboxHealthCheck(
            _host.Services.GetRequiredService<OutboxStore>(), database, recipients, new FixedOptions(new NotificationOptions()), TimeProvider.System);

        var nobody = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, nobody.Status);
        Assert.Contains("officers add", nobody.Description);

        await _host.Officers.CreateAsync("first@nca.example", "Fran First");
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        await _host.Officers.DisableAsync("first@nca.example");
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    private sealed class FixedOptions(NotificationOptions value) : IOptionsMonitor<NotificationOptions>
    {
        public NotificationOptions CurrentValue => value;

        public NotificationOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<NotificationOptions, string?> listener) => null;
    }
}
