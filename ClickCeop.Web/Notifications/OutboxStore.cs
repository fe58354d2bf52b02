using System.Globalization;
using ClickCeop.Web.Data;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Notifications;

/// <summary>One alert to one recipient, as stored in the outbox.</summary>
public sealed record OutboxMessage(
    string Id,
    string ReportId,
    string Recipient,
    int Priority,
    string Subject,
    string MessageId,
    string TextBody,
    string HtmlBody,
    int Attempts)
{
    public const int ImmediatePriority = 0;
    public const int NormalPriority = 1;

    public bool Immediate => Priority == ImmediatePriority;
}

public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}

/// <summary>An alert that gave up after MaxAttempts, as the `alerts` command lists it.</summary>
public sealed record FailedAlert(string Id, string Reference, string Recipient, bool Immediate, int Attempts, string? LastError, DateTimeOffset CreatedAt);

/// <summary>What /healthz needs to know about the outbox.</summary>
public sealed record OutboxHealth(int Failed, DateTimeOffset? OldestPendingCreatedAt);

/// <summary>
/// The outbox table. Each method is one short statement or transaction; claims and updates never hold a transaction
/// open across a send.
/// </summary>
public sealed class OutboxStore(Database database) : IDisposable
{
    private const string ReturnedColumns = "id, report_id, recipient, priority, subject, message_id, text_body, html_body, attempts";

    /// <summary>
    /// The dispatcher writes a claim and a "sent" mark for every message, one message after another; an fsync for
    /// each slowed it enough that under the load bench its backlog took 7 to 15 s to drain after the load stopped
    /// (5 to 6 s without; bench/README.md). Without the fsync they still survive the process dying; a power cut may
    /// undo the last of them, and then a message is sent again with its same Message-ID (at least once, and
    /// recognisably), or a claim counts one attempt fewer. The rows themselves, written with their report, and
    /// retries and failures stay fsynced.
    /// </summary>
    private const CommitDurability SendBookkeeping = CommitDurability.SurvivesProcessCrash;

    /// <summary>The senders' claims, "sent" marks and look-ups, on connections that keep their statements prepared.</summary>
    private readonly KeptConnections _senders = new(database, SendBookkeeping, maxIdle: 8);

