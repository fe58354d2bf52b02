using System.Reflection;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Data;

/// <summary>
/// Applies the numbered, append-only scripts in Data/Migrations (embedded resources) in order, once each,
/// recording every one that ran in schema_migrations. A script that ran is never edited: add the next number.
/// </summary>
public sealed class Migrator(Database database, ILogger<Migrator> logger)
{
    private const string ResourcePrefix = "ClickCeop.Web.Data.Migrations.";

    public static IReadOnlyList<(string Name, string Sql)> Scripts()
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => (Name: name[ResourcePrefix.Length..], Sql: Read(assembly, name)))
            .OrderBy(script => script.Name, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ApplyAsync(cancellationToken);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SQLitePCL.raw.SQLITE_READONLY)
        {
            throw new UnusableDatabaseException(
                $"The database {database.FilePath} cannot be written: SQLite could open it only read-only. Give the service's user " +
                "write permission on the file and its folder; if its file system was remounted read-only (after a disk error), " +
                "check the disk and mount it read-write.", error);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SQLitePCL.raw.SQLITE_CANTOPEN && IsDeniedToThisUser(database.FilePath))
        {
            throw new UnusableDatabaseException(
                $"The database {database.FilePath} cannot be opened: the service's user may not read it. Make the service's " +
                "user the owner of the file, its folder and keys/ (as after restoring a backup taken as root).", error);
        }
        catch (SqliteException error) when (IsAboutTheFile(error))
        {
            // SQLite's message names no file, and the first open is where a wrong Data Source shows.
            throw new UnusableDatabaseException($"The database {database.FilePath} could not be used: {error.Message}", error);
        }
    }

    /// <summary>SQLite says only "unable to open database file"; the file system says whose it is.</summary>
    private static bool IsDeniedToThisUser(string path)
    {
        try
        {
            using var file = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// The file itself: not a database, damaged, not readable or writable by the service's user, its disk full, or
    /// held by another program past the busy timeout. A mistake in a script (SQLITE_ERROR, a constraint) is a bug.
    /// </summary>
    private static bool IsAboutTheFile(SqliteException error) => error.SqliteErrorCode is
        SQLitePCL.raw.SQLITE_PERM or SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_READONLY or SQLitePCL.raw.SQLITE_IOERR
        or SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_FULL or SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_NOTADB;

    private async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Once, at start. SQLite opens a file it may not write (its permissions, a file system remounted read-only)
        // read-only without a word, and with its migrations already run nothing here writes: the service would start,
        // answer Healthy, and refuse every answer and report.
        if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
        {
            throw new SqliteException("attempt to write a readonly database", SQLitePCL.raw.SQLITE_READONLY);
        }
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name TEXT PRIMARY KEY,
                    applied_at TEXT NOT NULL
                );
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await RefuseNewerDatabaseAsync(connection, cancellationToken);
        var applied = new List<string>();
        foreach (var (name, sql) in Scripts())
        {
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            if (await HasRunAsync(connection, transaction, name, cancellationToken))
            {
                continue;
            }
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (name, applied_at) VALUES ($name, $at)";
                record.Parameters.AddWithValue("$name", name);
                record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Migration}", name);
            applied.Add(name);
        }
        return applied;
    }

    /// <summary>
    /// An older version started on a database a newer one migrated would read and write tables it does not know the
    /// shape of. It stops instead, naming the way back.
    /// </summary>
    private async Task RefuseNewerDatabaseAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var known = Scripts().Select(script => script.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM schema_migrations ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!known.Contains(reader.GetString(0))) unknown.Add(reader.GetString(0));
        }
        if (unknown.Count > 0)
        {
            throw new UnusableDatabaseException(
                $"The database {database.FilePath} was migrated by a newer version of ClickCeop ({string.Join(", ", unknown)}). " +
                "Run that version, or restore the backup taken before it was installed.");
        }
    }

    private static async Task<bool> HasRunAsync(SqliteConnection connection, SqliteTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM schema_migrations WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
