using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Data;

/// <summary>
/// `backup &lt;folder&gt;` from the command line: a consistent copy of the database and the key ring, safe to take while
/// the service runs. Copying the database file itself is not: the newest reports may still be only in its
/// write-ahead log, and a copy made during a write can be torn.
/// </summary>
public static class BackupCommand
{
    public const string Usage = """
        Usage:
          backup <folder>   copies the database (clickceop.db) and the key ring (keys/) into a new or empty folder;
                            safe while the service runs
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var target = args.ElementAtOrDefault(1);
        // A blank name is a mistake (cron's "$BACKUP_DIR" unset), not a folder to create.
        if (string.IsNullOrWhiteSpace(target) || target.StartsWith("--", StringComparison.Ordinal))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        return await CommandLine.RunAsync(error, () => RunAsync(args, target, output, error));
    }

    private static async Task<int> RunAsync(string[] args, string target, TextWriter output, TextWriter error)
    {
        await using var app = CommandLine.CreateBuilder(args.Skip(2)).Build();
        var database = app.Services.GetRequiredService<Database>();

        var folder = Path.GetFullPath(target);
        if (database.KeysFolder is null)
        {
            await error.WriteLineAsync("The database is in memory: there is nothing on disk to back up.");
            return 1;
        }
        if (!File.Exists(database.FilePath) || new FileInfo(database.FilePath).Length == 0)
        {
            await error.WriteLineAsync($"There is no database at {database.FilePath}.");
            return 1;
        }
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            await error.WriteLineAsync($"{folder} is not empty; back up into a new or empty folder, so that no earlier backup is overwritten.");
            return 1;
        }

        // Written under names that say they are not a backup yet, and given their real names only once the copy
        // passed its check and the keys are beside it: a run that fails (a full disk) or is killed part way leaves
        // nothing a person restoring later could take for a backup.
        var folderExisted = Directory.Exists(folder);
        PrivateFiles.CreateFolder(folder);
        var copy = Path.Combine(folder, "clickceop.db");
        var keys = Path.Combine(folder, "keys");
        var partialCopy = copy + ".partial";
        var partialKeys = keys + ".partial";
        long reports;
        int keyCount;
        try
        {
            await CopyDatabaseAsync(database, partialCopy);
            var (check, count) = await CheckAsync(partialCopy);
            if (check != "ok")
            {
                await error.WriteLineAsync($"The copy failed SQLite's integrity check: {check}");
                Forget(folder, folderExisted, partialCopy, partialKeys);
                return 1;
            }
            reports = count;
            keyCount = await CopyKeysAsync(database.KeysFolder, partialKeys);
            Directory.Move(partialKeys, keys);
            File.Move(partialCopy, copy);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"The backup failed: {e.Message}");
            Forget(folder, folderExisted, partialCopy, partialKeys, keys);
            return 1;
        }

        await output.WriteLineAsync($"Backed up {reports} report(s) to {copy} and {keyCount} key(s) to {keys}.");
        await output.WriteLineAsync("To restore: stop the service, delete the database's -wal and -shm files if they are there, put both in place of the database and its keys folder, start it.");
        return 0;
    }

    /// <summary>Takes away what a failed run wrote, so the folder is as it was for the next run.</summary>
    private static void Forget(string folder, bool folderExisted, string partialCopy, params string[] keyFolders)
    {
        try
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.EnumerateFiles(folder, Path.GetFileName(partialCopy) + "*")) File.Delete(file);
            foreach (var keyFolder in keyFolders.Where(Directory.Exists)) Directory.Delete(keyFolder, recursive: true);
            if (!folderExisted && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What is left still has a name that says it is not a backup.
        }
    }

    private static async Task CopyDatabaseAsync(Database database, string copy)
    {
        PrivateFiles.CreateEmptyFile(copy); // VACUUM INTO fills an empty file and keeps its permissions
        await using var connection = await database.OpenAsync();
        // One read transaction: every committed report, alert and account as of one moment, whatever is written
        // meanwhile.
        await using var vacuum = connection.CreateCommand();
        vacuum.CommandText = "VACUUM INTO $copy";
        vacuum.Parameters.AddWithValue("$copy", copy);
        await vacuum.ExecuteNonQueryAsync();
        await ScrubCopyAsync(copy);
    }

    /// <summary>
    /// What a restore must not bring back is taken out of the copy, in one transaction:
    /// - drafts: a draft is forgotten 60 minutes after its last answer (at once on "Leave this site"), and a backup kept
    ///   for months must not keep the answers of a reporter half way through when it ran; secure_delete zeroes the
    ///   freed pages, so they are not left in the copy's free space either. After a restore such a reporter is told
    ///   their answers were deleted, as after expiry;
    /// - open officer sessions are ended: a session ended after the backup (a sign-out, `officers reset` for a stolen
    ///   laptop, `officers disable`) would otherwise open the console again with the cookie holding it. After a restore
    ///   every officer signs in again.
    /// A database the service has never started on has neither table yet.
    /// </summary>
    private static async Task ScrubCopyAsync(string copy)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA secure_delete=ON";
        await pragma.ExecuteNonQueryAsync();
        await using var transaction = connection.BeginTransaction();
        foreach (var (table, sql) in new[]
        {
            ("drafts", "DELETE FROM drafts"),
            ("officer_sessions", "UPDATE officer_sessions SET ended_at = $now WHERE ended_at IS NULL"),
        })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $table";
            command.Parameters.AddWithValue("$table", table);
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                continue;
            }
            command.CommandText = sql;
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$now", Officers.OfficerStore.Iso(DateTimeOffset.UtcNow));
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task<int> CopyKeysAsync(string from, string to)
    {
        PrivateFiles.CreateFolder(to);
        if (!Directory.Exists(from))
        {
            return 0;
        }
        var count = 0;
        foreach (var key in Directory.EnumerateFiles(from, "*.xml"))
        {
            await using var source = File.OpenRead(key);
            await using var destination = PrivateFiles.Create(Path.Combine(to, Path.GetFileName(key)));
            await source.CopyToAsync(destination);
            count++;
        }
        return count;
    }

    private static async Task<(string Check, long Reports)> CheckAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var check = (string)(await command.ExecuteScalarAsync())!;
        // A database the service has never started on has no reports table yet.
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'reports'";
        if (check != "ok" || (long)(await command.ExecuteScalarAsync())! == 0)
        {
            return (check, 0);
        }
        command.CommandText = "SELECT COUNT(*) FROM reports";
        return (check, (long)(await command.ExecuteScalarAsync())!);
    }
}
