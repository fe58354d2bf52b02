using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>Reads a test host's SQLite file directly, as an auditor would, bypassing the app's own stores.</summary>
public static class DatabaseFile
{
    /// <summary>The first column of every row of <paramref name="sql"/>, as invariant text (NULL as "").</summary>
    public static async Task<List<string>> ColumnAsync(string databasePath, string sql)
    {
        // Unpooled, so no handle stays open on a file the test is about to delete or hand to a fresh host.
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }
        return values;
    }

    /// <summary>
    /// Polls a COUNT query until it gives <paramref name="expected"/>, for at most ten seconds; on failure says what it
    /// last saw and, when given, the rows <paramref name="explainSql"/> selects.
    /// </summary>
    public static async Task WaitForCountAsync(string databasePath, string countSql, int expected, string? explainSql = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var last = -1;
        while (DateTime.UtcNow < deadline)
        {
            last = int.Parse((await ColumnAsync(databasePath, countSql))[0], CultureInfo.InvariantCulture);
            if (last == expected)
            {
                return;
            }
            await Task.Delay(25);
        }
        var rows = explainSql is null ? [] : await ColumnAsync(databasePath, explainSql);
        Assert.Fail($"Expected {expected} from `{countSql}`, last saw {last}. {string.Join(" | ", rows)}");
    }

    /// <summary>
    /// Copies every page the log holds into the database file and empties the log, as SQLite's own checkpoints do in
    /// time; returns SQLite's busy flag, 0 when it completed. The running app's jobs read and write at moments of
    /// their own, so this waits (up to ten seconds) for their transactions to end rather than giving up at once.
    /// </summary>
    public static async Task<string> CheckpointAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000";
        await command.ExecuteNonQueryAsync();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
    }

    /// <summary>Runs <paramref name="sql"/> on the file, as an administrator's shell would.</summary>
    public static async Task ExecuteAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What SQLite says when <see cref="RefuseAsync"/> refuses a write; no page may show it.</summary>
    public const string RefusalMessage = "disk I/O error, said the test";

    /// <summary>
    /// A real database failure, not a fake: SQLite refuses <paramref name="write"/> (e.g. "BEFORE INSERT ON drafts")
    /// until the result is disposed.
    /// </summary>
    public static async Task<IAsyncDisposable> RefuseAsync(string databasePath, string write)
    {
        await ExecuteAsync(databasePath, $"CREATE TRIGGER refused_by_the_test {write} BEGIN SELECT RAISE(FAIL, '{RefusalMessage}'); END");
        return new Refusal(databasePath);
    }

    /// <summary>
    /// Holds SQLite's write lock on the file (BEGIN IMMEDIATE on a connection of its own) until the result is disposed,
    /// as an administrator's sqlite3 shell left inside a transaction would. Readers go on reading meanwhile.
    /// </summary>
    public static async Task<IAsyncDisposable> HoldWriteLockAsync(string databasePath)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }
        return new HeldLock(connection);
    }

    private sealed class HeldLock(SqliteConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var commit = connection.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                await commit.ExecuteNonQueryAsync();
            }
            await connection.DisposeAsync();
        }
    }

    private sealed class Refusal(string databasePath) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ExecuteAsync(databasePath, "DROP TRIGGER refused_by_the_test");
    }
}
