using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClickCeop.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Reports;

/// <summary>Drafts in SQLite. An expired draft is never returned, even before the purge job has deleted it.</summary>
public sealed class DraftStore(Database database, TimeProvider time, IOptions<JourneyOptions> options) : IDisposable
{
    // Every page of the form reads its draft and every answer saves it: these connections keep those few statements
    // prepared. Only requests running at this moment hold one, so a few idle ones are enough.
    private readonly KeptConnections _connections = new(database, CommitDurability.SurvivesProcessCrash, maxIdle: 16);

    private TimeSpan Lifetime => options.Value.DraftLifetime;

    public async Task<Draft> CreateAsync(string? partner, CancellationToken cancellationToken = default)
    {
        var draft = new Draft { Id = ReferenceNumber.NewId(), Partner = partner, UpdatedAt = time.GetUtcNow() };
        var answers = JsonSerializer.Serialize(draft.Answers, DraftJson.Default.DraftAnswers);
        await using var connection = await _connections.RentAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var command = connection.Command("INSERT INTO drafts (id, partner, answers, updated_at) VALUES ($id, $partner, $answers, $at)", transaction);
        command.Parameters.AddWithValue("$id", draft.Id);
        command.Parameters.AddWithValue("$partner", (object?)partner ?? DBNull.Value);
        command.Parameters.AddWithValue("$answers", answers);
        command.Parameters.AddWithValue("$at", Stamp(draft.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return draft;
    }

    public async Task<Draft?> FindAsync(string? id, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(id) || id.Length != 32)
        {
            return null;
        }
        await using var connection = await _connections.RentAsync(cancellationToken);
        var command = connection.Command("SELECT id, partner, answers, updated_at, submitted_reference FROM drafts WHERE id = $id AND updated_at > $oldest");
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$oldest", Stamp(time.GetUtcNow() - Lifetime));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new Draft
        {
            Id = reader.GetString(0),
            Partner = reader.IsDBNull(1) ? null : reader.GetString(1),
            Answers = JsonSerializer.Deserialize(reader.GetString(2), DraftJson.Default.DraftAnswers) ?? new(),
            UpdatedAt = DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            SubmittedReference = reader.IsDBNull(4) ? null : reader.GetString(4),
        };
    }

    /// <summary>Saves the answers and restarts the draft's 60 minutes.</summary>
    public async Task SaveAsync(Draft draft, CancellationToken cancellationToken = default)
    {
        draft.UpdatedAt = time.GetUtcNow();
        var answers = JsonSerializer.Serialize(draft.Answers, DraftJson.Default.DraftAnswers);
        await using var connection = await _connections.RentAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var command = connection.Command("UPDATE drafts SET answers = $answers, updated_at = $at WHERE id = $id AND submitted_reference IS NULL", transaction);
        command.Parameters.AddWithValue("$id", draft.Id);
        command.Parameters.AddWithValue("$answers", answers);
        command.Parameters.AddWithValue("$at", Stamp(draft.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs inside the report's own transaction (<see cref="ReportStore.SubmitAsync"/>): the answers are wiped and
    /// only the reference stays, for the confirmation page, until the draft expires. So a stored report and its
    /// answers still in a draft never both exist, and the submit is one write, not two. The reference is not an
    /// answer, and it never goes in a URL. <paramref name="id"/> matching no draft changes nothing.
    /// </summary>
    internal static async Task MarkSubmittedAsync(SqliteConnection connection, SqliteTransaction transaction, string id, string reference, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE drafts SET answers = '{}', partner = NULL, submitted_reference = $ref, updated_at = $at WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$ref", reference);
        command.Parameters.AddWithValue("$at", Stamp(at));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.RentAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var command = connection.Command("DELETE FROM drafts WHERE id = $id", transaction);
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes every draft idle for longer than the lifetime; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.RentAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var command = connection.Command("DELETE FROM drafts WHERE updated_at <= $oldest", transaction);
        command.Parameters.AddWithValue("$oldest", Stamp(time.GetUtcNow() - Lifetime));
        var purged = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return purged;
    }

    public void Dispose() => _connections.Dispose();

    // Fixed-width UTC ISO 8601 so text comparison in SQL orders like time.
    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// The answers' JSON, written and read by code generated at build time: every page reads a draft and every answer
/// writes one, and the reflection-based serializer cost more per call (bench/README.md). Web defaults: camelCase names.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DraftAnswers))]
internal sealed partial class DraftJson : JsonSerializerContext;
