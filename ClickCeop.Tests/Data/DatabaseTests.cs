using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Data;

/// <summary>
/// The pool hands the same native connection out again and again, and Database sets its pragmas only when they
/// change: a report must still never be committed on a connection a draft left at synchronous=NORMAL.
/// </summary>
public sealed class DatabaseTests : IDisposable
{
    private readonly AppHost _host = new();

    [Fact]
    public async Task Every_open_gets_the_durability_it_asked_for_however_the_pool_reuses_connections()
    {
        _host.StartServer();
        var database = _host.Services.GetRequiredService<Database>();
        var order = new[]
        {
            CommitDurability.SurvivesPowerLoss, CommitDurability.SurvivesProcessCrash, CommitDurability.SurvivesProcessCrash,
            CommitDurability.SurvivesPowerLoss, CommitDurability.SurvivesPowerLoss, CommitDurability.SurvivesProcessCrash,
            CommitDurability.SurvivesPowerLoss,
        };

        foreach (var durability in order)
        {
            // One at a time, so each open takes the native connection the previous one gave back.
            await using var connection = await database.OpenAsync(durability);
            Assert.Equal(durability == CommitDurability.SurvivesPowerLoss ? 2L : 1L, await ScalarAsync(connection, "PRAGMA synchronous"));
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys"));
            Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        }

        // Several at once: fresh native connections get every setting too.
        var open = await Task.WhenAll(order.Select(d => database.OpenAsync(d)));
        for (var i = 0; i < open.Length; i++)
        {
            Assert.Equal(order[i] == CommitDurability.SurvivesPowerLoss ? 2L : 1L, await ScalarAsync(open[i], "PRAGMA synchronous"));
            Assert.Equal(1L, await ScalarAsync(open[i], "PRAGMA foreign_keys"));
            await open[i].DisposeAsync();
        }
    }

    [Fact]
    public async Task The_log_is_flushed_while_the_connection_that_wrote_to_it_is_open()
    {
        _host.StartServer();
        var database = _host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(CommitDurability.SurvivesProcessCrash);
        await ScalarAsync(connection, "CREATE TABLE flushed (x); INSERT INTO flushed VALUES (1); SELECT 1");
        var before = database.LogFlushes;

        database.FlushLog();

        Assert.Equal(before + 1, database.LogFlushes);
        Assert.True(File.Exists(database.FilePath + "-wal"));
    }

    [Fact]
    public async Task A_database_that_cannot_keep_a_write_ahead_log_stops_the_service_starting()
    {
        // SQLite's dot-file locking has no shared memory, as on some network file systems: asked for a write-ahead
        // log, SQLite answers with the journal mode it kept instead of failing.
        var folder = TestFolders.NewTemporary("no-wal");
        var path = Path.Combine(folder, "clickceop.db");
        using var host = new AppHost(new Dictionary<string, string?> { ["Data:ConnectionString"] = $"Data Source={path};Vfs=unix-dotfile" }, folder);

        var error = Assert.ThrowsAny<Exception>(() => host.StartServer());

        var refusal = Assert.IsType<UnusableDatabaseException>(error.GetBaseException());
        Assert.Contains("could not use a write-ahead log", refusal.Message);
        Assert.Contains("journal mode \"delete\"", refusal.Message);
        Assert.Empty(await DatabaseFile.ColumnAsync(path, "SELECT name FROM sqlite_master"));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public void Dispose() => _host.Dispose();
}
