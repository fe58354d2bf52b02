using MimeKit;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Notifications;

/// <summary>
/// Checks what data annotations cannot: every address parses, the console link is absolute, the time spans make
/// sense, and outside Development/Testing a real mail server is configured (a live service that writes urgent alerts into a
/// folder nobody reads must not start). Duty officers may come from the officers table instead of configuration.
/// </summary>
public sealed class NotificationOptionsValidator(IHostEnvironment environment) : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.DutyOfficers.Count; i++)
        {
            if (!IsSingleAddress(options.DutyOfficers[i]))
            {
                failures.Add($"Notifications:DutyOfficers:{i} is not one email address.");
            }
        }
        // MimeKit takes a bare local part ("alerts") for an address; a server refuses it at MAIL FROM, every time.
        if (!MailboxAddress.TryParse(options.From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal)
            || options.From.IndexOfAny(['\r', '\n']) >= 0)
        {
            failures.Add("Notifications:From is not an email address.");
        }
        // Every alert's link is this address followed by the report's path, so a query or fragment would break it.
        if (!Uri.TryCreate(options.ConsoleBaseUrl, UriKind.Absolute, out var console) || console.Scheme is not ("https" or "http")
            || console.Query.Length > 0 || console.Fragment.Length > 0)
        {
            failures.Add("Notifications:ConsoleBaseUrl must be an absolute http(s) URL without query or fragment.");
        }
        if (options.InitialBackoff <= TimeSpan.Zero || options.MaxBackoff < options.InitialBackoff)
        {
            failures.Add("Notifications:InitialBackoff must be positive and no more than MaxBackoff.");
        }
        if (options.PollInterval <= TimeSpan.Zero || options.Lease <= TimeSpan.Zero || options.StaleAfter <= TimeSpan.Zero)
        {
            failures.Add("Notifications:PollInterval, Lease and StaleAfter must be positive.");
        }
        // A bare number is days ("120" is 120 days, not seconds). Past about 49 days a timer cannot be set: the
        // senders' waits (PollInterval) and the lease keeper's half-lease waits threw, so a typo stopped every alert.
        if (options.PollInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add("Notifications:PollInterval must be at most ten minutes (hh:mm:ss; a bare number is days).");
        }
        // The cap is how long an alert waits for its next try, and how long one refused connection pauses every
        // sender. A bare number is days again: "3000000" put the latest retry past year 9999, and every claim threw.
        if (options.MaxBackoff > TimeSpan.FromHours(1))
        {
            failures.Add("Notifications:MaxBackoff must be at most one hour (hh:mm:ss; a bare number is days).");
        }
        // A bare number is days here too, and an alert stuck for days is what this warning is for.
        if (options.StaleAfter > TimeSpan.FromDays(1))
        {
            failures.Add("Notifications:StaleAfter must be at most one day (hh:mm:ss; a bare number is days).");
        }
        if (options.Lease > TimeSpan.FromHours(1))
        {
            failures.Add("Notifications:Lease must be at most one hour (hh:mm:ss; a bare number is days).");
        }
        if (options.Smtp.Timeout <= TimeSpan.Zero || options.Smtp.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("Notifications:Smtp:Timeout must be between zero and ten minutes.");
        }
        if (options.Smtp.Port is < 1 or > 65535)
        {
            failures.Add("Notifications:Smtp:Port must be between 1 and 65535.");
        }
        if (string.IsNullOrEmpty(options.Smtp.UserName) != string.IsNullOrEmpty(options.Smtp.Password))
        {
            failures.Add("Notifications:Smtp:UserName and Password are set together or not at all.");
        }
        // MailKit sends AUTH over plain SMTP too, so the mail account's password would cross the network readable by
        // anyone on the path. In every environment: a developer's password is as real as the service's.
        if (options.Smtp.Tls == SmtpTlsMode.None && !string.IsNullOrEmpty(options.Smtp.UserName)
            && !string.IsNullOrWhiteSpace(options.Smtp.Host) && !IsThisMachine(options.Smtp.Host))
        {
            failures.Add("Notifications:Smtp:Tls is None, which would send the SMTP password in the clear to another machine: use StartTls or TlsOnConnect (None is for a relay on this machine).");
        }
        if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
        {
            if (string.IsNullOrWhiteSpace(options.Smtp.Host))
            {
                failures.Add("Notifications:Smtp:Host is required outside Development: alerts must reach a mail server.");
            }
            // The shipped default (http://localhost:5080) left in place would link every officer to their own machine.
            if (console is not null && (console.Scheme != "https" || console.IsLoopback))
            {
                failures.Add("Notifications:ConsoleBaseUrl must be the console's public https:// address outside Development: every alert links to it.");
            }
            // No address in configuration is allowed: officers are added later with the `officers add` CLI and
            // receive alerts from then on. Having nobody at all to alert is a live condition, not a setting, so it is
            // reported by /healthz (Unhealthy) and logged as critical per report, not refused at start-up.
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsThisMachine(string host) =>
        host.Trim().Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || System.Net.IPAddress.TryParse(host.Trim().Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address);

    private static bool IsSingleAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && value.IndexOfAny(['\r', '\n', ',', ';']) < 0
        && MailboxAddress.TryParse(value, out var address)
        && address.Address.Contains('@', StringComparison.Ordinal);
}
