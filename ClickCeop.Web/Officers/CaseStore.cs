using System.Globalization;
using System.Text.Json;
using ClickCeop.Web.Data;
using ClickCeop.Web.Reports;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Officers;

/// <summary>One row of the officers' queue.</summary>
public sealed record QueueItem(
    string Id, string Reference, DateTimeOffset ReceivedAt, bool ImmediateRisk, IReadOnlyList<Category> Categories,
    string? Partner, ReportStatus Status, string? OwnerName);

/// <summary>What officers have done with a report, beside what the reporter said.</summary>
public sealed record CaseState(string? OwnerOfficerId, string? OwnerName, string? AcknowledgedByName, DateTimeOffset? AcknowledgedAt, string? OutcomeNote);

public sealed record AuditEntry(long Id, string OfficerName, string Action, string? Detail, DateTimeOffset At);

public enum CaseActionResult
{
    Done,
    NotFound,
    NotAllowed,

    /// <summary>Someone else took ownership after the officer's page was shown: nothing changed.</summary>
    OwnerChanged,
}

/// <summary>
/// The console's work on reports: the queue, acknowledgement, ownership, status and notes. Every change and
/// every view writes a report_audit row in the same transaction, so the trail can never miss an action.
/// </summary>
public sealed class CaseStore(Database database, TimeProvider time)
{
    public const int MaxNoteLength = 4000;

    /// <summary>The most reports the queue lists; the page says when more are open (OpenCountAsync).</summary>
    public const int QueueLimit = 500;

    /// <summary>The allowed status moves: forward only, referred and closed are final.</summary>
    public static IReadOnlyList<ReportStatus> NextStatuses(ReportStatus from) => from switch
    {
        ReportStatus.New => [ReportStatus.Acknowledged],
        ReportStatus.Acknowledged => [ReportStatus.InProgress],
        ReportStatus.InProgress => [ReportStatus.Referred, ReportStatus.Closed],
        _ => [],
    };

    public static bool NeedsOutcomeNote(ReportStatus to) => to is ReportStatus.Referred or ReportStatus.Closed;

