using System.Globalization;
using ClickCeop.Web.Reports;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Officers;

/// <summary>
/// Browsers an officer has fully signed in on (officer_browsers, migration 0009). A sign-in from one counts its wrong
/// attempts and keeps its lock-out on the browser's row, not the account's: whoever knows an officer's email address
/// can lock the account for every other browser, but not for the one the officer works on.
/// </summary>
public sealed partial class OfficerStore
{
    /// <summary>
    /// Where a sign-in step counts its wrong attempts: the account's row, or a known browser's. Table is one of two
    /// constants, never a value from a request.
    /// </summary>
    private sealed record Attempts(string Table, string Id, bool KnownBrowser, DateTimeOffset? LockedUntil)
    {
        public static Attempts Account(string officerId, DateTimeOffset? lockedUntil) => new("officers", officerId, false, lockedUntil);
    }

    /// <summary>
    /// Remembers the browser a sign-in has just completed on, for <see cref="OfficersOptions.KnownBrowserLifetime"/>
    /// from now; the same row again when <paramref name="browserId"/> is still this officer's known browser.
    /// </summary>
    public async Task<string> RememberBrowserAsync(DutyOfficer officer, string? browserId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var expires = Iso(now + Options.KnownBrowserLifetime);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE officer_browsers SET expires_at = $expires
             WHERE id = $id AND officer_id = $officer AND resets = $resets AND expires_at > $now
            RETURNING id
            """;
        command.Parameters.AddWithValue("$id", (object?)browserId ?? DBNull.Value);
        command.Parameters.AddWithValue("$officer", officer.Id);
        command.Parameters.AddWithValue("$resets", officer.Resets);
        command.Parameters.AddWithValue("$expires", expires);
        command.Parameters.AddWithValue("$now", Iso(now));
        var id = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (id is null)
        {
            id = ReferenceNumber.NewId();
            await ExecuteAsync(connection, transaction, """
                INSERT INTO officer_browsers (id, officer_id, resets, created_at, expires_at) VALUES ($id, $officer, $resets, $now, $expires)
                """, cancellationToken, ("$id", id), ("$officer", officer.Id), ("$resets", officer.Resets), ("$now", Iso(now)), ("$expires", expires));
        }
        // Expired rows count for nothing; this is as good a moment as any to let them go.
        await ExecuteAsync(connection, transaction, "DELETE FROM officer_browsers WHERE expires_at <= $now", cancellationToken, ("$now", Iso(now)));
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// The known browser's counter when <paramref name="browserId"/> names one of this officer's browsers, remembered
    /// since the last reset and not expired; otherwise the account's, locked until <paramref name="accountLockedUntil"/>.
    /// </summary>
    private static async Task<Attempts> AttemptsAsync(SqliteConnection connection, SqliteTransaction? transaction, string officerId,
        DateTimeOffset? accountLockedUntil, string? browserId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (browserId is null)
        {
            return Attempts.Account(officerId, accountLockedUntil);
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT b.locked_until FROM officer_browsers b
             WHERE b.id = $id AND b.officer_id = $officer AND b.expires_at > $now AND b.resets = {CountOf(OfficerEvent.OneTimePasswordReset, "b.officer_id")}
            """;
        command.Parameters.AddWithValue("$id", browserId);
        command.Parameters.AddWithValue("$officer", officerId);
        command.Parameters.AddWithValue("$now", Iso(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Attempts("officer_browsers", browserId, true, reader.IsDBNull(0) ? null : Parse(reader.GetString(0)))
            : Attempts.Account(officerId, accountLockedUntil);
    }

    /// <summary>The number of this attempt, counted as a failure until it succeeds; null when the account is disabled, or the counter locked or out of attempts.</summary>
    private async Task<long?> TakeAttemptAsync(SqliteConnection connection, string officerId, Attempts attempts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            UPDATE {attempts.Table} SET failed_attempts = failed_attempts + 1
             WHERE id = $id AND (SELECT disabled FROM officers WHERE officers.id = $officer) = 0
               AND failed_attempts < $max AND (locked_until IS NULL OR locked_until <= $now)
            RETURNING failed_attempts
            """;
        command.Parameters.AddWithValue("$id", attempts.Id);
        command.Parameters.AddWithValue("$officer", officerId);
        command.Parameters.AddWithValue("$max", Options.MaxFailedAttempts);
        command.Parameters.AddWithValue("$now", Iso(now));
        var attempt = await command.ExecuteScalarAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return attempt is null ? null : Convert.ToInt64(attempt, CultureInfo.InvariantCulture);
    }

    private static Task GiveBackAttemptAsync(SqliteConnection connection, SqliteTransaction transaction, Attempts attempts, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, $"UPDATE {attempts.Table} SET failed_attempts = MAX(failed_attempts - 1, 0) WHERE id = $id",
            cancellationToken, ("$id", attempts.Id));

    /// <summary>The wording an event gives the attempt's number: "attempt 2 of 5", "… from a known browser".</summary>
    private string AttemptDetail(long attempt, Attempts attempts) =>
        $"attempt {attempt} of {Options.MaxFailedAttempts}{(attempts.KnownBrowser ? " from a known browser" : "")}";
}
