using System.Globalization;
using System.Text.Json;
using ClickCeop.Web.Data;
using ClickCeop.Web.Notifications;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Reports;

public sealed record SubmitResult(Report Report, bool Created);

/// <summary>
/// Reports in SQLite. A submit commits before it returns, so "sent" is only ever said of a durable row; the duty
/// officer alerts for a new report are written in the same transaction, so neither exists without the other.
/// </summary>
public sealed class ReportStore(Database database, AlertOutbox alerts)
{
    private const string Columns = """
        id, reference, submission_key, received_at, language, partner, reporter_role, categories, danger,
        immediate_risk, platform, other_person_identifiers, started_when, narrative, child_first_name, child_age,
        reporter_name, reporter_age, contact_email, contact_phone, text_safe, voicemail_safe, safe_times, status
        """;

    /// <summary>
    /// Stores the report once per <paramref name="submissionKey"/> (the draft's id): a replayed or double submit
    /// returns the report that is already stored instead of creating a second one. The draft's answers are wiped in
    /// the same transaction.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(Report report, string submissionKey, CancellationToken cancellationToken = default)
    {
        // Committed without SQLite's fsync inside the write lock, then flushed before the reporter is answered.
        await using var connection = await database.OpenAsync(CommitDurability.SurvivesProcessCrash, cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);

        var existing = await QuerySingleAsync(connection, transaction, "submission_key = $key", ("$key", submissionKey), cancellationToken);
        if (existing is not null)
        {
            // A double submit. Marking the draft again changes nothing; and the report its twin committed may not be
            // flushed yet.
            await DraftStore.MarkSubmittedAsync(connection, transaction, submissionKey, existing.Reference, existing.ReceivedAt, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            database.FlushLog();
            return new SubmitResult(existing, Created: false);
        }

        // References are random; on the rare collision draw again rather than fail the reporter.
        while (await QuerySingleAsync(connection, transaction, "reference = $ref", ("$ref", report.Reference), cancellationToken) is not null)
        {
            report = report with { Reference = ReferenceNumber.New() };
        }

        await InsertAsync(connection, transaction, report, submissionKey, cancellationToken);
        await alerts.EnqueueAsync(report, connection, transaction, cancellationToken);
        await DraftStore.MarkSubmittedAsync(connection, transaction, submissionKey, report.Reference, report.ReceivedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        database.FlushLog();
        alerts.Committed();
        return new SubmitResult(report, Created: true);
    }

    public async Task<Report?> FindByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QuerySingleAsync(connection, null, "reference = $ref", ("$ref", reference), cancellationToken);
    }

    public async Task<Report?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QuerySingleAsync(connection, null, "id = $id", ("$id", id), cancellationToken);
    }

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, Report report, string submissionKey, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO reports ({Columns}) VALUES (
                $id, $reference, $submission_key, $received_at, $language, $partner, $reporter_role, $categories, $danger,
                $immediate_risk, $platform, $other_person_identifiers, $started_when, $narrative, $child_first_name, $child_age,
                $reporter_name, $reporter_age, $contact_email, $contact_phone, $text_safe, $voicemail_safe, $safe_times, $status)
            """;
        var p = command.Parameters;
        p.AddWithValue("$id", report.Id);
        p.AddWithValue("$reference", report.Reference);
        p.AddWithValue("$submission_key", submissionKey);
        p.AddWithValue("$received_at", report.ReceivedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        p.AddWithValue("$language", report.Language);
        p.AddWithValue("$partner", (object?)report.Partner ?? DBNull.Value);
        p.AddWithValue("$reporter_role", Codes.Of(report.ReporterRole));
        p.AddWithValue("$categories", JsonSerializer.Serialize(report.Categories.Select(Codes.Of)));
        p.AddWithValue("$danger", Codes.Of(report.Danger));
        p.AddWithValue("$immediate_risk", report.ImmediateRisk ? 1 : 0);
        p.AddWithValue("$platform", report.Platform);
        p.AddWithValue("$other_person_identifiers", JsonSerializer.Serialize(report.OtherPersonIdentifiers));
        p.AddWithValue("$started_when", (object?)report.StartedWhen ?? DBNull.Value);
        p.AddWithValue("$narrative", report.Narrative);
        p.AddWithValue("$child_first_name", (object?)report.Child?.FirstName ?? DBNull.Value);
        p.AddWithValue("$child_age", (object?)report.Child?.Age ?? DBNull.Value);
        p.AddWithValue("$reporter_name", report.Reporter.Name);
        p.AddWithValue("$reporter_age", (object?)report.Reporter.Age ?? DBNull.Value);
        p.AddWithValue("$contact_email", (object?)report.Contact.Email ?? DBNull.Value);
        p.AddWithValue("$contact_phone", (object?)report.Contact.Phone ?? DBNull.Value);
        p.AddWithValue("$text_safe", report.Contact.TextSafe ? 1 : 0);
        p.AddWithValue("$voicemail_safe", report.Contact.VoicemailSafe ? 1 : 0);
        p.AddWithValue("$safe_times", (object?)report.Contact.SafeTimes ?? DBNull.Value);
        p.AddWithValue("$status", Codes.Of(report.Status));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Report?> QuerySingleAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string where, (string Name, object Value) parameter, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM reports WHERE {where}";
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    internal static Report Read(SqliteDataReader r)
    {
        string? Text(string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));
        int? Number(string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetInt32(r.GetOrdinal(column));

        var childName = Text("child_first_name");
        return new Report
        {
            Id = Text("id")!,
            Reference = Text("reference")!,
            ReceivedAt = DateTimeOffset.Parse(Text("received_at")!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Language = Text("language")!,
            Partner = Text("partner"),
            ReporterRole = Codes.Parse<ReporterRole>(Text("reporter_role")!),
            Categories = JsonSerializer.Deserialize<string[]>(Text("categories")!)!.Select(Codes.Parse<Category>).ToList(),
            Danger = Codes.Parse<Danger>(Text("danger")!),
            Platform = Text("platform")!,
            OtherPersonIdentifiers = JsonSerializer.Deserialize<string[]>(Text("other_person_identifiers")!)!,
            StartedWhen = Text("started_when"),
            Narrative = Text("narrative")!,
            Child = childName is null ? null : new ChildDetails(childName, Number("child_age")),
            Reporter = new ReporterDetails(Text("reporter_name")!, Number("reporter_age")),
            Contact = new ContactPreferences(Text("contact_email"), Text("contact_phone"), Number("text_safe") == 1, Number("voicemail_safe") == 1, Text("safe_times")),
            Status = Codes.Parse<ReportStatus>(Text("status")!),
        };
    }
}