    /// <summary>Writes a pending row inside the caller's transaction (the report's, or an escalation round's: <paramref name="round"/> > 0).</summary>
    public static async Task InsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken, int round = 0)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO outbox (id, report_id, recipient, priority, subject, message_id, text_body, html_body,
                                status, attempts, next_attempt_at, created_at, round)
            VALUES ($id, $report_id, $recipient, $priority, $subject, $message_id, $text_body, $html_body,
                    'pending', 0, $now, $now, $round)
            """;
        var p = command.Parameters;
        p.AddWithValue("$id", message.Id);
        p.AddWithValue("$report_id", message.ReportId);
        p.AddWithValue("$recipient", message.Recipient);
        p.AddWithValue("$priority", message.Priority);
        p.AddWithValue("$subject", message.Subject);
        p.AddWithValue("$message_id", message.MessageId);
        p.AddWithValue("$text_body", message.TextBody);
        p.AddWithValue("$html_body", message.HtmlBody);
        p.AddWithValue("$now", Stamp(now));
        p.AddWithValue("$round", round);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the most urgent due row (immediate risk first, then oldest) and leases it until
    /// <paramref name="leaseUntil"/>, counting the attempt now so a sender that dies mid-send still uses one up (a
    /// connection that then cannot be opened gives it back: <see cref="ReleaseUntriedAsync"/>).
    /// One UPDATE ... RETURNING, so two dispatchers never claim the same row. The row this sender sent last, if any
    /// (<paramref name="sentBefore"/>), is marked sent in the same commit: one write transaction per message, not two.
    /// A retry set for later than <paramref name="latestRetry"/> (now + the longest backoff) was set by a clock that
    /// has since been stepped back: it is due now, not after the step. So is a lease running on past two leases from
    /// now: no lease given now reaches that far, so the clock was stepped back since, and its sender most likely died
    /// before (one still alive moves it back within half a lease; a resend keeps its Message-ID). Two, not one: a
    /// sender that read the clock a moment before another's claim or extension would otherwise take a live row.
    /// </summary>
    public async Task<OutboxMessage?> ClaimNextAsync(
        DateTimeOffset now, DateTimeOffset leaseUntil, string? sentBefore, CancellationToken cancellationToken, DateTimeOffset? latestRetry = null)
    {
        await using var connection = await _senders.RentAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        if (sentBefore is not null)
        {
            await MarkSentAsync(connection, transaction, sentBefore, now, cancellationToken);
        }
        var command = connection.Command($"""
            UPDATE outbox SET lease_until = $lease_until, attempts = attempts + 1
            WHERE id = (
                SELECT id FROM outbox
                WHERE status = 'pending' AND (next_attempt_at <= $now OR next_attempt_at > $latest_retry)
                  AND (lease_until IS NULL OR lease_until <= $now OR lease_until > $latest_lease)
                ORDER BY priority, created_at, id
                LIMIT 1)
            RETURNING {ReturnedColumns}
            """, transaction);
        command.Parameters.AddWithValue("$now", Stamp(now));
        command.Parameters.AddWithValue("$lease_until", Stamp(leaseUntil));
        command.Parameters.AddWithValue("$latest_lease", Stamp(leaseUntil + (leaseUntil - now)));
        command.Parameters.AddWithValue("$latest_retry", Stamp(latestRetry ?? DateTimeOffset.MaxValue));
        OutboxMessage? claimed = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                claimed = new OutboxMessage(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetInt32(8));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Marks a row sent on its own, for a sender that stops before its next claim.</summary>
    public async Task MarkSentAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _senders.RentAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        await MarkSentAsync(connection, transaction, id, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task MarkSentAsync(
        KeptConnection connection, SqliteTransaction transaction, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = connection.Command(
            "UPDATE outbox SET status = 'sent', sent_at = $now, lease_until = NULL, last_error = NULL WHERE id = $id", transaction);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", Stamp(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Moves on the lease of a row its sender still holds (connecting or sending), so a slow server never lets another
    /// sender claim it and send it a second time: a lease runs out only for a sender that died. A row already marked
    /// sent, failed or released keeps its state.
    /// </summary>
    public async Task ExtendLeaseAsync(string id, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await _senders.RentAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var command = connection.Command(
            "UPDATE outbox SET lease_until = $lease_until WHERE id = $id AND status = 'pending' AND lease_until IS NOT NULL", transaction);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$lease_until", Stamp(leaseUntil));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Releases the row for another attempt at <paramref name="nextAttemptAt"/>.</summary>
    public Task MarkRetryAsync(string id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET next_attempt_at = $next, lease_until = NULL, last_error = $error WHERE id = $id",
            CommitDurability.SurvivesPowerLoss, cancellationToken, ("$id", id), ("$next", Stamp(nextAttemptAt)), ("$error", Truncate(error)));

    /// <summary>
    /// Hands back a row whose connection never opened (the server refused it, timed out, or failed TLS or
    /// authentication before any message was handed over), and gives back the attempt its claim counted: nothing was
    /// tried with this message, and the claim always takes the most urgent row, so an outage charged to it would make
    /// the immediate-risk alert the first to give up. It stays due as it was: the dispatcher's shared pause decides
    /// when the next connection is tried, and whichever try finds the server back takes the most urgent row first. A
    /// time of its own here put it behind rows tried earlier in the outage, which then went first.
    /// </summary>
    public Task ReleaseUntriedAsync(string id, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET attempts = MAX(attempts - 1, 0), lease_until = NULL, last_error = $error WHERE id = $id",
            CommitDurability.SurvivesPowerLoss, cancellationToken, ("$id", id), ("$error", Truncate(error)));

    public Task MarkFailedAsync(string id, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = $error WHERE id = $id",
            CommitDurability.SurvivesPowerLoss, cancellationToken, ("$id", id), ("$error", Truncate(error)));

    public async Task<IReadOnlyList<FailedAlert>> FailedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.id, r.reference, o.recipient, o.priority, o.attempts, o.last_error, o.created_at
            FROM outbox o JOIN reports r ON r.id = o.report_id
            WHERE o.status = 'failed'
            ORDER BY o.priority, o.created_at, o.id
            """;
        var failed = new List<FailedAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            failed.Add(new FailedAlert(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.GetInt32(3) == OutboxMessage.ImmediatePriority, reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), Parse(reader.GetString(6))));
        }
        return failed;
    }

    /// <summary>
    /// Every failed alert is pending again, due now, with its attempts counted afresh: the server refused each message
    /// past every retry (about 50 minutes by default: a recipient it does not know, a policy, a mailbox over quota),
    /// and only an operator knows it was put right. (An unreachable server fails no alert: they wait.) Each
    /// keeps its Message-ID and its last error until the next attempt. Returns how many.
    /// </summary>
    public Task<int> RetryFailedAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $now, lease_until = NULL WHERE status = 'failed'",
            CommitDurability.SurvivesPowerLoss, cancellationToken, ("$now", Stamp(now)));

    /// <summary>When the dispatcher next has something to do: the earliest time a pending row becomes claimable.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _senders.RentAsync(cancellationToken);
        var command = connection.Command("""
            SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END)
            FROM outbox WHERE status = 'pending'
            """);
        return await command.ExecuteScalarAsync(cancellationToken) is string stamp ? Parse(stamp) : null;
    }

    public async Task<OutboxHealth> HealthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'failed'),
                   (SELECT MIN(created_at) FROM outbox WHERE status = 'pending')
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OutboxHealth(reader.GetInt32(0), reader.IsDBNull(1) ? null : Parse(reader.GetString(1)));
    }

    /// <summary>Fixed-width UTC text, so string order is time order in SQL.</summary>
    internal static string Stamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Parse(string stamp) =>
        DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Truncate(string error) => error.Length <= 1000 ? error : error[..1000];

    public void Dispose() => _senders.Dispose();

    /// <summary>One statement in its own write transaction; returns the rows it changed.</summary>
    private async Task<int> ExecuteAsync(string sql, CommitDurability durability, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(durability, cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var changed = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }
}
