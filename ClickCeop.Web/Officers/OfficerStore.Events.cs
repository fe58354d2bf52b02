using ClickCeop.Web.Reports;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Officers;

/// <summary>The account's history (officer_events): written beside each change, read by `officers history` and the console.</summary>
public sealed partial class OfficerStore
{
    private static readonly string[] Failures =
        [Codes.Of(OfficerEvent.WrongPassword), Codes.Of(OfficerEvent.WrongCode), Codes.Of(OfficerEvent.Refused)];

    /// <summary>
    /// SQL for how many times <paramref name="what"/> has happened to the officer whose id is <paramref name="officerIdSql"/>:
    /// resets and passwords chosen, counted from the append-only trail, so no counter can drift from it.
    /// </summary>
    private static string CountOf(OfficerEvent what, string officerIdSql) =>
        $"(SELECT COUNT(*) FROM officer_events e WHERE e.officer_id = {officerIdSql} AND e.event = '{Codes.Of(what)}')";

    private static Task RecordAsync(SqliteConnection connection, SqliteTransaction transaction, string officerId, OfficerEvent what,
        DateTimeOffset at, CancellationToken cancellationToken, string? detail = null) =>
        ExecuteAsync(connection, transaction, "INSERT INTO officer_events (officer_id, event, detail, at) VALUES ($officer, $event, $detail, $at)",
            cancellationToken, ("$officer", officerId), ("$event", Codes.Of(what)), ("$detail", (object?)detail ?? DBNull.Value), ("$at", Iso(at)));

    /// <summary>For an event with no write of its own to join (a refusal, a search that found nothing).</summary>
    private async Task RecordAsync(SqliteConnection connection, string officerId, OfficerEvent what, string detail, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await RecordAsync(connection, transaction, officerId, what, time.GetUtcNow(), cancellationToken, detail);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A console search for <paramref name="reference"/> (normalised) that found no report.</summary>
    public async Task RecordReferenceNotFoundAsync(string officerId, string reference, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await RecordAsync(connection, officerId, OfficerEvent.ReferenceNotFound, reference, cancellationToken);
    }

    /// <summary>The officer's last <paramref name="count"/> events, newest first.</summary>
    public async Task<IReadOnlyList<OfficerEventEntry>> HistoryAsync(string officerId, int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, event, detail FROM officer_events WHERE officer_id = $id ORDER BY id DESC LIMIT $count";
        command.Parameters.AddWithValue("$id", officerId);
        command.Parameters.AddWithValue("$count", count);
        var entries = new List<OfficerEventEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new(Parse(reader.GetString(0)), Codes.Parse<OfficerEvent>(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return entries;
    }

    /// <summary>
    /// The sign-in before the one that started <paramref name="sessionId"/>, and how many wrong passwords, wrong codes
    /// and refusals came after it, up to now (the officer's own slips this time included): null for a first sign-in.
    /// A sign-in's event and its session are written together with the same time.
    /// </summary>
    public async Task<LastSignIn?> LastSignInAsync(string officerId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH previous AS (
                SELECT id, at FROM officer_events
                 WHERE officer_id = $id AND event = $signed_in
                   AND at < (SELECT created_at FROM officer_sessions WHERE id = $session AND officer_id = $id)
                 ORDER BY id DESC LIMIT 1
            )
            SELECT previous.at,
                   (SELECT COUNT(*) FROM officer_events e
                     WHERE e.officer_id = $id AND e.id > previous.id AND e.event IN ({string.Join(", ", Failures.Select((_, i) => "$f" + i))}))
              FROM previous
            """;
        command.Parameters.AddWithValue("$id", officerId);
        command.Parameters.AddWithValue("$session", sessionId);
        command.Parameters.AddWithValue("$signed_in", Codes.Of(OfficerEvent.SignedIn));
        for (var i = 0; i < Failures.Length; i++) command.Parameters.AddWithValue("$f" + i, Failures[i]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LastSignIn(Parse(reader.GetString(0)), reader.GetInt32(1)) : null;
    }
}
