using ClickCeop.Web.Reports;
using System.Security.Cryptography;

namespace ClickCeop.Web.Officers;

/// <summary>Server-side sessions: a cookie alone is never enough, every request finds its session here.</summary>
public sealed partial class OfficerStore
{
    /// <summary>A new server-side session (a new random id on every sign-in, so a planted id is worthless).</summary>
    public async Task<string?> StartSessionAsync(DutyOfficer officer, CancellationToken cancellationToken = default)
    {
        var officerId = officer.Id;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var at = time.GetUtcNow();
        var now = Iso(at);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var started = await ExecuteAsync(connection, transaction, $"""
            INSERT INTO officer_sessions (id, officer_id, created_at, last_seen_at)
            SELECT $id, officers.id, $now, $now FROM officers WHERE officers.id = $officer AND {StillAsRead}
            """, cancellationToken, ("$id", id), ("$officer", officerId), ("$now", now), ("$resets", officer.Resets), ("$chosen", officer.PasswordsChosen));
        if (started == 0)
        {
            // Reset, disabled or given another password since the sign-in read it: a reset ends sessions, so none may start after it.
            log.LogWarning("Officer {OfficerId}: no session started, the account was reset, disabled or given another password meanwhile", officerId);
            return null;
        }
        await RecordAsync(connection, transaction, officerId, OfficerEvent.SignedIn, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// True while the session is live: not ended, the officer still enabled, seen within the idle timeout and
    /// younger than the absolute timeout. A live session's last-seen time moves on; a dead one is ended for good.
    /// </summary>
    public async Task<bool> TouchSessionAsync(string sessionId, string officerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT s.created_at, s.last_seen_at, s.ended_at, o.disabled
              FROM officer_sessions s JOIN officers o ON o.id = s.officer_id
             WHERE s.id = $id AND s.officer_id = $officer
            """;
        command.Parameters.AddWithValue("$id", sessionId);
        command.Parameters.AddWithValue("$officer", officerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }
        var created = Parse(reader.GetString(0));
        var lastSeen = Parse(reader.GetString(1));
        var ended = !reader.IsDBNull(2);
        var disabled = reader.GetInt64(3) == 1;
        await reader.DisposeAsync();
        if (ended)
        {
            return false;
        }
        var now = time.GetUtcNow();
        var live = !disabled && now - lastSeen <= Options.IdleTimeout && now - created <= Options.AbsoluteTimeout;
        await ExecuteAsync(connection, transaction,
            live ? "UPDATE officer_sessions SET last_seen_at = $now WHERE id = $id" : "UPDATE officer_sessions SET ended_at = $now WHERE id = $id",
            cancellationToken, ("$now", Iso(now)), ("$id", sessionId));
        await transaction.CommitAsync(cancellationToken);
        return live;
    }

    public async Task EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        // Recorded only for a session still open, so a second sign-out (another tab) adds nothing.
        await ExecuteAsync(connection, transaction, """
            INSERT INTO officer_events (officer_id, event, at)
            SELECT officer_id, $event, $now FROM officer_sessions WHERE id = $id AND ended_at IS NULL;
            UPDATE officer_sessions SET ended_at = $now WHERE id = $id AND ended_at IS NULL;
            """, cancellationToken, ("$now", Iso(time.GetUtcNow())), ("$id", sessionId), ("$event", Codes.Of(OfficerEvent.SignedOut)));
        await transaction.CommitAsync(cancellationToken);
    }
}
