using ClickCeop.Web.Notifications;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace ClickCeop.Tests.Notifications;

public sealed class NotificationOptionsValidatorTests
{
    [Fact]
    public void Outside_development_the_app_needs_a_mail_server_but_officers_may_come_from_the_table()
    {
        var result = new NotificationOptionsValidator(new Environment("Production")).Validate(null, new NotificationOptions());

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Smtp:Host", StringComparison.Ordinal));
        // Officers added later with the CLI receive alerts; an empty list is reported by /healthz instead.
        Assert.DoesNotContain(result.Failures!, f => f.Contains("DutyOfficers", StringComparison.Ordinal));
    }

    [Fact]
    public void A_production_configuration_with_server_and_officers_is_valid()
    {
        var options = new NotificationOptions
        {
            DutyOfficers = ["duty@nca.example"],
            ConsoleBaseUrl = "https://console.example",
            Smtp = new SmtpOptions { Host = "smtp.nca.example", Port = 465, Tls = SmtpTlsMode.TlsOnConnect, UserName = "u", Password = "p" },
        };

        Assert.True(new NotificationOptionsValidator(new Environment("Production")).Validate(null, options).Succeeded);
    }

    /// <summary>
    /// Every alert links to the console. The shipped default (http://localhost:5080) and any plain-http or loopback
    /// address would give a live service's officers a link that opens nothing, or opens the console without TLS.
    /// </summary>
    [Theory]
    [InlineData("http://localhost:5080")] // appsettings.json's default, left in place
    [InlineData("https://localhost")]
    [InlineData("https://127.0.0.1:8443")]
    [InlineData("http://console.example")]
    [InlineData("https://console.example/?from=alert")]
    [InlineData("https://console.example/#top")]
    public void Outside_development_alerts_must_link_to_the_consoles_public_https_address(string consoleBaseUrl)
    {
        var options = new NotificationOptions
        {
            ConsoleBaseUrl = consoleBaseUrl,
            Smtp = new SmtpOptions { Host = "smtp.nca.example" },
        };

        var result = new NotificationOptionsValidator(new Environment("Production")).Validate(null, options);

        Assert.True(result.Failed, $"{consoleBaseUrl} was accepted in Production");
        Assert.Contains(result.Failures!, f => f.Contains("ConsoleBaseUrl", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void Development_and_testing_may_use_the_pickup_folder(string environment) =>
        Assert.True(new NotificationOptionsValidator(new Environment(environment)).Validate(null, new NotificationOptions()).Succeeded);

    [Theory]
    [InlineData("Lease", "01:00:00", true)]
    [InlineData("Lease", "01:00:01", false)]
    [InlineData("Lease", "00:00:00", false)]
    [InlineData("PollInterval", "00:10:00", true)]
    [InlineData("PollInterval", "00:10:01", false)]
    [InlineData("PollInterval", "00:00:00", false)]
    [InlineData("StaleAfter", "00:00:00", false)]
    [InlineData("StaleAfter", "1.00:00:00", true)]
    [InlineData("StaleAfter", "10", false)] // ten days: /healthz would never say an alert is stuck
    [InlineData("StaleAfter", "1.00:00:01", false)]
    [InlineData("InitialBackoff", "00:00:00", false)]
    [InlineData("MaxBackoff", "00:00:00.5", false)] // below the 1 s InitialBackoff set here
    [InlineData("MaxBackoff", "00:00:01", true)]
    [InlineData("Timeout", "00:10:00", true)]
    [InlineData("Timeout", "00:10:01", false)]
    [InlineData("Timeout", "00:00:00", false)]
    public void Time_spans_outside_their_range_are_refused(string setting, string value, bool valid)
    {
        var span = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var options = new NotificationOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromMinutes(1) };
        switch (setting)
        {
            case "Lease": options.Lease = span; break;
            case "PollInterval": options.PollInterval = span; break;
            case "StaleAfter": options.StaleAfter = span; break;
            case "InitialBackoff": options.InitialBackoff = span; break;
            case "MaxBackoff": options.MaxBackoff = span; break;
            case "Timeout": options.Smtp.Timeout = span; break;
        }

        var result = new NotificationOptionsValidator(new Environment("Testing")).Validate(null, options);

        Assert.True(valid == result.Succeeded, $"{setting} = {value}: {string.Join(" ", result.Failures ?? [])}");
    }

    [Fact]
    public void Credentials_come_in_pairs()
    {
        var options = new NotificationOptions { Smtp = new SmtpOptions { Host = "smtp.example", UserName = "only-a-user" } };

        Assert.True(new NotificationOptionsValidator(new Environment("Testing")).Validate(null, options).Failed);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "ClickCeop.Web";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
