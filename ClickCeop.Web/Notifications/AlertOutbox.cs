using ClickCeop.Web.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ClickCeop.Web.Notifications;

/// <summary>
/// ReportStore's collaborator: writes the alerts for a new report inside the report's own transaction (so a report
/// is never stored without its alerts, nor an alert without its report), and wakes the dispatcher after commit.
/// </summary>
public sealed class AlertOutbox(
    AlertRecipients recipients, AlertSignal signal, IOptionsMonitor<NotificationOptions> options, TimeProvider timeProvider)
{
    public async Task EnqueueAsync(Report report, SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var content = AlertMessage.Render(report, settings);
        var domain = MessageIdDomain(settings.From);
        var now = timeProvider.GetUtcNow();
        foreach (var recipient in await recipients.ForAsync(report, connection, transaction, cancellationToken))
        {
            var message = new OutboxMessage(
                Id: Guid.NewGuid().ToString("N"),
                ReportId: report.Id,
                Recipient: recipient,
                Priority: report.ImmediateRisk ? OutboxMessage.ImmediatePriority : OutboxMessage.NormalPriority,
                Subject: content.Subject,
                MessageId: $"{Guid.NewGuid():N}@{domain}",
                TextBody: content.TextBody,
                HtmlBody: content.HtmlBody,
                Attempts: 0);
            await OutboxStore.InsertAsync(connection, transaction, message, now, cancellationToken);
        }
    }

    /// <summary>Called after the report's transaction committed: the rows are durable, send them now.</summary>
    public void Committed() => signal.Notify();

    internal static string MessageIdDomain(string from) =>
        MailboxAddress.TryParse(from, out var address) && address.Domain is { Length: > 0 } domain ? domain : "clickceop.invalid";
}
