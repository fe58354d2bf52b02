using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Data;

public sealed class MigratorTests : IDisposable
{
    private readonly AppHost _host = new();

    [Fact]
    public async Task Every_script_runs_once_and_is_recorded()
    {
        _host.StartServer(); // start-up applies the migrations
        var migrator = _host.Services.GetRequiredService<Migrator>();

        var secondRun = await migrator.MigrateAsync();

        Assert.Empty(secondRun);
        await using var connection = new SqliteConnection($"Data Source={_host.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM schema_migrations ORDER BY name";
        var recorded = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) recorded.Add(reader.GetString(0));
        }
        Assert.Equal(Migrator.Scripts().Select(s => s.Name), recorded);
        Assert.Contains("0001_reports.sql", recorded);
    }

    /// <summary>
    /// A script that fails for what it says (SQLITE_ERROR: here 0002 run again over the table it made) is a bug, kept
    /// with its stack trace: only the file's own faults (not a database, damaged, unreadable, full) are said to the
    /// operator as an unusable database in one line.
    /// </summary>
    [Fact]
    public async Task A_script_that_fails_is_not_said_as_an_unusable_database_file()
    {
        _host.StartServer();
        await DatabaseFile.ExecuteAsync(_host.DatabasePath, "DELETE FROM schema_migrations WHERE name = '0002_drafts.sql'");
        var migrator = _host.Services.GetRequiredService<Migrator>();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => migrator.MigrateAsync());

        var failed = Assert.IsType<SqliteException>(error);
        Assert.Equal(SQLitePCL.raw.SQLITE_ERROR, failed.SqliteErrorCode);
    }

    [Fact]
    public async Task A_database_a_newer_version_migrated_stops_this_version_starting_and_is_left_as_it_was()
    {
        _host.StartServer();
        await DatabaseFile.ExecuteAsync(_host.DatabasePath, "INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future.sql', '2027-01-01T00:00:00Z')");
        var before = await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT name FROM schema_migrations ORDER BY name");
        using var older = new AppHost(dataFolder: _host.DataFolder);

        var error = Assert.ThrowsAny<Exception>(() => older.StartServer());

        var refusal = Assert.IsType<UnusableDatabaseException>(error.GetBaseException());
        Assert.Contains("was migrated by a newer version of ClickCeop (9999_from_the_future.sql)", refusal.Message);
        Assert.Contains("restore the backup", refusal.Message);
        Assert.Equal(before, await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT name FROM schema_migrations ORDER BY name"));
    }

    [Fact]
    public async Task The_database_is_in_wal_mode()
    {
        _host.StartServer();
        var database = _host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync());
        Assert.Equal(_host.DatabasePath, database.FilePath);
        Assert.True(File.Exists(_host.DatabasePath));
    }

    [Fact]
    public async Task A_draft_saved_before_drafts_were_stored_by_id_is_found_after_the_upgrade()
    {
        // The database of the release before 0006, with a reporter halfway through the form.
        var folder = TestFolders.NewTemporary("upgrade");
        var now = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await using (var old = new SqliteConnection($"Data Source={Path.Combine(folder, "clickceop.db")};Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);"
                + string.Concat(Migrator.Scripts().TakeWhile(s => string.CompareOrdinal(s.Name, "0006") < 0)
                    .Select(s => s.Sql + $"\nINSERT INTO schema_migrations VALUES ('{s.Name}', '{now}');\n"))
                + "INSERT INTO drafts (id, partner, answers, updated_at) VALUES ('0123456789abcdef0123456789abcdef', 'example-social', '{\"role\":\"young-person\"}', $now);";
            command.Parameters.AddWithValue("$now", now);
            await command.ExecuteNonQueryAsync();
        }

        await using var upgraded = new AppHost(dataFolder: folder);
        upgraded.StartServer();
        var draft = await upgraded.Services.GetRequiredService<ClickCeop.Web.Reports.DraftStore>().FindAsync("0123456789abcdef0123456789abcdef");

        Assert.NotNull(draft);
        Assert.Equal("example-social", draft.Partner);
        Assert.Equal("young-person", draft.Answers.Role);
        await using var connection = new SqliteConnection($"Data Source={upgraded.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var rowid = connection.CreateCommand();
        rowid.CommandText = "SELECT rowid FROM drafts";
        Assert.Throws<SqliteException>(() => rowid.ExecuteScalar()); // stored in id order: WITHOUT ROWID
    }

    public void Dispose() => _host.Dispose();
}
