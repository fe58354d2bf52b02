using System.ComponentModel.DataAnnotations;

namespace ClickCeop.Web.Notifications;

/// <summary>Duty officer alerts (appsettings "Notifications"). Validated at start-up by <see cref="NotificationOptionsValidator"/>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Used only in Development and Testing when no duty officer is configured, so `dotnet run` works.</summary>
    public const string DevelopmentRecipient = "duty-officer@clickceop.invalid";

    /// <summary>Addresses that receive every alert, one outbox row (and one message) each.</summary>
    public List<string> DutyOfficers { get; set; } = [];

    /// <summary>The officers' console; alerts link to {ConsoleBaseUrl}/officers/reports/{id}.</summary>
    [Required] public string ConsoleBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Put the whole report (story, names, contact details) in the body. Only for deployments with secure email.</summary>
    public bool IncludeDetails { get; set; }

    /// <summary>The From address of every alert; its domain also names the Message-IDs.</summary>
    [Required] public string From { get; set; } = "ClickCeop alerts <alerts@clickceop.invalid>";

    /// <summary>With no Smtp:Host, alerts are written here as .eml files (relative to the content root).</summary>
    [Required] public string PickupFolder { get; set; } = "mail-pickup";

    /// <summary>
    /// Attempts at sending one message (the server answered 4xx or 5xx, or the connection broke while it was sent)
    /// before it is marked failed. A server that cannot be reached at all uses up none: the alerts wait for it.
    /// </summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 12;

    /// <summary>First retry delay; doubles per attempt (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The dispatcher also looks for due rows this often, in case a signal was missed (another process, a restart).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a sender holds a claimed row; a row whose sender died is retried after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// SMTP connections the dispatcher sends on at once. Each message waits a few round trips for the server, so one
    /// connection to a server a network hop away sends only some tens of messages a second.
    /// </summary>
    [Range(1, 32)] public int Senders { get; set; } = 4;

    /// <summary>Most messages sent over one SMTP connection before it is closed and reopened.</summary>
    [Range(1, 10_000)] public int MessagesPerConnection { get; set; } = 50;

    /// <summary>
    /// /healthz reports Degraded when a pending alert is older than this; a mail server unreachable for longer is
    /// logged as an error at every failed connection.
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(10);

    public SmtpOptions Smtp { get; set; } = new();
}

public enum SmtpTlsMode
{
    /// <summary>Plain SMTP: only for a relay on the same host or a local test server.</summary>
    None,
    StartTls,
    TlsOnConnect,
}

public sealed class SmtpOptions
{
    /// <summary>Empty: alerts go to the pickup folder instead of a server.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)] public int Port { get; set; } = 587;

    public SmtpTlsMode Tls { get; set; } = SmtpTlsMode.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Per SMTP command (connect, each command, the data transfer).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
