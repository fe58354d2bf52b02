using ClickCeop.Web.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Notifications;

/// <summary>
/// Who is alerted about a report. Today the configured duty officers; this one method is the seam where enabled
/// officers from the database join them (it gets the submit's connection and transaction for that reason).
/// </summary>
public sealed class AlertRecipients(IOptionsMonitor<NotificationOptions> options)
{
    public Task<IReadOnlyList<string>> ForAsync(Report report, SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken = default)
    {
        // One row per distinct address: an officer listed twice must not get two copies.
        IReadOnlyList<string> addresses = options.CurrentValue.DutyOfficers
            .Select(address => address.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return Task.FromResult(addresses);
    }
}
