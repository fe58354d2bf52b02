using MimeKit;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Notifications;

/// <summary>
/// Re-alerting immediate-risk reports that nobody acknowledged (appsettings "Escalation"). The clock starts when
/// the first alert was written (the report's commit); round 1 is due After that, each next round Interval after
/// the previous one, until an officer acknowledges the report.
/// </summary>
public sealed class EscalationOptions
{
    public const string Section = "Escalation";

    /// <summary>Unacknowledged this long after the first alert: escalation round 1.</summary>
    public TimeSpan After { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time between rounds while the report stays unacknowledged.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An extra address every round goes to (e.g. the duty inspector's shared mailbox). Optional.</summary>
    public string? Address { get; set; }

    /// <summary>How often the escalation service looks for due rounds. A round is at most this late.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The times make sense and the escalation address, when given, is exactly one address.</summary>
public sealed class EscalationOptionsValidator : IValidateOptions<EscalationOptions>
{
    public ValidateOptionsResult Validate(string? name, EscalationOptions options)
    {
        var failures = new List<string>();
        if (options.After <= TimeSpan.Zero || options.After > TimeSpan.FromHours(24))
        {
            failures.Add("Escalation:After must be between zero and 24 hours.");
        }
        if (options.Interval < TimeSpan.FromMinutes(1) || options.Interval > TimeSpan.FromHours(24))
        {
            failures.Add("Escalation:Interval must be between one minute and 24 hours.");
        }
        if (options.CheckEvery <= TimeSpan.Zero || options.CheckEvery > TimeSpan.FromMinutes(5))
        {
            failures.Add("Escalation:CheckEvery must be between zero and five minutes.");
        }
        if (options.Address is { Length: > 0 } address && !(address.IndexOfAny(['\r', '\n', ',', ';']) < 0
                && MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal)))
        {
            failures.Add("Escalation:Address is not one email address.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
