using System.Globalization;
using ClickCeop.Web.Data;
using ClickCeop.Web.Reports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Notifications;

/// <summary>
/// Re-alerts immediate-risk reports nobody has acknowledged: round 1 at first alert + After, then every Interval,
/// until acknowledged. Each round's outbox rows and its escalations row commit in one transaction, and the round
/// number is the next after the last one recorded, so a restart (or a second instance) neither skips nor doubles a
/// round: the primary key (report_id, round) refuses a duplicate. Waits use the TimeProvider, so tests move time.
/// </summary>
public sealed class EscalationService(
    Database database,
    AlertRecipients recipients,
    AlertSignal signal,
    IOptionsMonitor<NotificationOptions> notificationOptions,
    IOptionsMonitor<EscalationOptions> escalationOptions,
    TimeProvider time,
    ILogger<EscalationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WarnIfNobodyToAlertAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EscalateDueAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A failed pass (database busy, disk full) must not end escalation: the next pass tries again.
                logger.LogError(exception, "Escalation pass failed; retrying in {CheckEvery}.", escalationOptions.CurrentValue.CheckEvery);
            }
            try
            {
                await Task.Delay(escalationOptions.CurrentValue.CheckEvery, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Said once at start-up, loudly: the app runs (officers may be added by CLI) but alerts reach nobody.</summary>
    private async Task WarnIfNobodyToAlertAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            if (await recipients.CountAsync(connection, cancellationToken) == 0)
            {
                logger.LogCritical("Nobody receives duty officer alerts: add an officer (officers add) or set Notifications:DutyOfficers. /healthz is Unhealthy until then.");
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Could not count the duty officers at start-up.");
        }
    }

    /// <summary>One pass: writes every round that is due now. Returns how many rounds it wrote.</summary>
    public async Task<int> EscalateDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = escalationOptions.CurrentValue;
        var now = time.GetUtcNow();
        var due = new List<(string ReportId, int Round)>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            // The clock starts at the first alert (written when the report committed); a report stored when
            // nobody could be alerted starts from its received time.
            command.CommandText = """
                SELECT r.id, r.received_at,
                       (SELECT MIN(o.created_at) FROM outbox o WHERE o.report_id = r.id AND o.round = 0),
                       e.round, e.at
                  FROM reports r
                  LEFT JOIN escalations e ON e.report_id = r.id
                       AND e.round = (SELECT MAX(round) FROM escalations WHERE report_id = r.id)
                 WHERE r.immediate_risk = 1 AND r.acknowledged_at IS NULL AND r.status = 'new'
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var lastRound = reader.IsDBNull(3) ? 0 : reader.GetInt32(3);
                var wait = lastRound == 0 ? settings.After : settings.Interval;
                var next = (lastRound == 0
                    ? reader.IsDBNull(2) ? Parse(reader.GetString(1)) : Parse(reader.GetString(2))
                    : Parse(reader.GetString(4))) + wait;
                // Timed from a moment later than now: the clock has been stepped back since. Due at once, as the
                // dispatcher's retries are: a reminder a little early beats silence for as long as the step.
                if (next <= now || next - now > wait)
                {
                    due.Add((reader.GetString(0), lastRound + 1));
                }
            }
        }

        var written = 0;
        foreach (var (reportId, round) in due)
        {
            if (await EscalateAsync(reportId, round, now, settings, cancellationToken))
            {
                written++;
            }
        }
        if (written > 0)
        {
            signal.Notify();
        }
        return written;
    }

    private async Task<bool> EscalateAsync(string reportId, int round, DateTimeOffset now, EscalationOptions settings, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);

        // Checked again under the write lock: acknowledged meanwhile, or the round written by another pass, ends it.
        Report? report = null;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT * FROM reports
                 WHERE id = $id AND immediate_risk = 1 AND acknowledged_at IS NULL AND status = 'new'
                   AND (SELECT IFNULL(MAX(round), 0) FROM escalations WHERE report_id = $id) = $previous
                """;
            command.Parameters.AddWithValue("$id", reportId);
            command.Parameters.AddWithValue("$previous", round - 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                report = ReportStore.Read(reader);
            }
        }
        if (report is null)
        {
            return false;
        }

        var options = notificationOptions.CurrentValue;
        var addresses = await recipients.ForEscalationAsync(connection, transaction, settings.Address, cancellationToken);
        var content = AlertMessage.Render(report, options, round);
        var domain = AlertOutbox.MessageIdDomain(options.From);
        foreach (var recipient in addresses)
        {
            var message = new OutboxMessage(
                Id: Guid.NewGuid().ToString("N"),
                ReportId: report.Id,
                Recipient: recipient,
                Priority: OutboxMessage.ImmediatePriority,
                Subject: content.Subject,
                // Its own Message-ID: a reminder is a new message, not a resend of the first alert.
                MessageId: $"{Guid.NewGuid():N}@{domain}",
                TextBody: content.TextBody,
                HtmlBody: content.HtmlBody,
                Attempts: 0);
            await OutboxStore.InsertAsync(connection, transaction, message, now, cancellationToken, round);
        }
        await using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO escalations (report_id, round, at, recipients) VALUES ($id, $round, $at, $recipients)";
            record.Parameters.AddWithValue("$id", reportId);
            record.Parameters.AddWithValue("$round", round);
            record.Parameters.AddWithValue("$at", now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            record.Parameters.AddWithValue("$recipients", addresses.Count);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (addresses.Count == 0)
        {
            logger.LogCritical("Report {Reference} is unacknowledged (escalation round {Round}) and there is nobody to alert.", report.Reference, round);
        }
        else
        {
            logger.LogWarning("Report {Reference} is unacknowledged: escalation round {Round} to {Count} recipient(s).", report.Reference, round, addresses.Count);
        }
        return true;
    }

    private static DateTimeOffset Parse(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
