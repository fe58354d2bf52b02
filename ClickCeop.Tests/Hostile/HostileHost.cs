using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;

namespace ClickCeop.Tests.Hostile;

/// <summary>
/// One in-memory app for a whole hostile-input class (TestServer: fast), its own SQLite file, alerts to a real SMTP
/// sink on 127.0.0.1 with two duty officers and the details in the body, so hostile values really reach the mail.
/// The submit limit is high so that refusals are about the input, not the rate.
/// </summary>
public sealed class HostileHost : IAsyncLifetime
{
    public const string OfficerA = "duty-a@example.org";
    public const string OfficerB = "duty-b@example.org";

    public SmtpSink Sink { get; } = new();

    public ConsoleHost App { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Sink.Start();
        var settings = new Dictionary<string, string?>(Sink.Settings)
        {
            ["Journey:SubmitsPerWindow"] = "100000",
            ["Notifications:DutyOfficers:0"] = OfficerA,
            ["Notifications:DutyOfficers:1"] = OfficerB,
            ["Notifications:IncludeDetails"] = "true",
            ["Notifications:ConsoleBaseUrl"] = "https://console.clickceop.test",
            ["Notifications:InitialBackoff"] = "00:00:00.050",
            ["Notifications:MaxBackoff"] = "00:00:00.200",
            ["Notifications:PollInterval"] = "00:00:00.200",
            // Many wrong codes in a row are the point here; the lockout itself is tested in Officers/.
            ["Officers:MaxFailedAttempts"] = "100",
        };
        App = new ConsoleHost(settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Sink.DisposeAsync();
    }
}
