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

    /// <summary>
    /// With Tls None MailKit still sends AUTH, so the mail account's password crosses the network in the clear (a
    /// plain-SMTP server on 127.0.0.1 read it off the wire). None is for a relay on this machine; with a password and
    /// any other host the service must not start, whatever the environment.
    /// </summary>
    [Theory]
    [InlineData("Production", "smtp.nca.example")]
    [InlineData("Production", "10.0.0.25")]
    [InlineData("Development", "smtp.nca.example")]
    public void A_password_is_never_sent_to_another_machine_over_plain_smtp(string environment, string host)
    {
        var options = new NotificationOptions
        {
            ConsoleBaseUrl = "https://console.example",
            Smtp = new SmtpOptions { Host = host, Tls = SmtpTlsMode.None, UserName = "alerts", Password = "secret" },
        };

        var result = new NotificationOptionsValidator(new Environment(environment)).Validate(null, options);

        Assert.True(result.Failed, $"{environment}, {host}: plain SMTP with a password was accepted");
        Assert.Contains(result.Failures!, f => f.Contains("Notifications:Smtp:Tls", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("localhost", "alerts", "secret")] // a relay on this machine
    [InlineData("127.0.0.1", "alerts", "secret")]
    [InlineData("::1", "alerts", "secret")]
    [InlineData("relay.internal", null, null)] // no password to give away
    public void Plain_smtp_is_still_allowed_to_this_machine_or_without_a_password(string host, string? user, string? password)
    {
        var options = new NotificationOptions
        {
            ConsoleBaseUrl = "https://console.example",
            Smtp = new SmtpOptions { Host = host, Tls = SmtpTlsMode.None, UserName = user, Password = password },
        };

        var result = new NotificationOptionsValidator(new Environment("Production")).Validate(null, options);

        Assert.True(result.Succeeded, string.Join(" ", result.Failures ?? []));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "ClickCeop.Web";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