    /// <summary>Open reports (not referred or closed): immediate risk first, then oldest first.</summary>
    public async Task<IReadOnlyList<QueueItem>> QueueAsync(ReportStatus? status, string? partner, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r.id, r.reference, r.received_at, r.immediate_risk, r.categories, r.partner, r.status, o.display_name
              FROM reports r LEFT JOIN officers o ON o.id = r.owner_officer_id
             WHERE r.status NOT IN ('referred', 'closed')
               AND ($status IS NULL OR r.status = $status)
               AND ($partner IS NULL OR r.partner = $partner)
             ORDER BY r.immediate_risk DESC, r.received_at ASC
             LIMIT $limit
            """;
        command.Parameters.AddWithValue("$status", status is { } s ? Codes.Of(s) : DBNull.Value);
        command.Parameters.AddWithValue("$partner", string.IsNullOrEmpty(partner) ? DBNull.Value : partner);
        command.Parameters.AddWithValue("$limit", QueueLimit);
        var items = new List<QueueItem>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            items.Add(new QueueItem(
                r.GetString(0), r.GetString(1), OfficerStore.Parse(r.GetString(2)), r.GetInt64(3) == 1,
                JsonSerializer.Deserialize<string[]>(r.GetString(4))!.Select(Codes.Parse<Category>).ToList(),
                r.IsDBNull(5) ? null : r.GetString(5), Codes.Parse<ReportStatus>(r.GetString(6)), r.IsDBNull(7) ? null : r.GetString(7)));
        }
        return items;
    }

    /// <summary>
    /// How many open reports match the queue's filters, so the page can say when the queue (QueueLimit rows) leaves
    /// some off: the newest non-urgent reports are the ones cut, and nobody would otherwise know they are waiting.
    /// </summary>
    public async Task<int> OpenCountAsync(ReportStatus? status, string? partner, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*) FROM reports r
             WHERE r.status NOT IN ('referred', 'closed')
               AND ($status IS NULL OR r.status = $status)
               AND ($partner IS NULL OR r.partner = $partner)
            """;
        command.Parameters.AddWithValue("$status", status is { } s ? Codes.Of(s) : DBNull.Value);
        command.Parameters.AddWithValue("$partner", string.IsNullOrEmpty(partner) ? DBNull.Value : partner);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The partners that have open reports, for the queue's filter.</summary>
    public async Task<IReadOnlyList<string>> OpenPartnersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT partner FROM reports WHERE partner IS NOT NULL AND status NOT IN ('referred', 'closed') ORDER BY partner";
        var partners = new List<string>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken)) partners.Add(r.GetString(0));
        return partners;
    }

    /// <summary>Opens a report for an officer: the view itself is audited before anything is shown.</summary>
    public async Task<(Report Report, CaseState Case, IReadOnlyList<AuditEntry> Audit)?> OpenAsync(string reportId, string officerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        if (await ReadCaseAsync(connection, transaction, reportId, cancellationToken) is null)
        {
            return null;
        }
        await AuditAsync(connection, transaction, reportId, officerId, "viewed", null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ReadAsync(connection, reportId, cancellationToken);
    }

    public async Task<CaseActionResult> AcknowledgeAsync(string reportId, string officerId, CancellationToken cancellationToken = default) =>
        await ChangeStatusAsync(reportId, officerId, ReportStatus.Acknowledged, null, cancellationToken: cancellationToken);

    /// <summary>
    /// Makes the officer the owner. <paramref name="shownOwnerId"/> is the owner their page showed (null: nobody): when
    /// another officer took the report since, nothing changes, so nobody takes a report from a colleague without having
    /// seen that the colleague had it (two officers pressing Take ownership on the same unowned report).
    /// </summary>
    public async Task<CaseActionResult> TakeOwnershipAsync(string reportId, string officerId, string? shownOwnerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var current = await ReadCaseAsync(connection, transaction, reportId, cancellationToken);
        if (current is null) return CaseActionResult.NotFound;
        if (current.Value.Owner == officerId || current.Value.Status is ReportStatus.Referred or ReportStatus.Closed) return CaseActionResult.NotAllowed;
        if (current.Value.Owner != shownOwnerId) return CaseActionResult.OwnerChanged;
        await ExecuteAsync(connection, transaction, "UPDATE reports SET owner_officer_id = $officer WHERE id = $id", cancellationToken,
            ("$officer", officerId), ("$id", reportId));
        await AuditAsync(connection, transaction, reportId, officerId, "took-ownership", null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CaseActionResult.Done;
    }

    /// <summary>Moves the status one allowed step. Acknowledging records who and when (and stops escalation).</summary>
    /// <param name="formKey">
    /// The key of the status form the officer posted (made when the page was shown; null: none). The same form posted
    /// again once its move is made is a double press or a replay: it is done already, not a move refused.
    /// </param>
    public async Task<CaseActionResult> ChangeStatusAsync(string reportId, string officerId, ReportStatus to, string? outcomeNote, string? formKey = null,
        CancellationToken cancellationToken = default)
    {
        outcomeNote = string.IsNullOrWhiteSpace(outcomeNote) ? null : outcomeNote.Trim();
        if (NeedsOutcomeNote(to) && outcomeNote is null || outcomeNote?.Length > MaxNoteLength)
        {
            return CaseActionResult.NotAllowed;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var current = await ReadCaseAsync(connection, transaction, reportId, cancellationToken);
        if (current is null) return CaseActionResult.NotFound;
        if (!NextStatuses(current.Value.Status).Contains(to))
        {
            return formKey is not null && current.Value.Status == to
                && await PostedAlreadyAsync(connection, transaction, reportId, officerId, formKey, to == ReportStatus.Acknowledged ? "acknowledged" : "status-changed", null, cancellationToken)
                ? CaseActionResult.Done
                : CaseActionResult.NotAllowed;
        }

        var now = OfficerStore.Iso(time.GetUtcNow());
        await ExecuteAsync(connection, transaction, """
            UPDATE reports
               SET status = $status,
                   acknowledged_by = CASE WHEN $status = 'acknowledged' THEN $officer ELSE acknowledged_by END,
                   acknowledged_at = CASE WHEN $status = 'acknowledged' THEN $now ELSE acknowledged_at END,
                   outcome_note = COALESCE($note, outcome_note)
             WHERE id = $id
            """, cancellationToken, ("$status", Codes.Of(to)), ("$officer", officerId), ("$now", now), ("$note", (object?)outcomeNote ?? DBNull.Value), ("$id", reportId));
        var from = Codes.Of(current.Value.Status);
        if (to == ReportStatus.Acknowledged)
        {
            // An outcome note posted with it is saved like any other (the UPDATE above), so the trail must hold it too.
            await AuditAsync(connection, transaction, reportId, officerId, "acknowledged", outcomeNote, cancellationToken, formKey);
        }
        else
        {
            await AuditAsync(connection, transaction, reportId, officerId, "status-changed",
                $"{from} → {Codes.Of(to)}" + (outcomeNote is null ? "" : $": {outcomeNote}"), cancellationToken, formKey);
        }
        await transaction.CommitAsync(cancellationToken);
        return CaseActionResult.Done;
    }

    /// <param name="formKey">
    /// The key of the note form the officer posted (made when the page was shown; null: none). The same form posted
    /// again with the same words is a double press or a replay: it is done already, and the trail, which can never
    /// lose a row, does not get the note twice.
    /// </param>
    public async Task<CaseActionResult> AddNoteAsync(string reportId, string officerId, string? note, string? formKey = null, CancellationToken cancellationToken = default)
    {
        note = note?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > MaxNoteLength) return CaseActionResult.NotAllowed;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        if (await ReadCaseAsync(connection, transaction, reportId, cancellationToken) is null) return CaseActionResult.NotFound;
        if (formKey is not null && await PostedAlreadyAsync(connection, transaction, reportId, officerId, formKey, "note-added", note, cancellationToken))
        {
            return CaseActionResult.Done;
        }
        await AuditAsync(connection, transaction, reportId, officerId, "note-added", note, cancellationToken, formKey);
        await transaction.CommitAsync(cancellationToken);
        return CaseActionResult.Done;
    }

    /// <summary>Whether this officer's form <paramref name="formKey"/> already wrote a row of <paramref name="action"/> (with <paramref name="detail"/>, when given).</summary>
    private static async Task<bool> PostedAlreadyAsync(SqliteConnection connection, SqliteTransaction transaction, string reportId, string officerId,
        string formKey, string action, string? detail, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT EXISTS (SELECT 1 FROM report_audit
                            WHERE report_id = $report AND officer_id = $officer AND form_key = $key AND action = $action
                              AND ($detail IS NULL OR detail = $detail))
            """;
        command.Parameters.AddWithValue("$report", reportId);
        command.Parameters.AddWithValue("$officer", officerId);
        command.Parameters.AddWithValue("$key", formKey);
        command.Parameters.AddWithValue("$action", action);
        command.Parameters.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
    }

    private async Task<(Report, CaseState, IReadOnlyList<AuditEntry>)?> ReadAsync(SqliteConnection connection, string reportId, CancellationToken cancellationToken)
    {
        Report report;
        CaseState state;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT r.*, owner.display_name AS owner_name, ack.display_name AS acknowledged_by_name
                  FROM reports r
                  LEFT JOIN officers owner ON owner.id = r.owner_officer_id
                  LEFT JOIN officers ack ON ack.id = r.acknowledged_by
                 WHERE r.id = $id
                """;
            command.Parameters.AddWithValue("$id", reportId);
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            if (!await r.ReadAsync(cancellationToken)) return null;
            report = ReportStore.Read(r);
            string? Text(string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));
            state = new CaseState(Text("owner_officer_id"), Text("owner_name"), Text("acknowledged_by_name"),
                Text("acknowledged_at") is { } at ? OfficerStore.Parse(at) : null, Text("outcome_note"));
        }
        var audit = new List<AuditEntry>();
        await using (var command = connection.CreateCommand())
        {
            // Escalation rounds are done by the service, not an officer; they join the trail so the page shows
            // who was re-alerted and when, newest first.
            command.CommandText = """
                SELECT a.id, o.display_name, a.action, a.detail, a.at
                  FROM report_audit a JOIN officers o ON o.id = a.officer_id
                 WHERE a.report_id = $id
                UNION ALL
                SELECT 0, 'ClickCeop (automatic)', 'escalated',
                       'round ' || e.round || ', to ' || e.recipients || CASE e.recipients WHEN 1 THEN ' recipient' ELSE ' recipients' END,
                       e.at
                  FROM escalations e
                 WHERE e.report_id = $id
                 ORDER BY 5 DESC, 1 DESC
                """;
            command.Parameters.AddWithValue("$id", reportId);
            await using var r = await command.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                audit.Add(new AuditEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), OfficerStore.Parse(r.GetString(4))));
            }
        }
        return (report, state, audit);
    }

    private static async Task<(ReportStatus Status, string? Owner)?> ReadCaseAsync(SqliteConnection connection, SqliteTransaction transaction, string reportId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT status, owner_officer_id FROM reports WHERE id = $id";
        command.Parameters.AddWithValue("$id", reportId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken)) return null;
        return (Codes.Parse<ReportStatus>(r.GetString(0)), r.IsDBNull(1) ? null : r.GetString(1));
    }

    private async Task AuditAsync(SqliteConnection connection, SqliteTransaction transaction, string reportId, string officerId, string action, string? detail,
        CancellationToken cancellationToken, string? formKey = null) =>
        await ExecuteAsync(connection, transaction,
            "INSERT INTO report_audit (report_id, officer_id, action, detail, at, form_key) VALUES ($report, $officer, $action, $detail, $at, $form_key)",
            cancellationToken, ("$report", reportId), ("$officer", officerId), ("$action", action), ("$detail", (object?)detail ?? DBNull.Value),
            ("$at", OfficerStore.Iso(time.GetUtcNow())), ("$form_key", (object?)formKey ?? DBNull.Value));

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string Describe(ReportStatus status) => status switch
    {
        ReportStatus.New => "New",
        ReportStatus.Acknowledged => "Acknowledged",
        ReportStatus.InProgress => "In progress",
        ReportStatus.Referred => "Referred",
        ReportStatus.Closed => "Closed",
        _ => status.ToString(),
    };

    internal static string Describe(string action) => action switch
    {
        "viewed" => "Viewed",
        "acknowledged" => "Acknowledged",
        "took-ownership" => "Took ownership",
        "status-changed" => "Changed status",
        "note-added" => "Added a note",
        "escalated" => "Escalated (not acknowledged in time)",
        _ => action,
    };

    internal static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
