using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Notifications;

/// <summary>
/// Who is alerted about a report: every enabled officer in the officers table plus any addresses still in
/// configuration (Notifications:DutyOfficers), once each. It reads the officers inside the caller's transaction, so
/// the recipients are exactly the officers enabled at the moment the report (or the escalation round) commits.
/// </summary>
public sealed class AlertRecipients(IOptionsMonitor<NotificationOptions> options, ILogger<AlertRecipients> logger)
{
    public async Task<IReadOnlyList<string>> ForAsync(Report report, SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken = default)
    {
        var addresses = Distinct(options.CurrentValue.DutyOfficers, await OfficerStore.EnabledEmailsAsync(connection, transaction, cancellationToken));
        if (addresses.Count == 0)
        {
            // The report is still stored (it is never lost) and is in the console queue; /healthz says Unhealthy.
            logger.LogCritical("Report {Reference} was stored but there is nobody to alert: no enabled officer and no Notifications:DutyOfficers.", report.Reference);
        }
        return addresses;
    }

    /// <summary>An escalation round: everyone alerted at submission (as enabled now) plus the escalation address.</summary>
    public async Task<IReadOnlyList<string>> ForEscalationAsync(SqliteConnection connection, SqliteTransaction transaction, string? escalationAddress, CancellationToken cancellationToken = default) =>
        Distinct(
            options.CurrentValue.DutyOfficers,
            await OfficerStore.EnabledEmailsAsync(connection, transaction, cancellationToken),
            string.IsNullOrWhiteSpace(escalationAddress) ? [] : [escalationAddress]);

    /// <summary>An officer listed in configuration and in the table (in any letter case) gets one message, not two.</summary>
    public static IReadOnlyList<string> Distinct(params IEnumerable<string>[] lists) =>
        lists.SelectMany(list => list)
            .Select(address => address.Trim())
            .Where(address => address.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>How many addresses an alert written now would go to (for /healthz).</summary>
    public async Task<int> CountAsync(SqliteConnection connection, CancellationToken cancellationToken = default) =>
        Distinct(options.CurrentValue.DutyOfficers, await OfficerStore.EnabledEmailsAsync(connection, null, cancellationToken)).Count;
}
