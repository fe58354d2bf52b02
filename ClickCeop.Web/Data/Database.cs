using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Data;

/// <summary>Opens connections to the service's SQLite file with the durability settings every write relies on.</summary>
public sealed class Database
{
    private readonly string _connectionString;

    public Database(IOptions<DataOptions> options, IHostEnvironment environment)
    {
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            // Connections are cheap to pool; pragmas below are per connection, so they run on every open.
            Pooling = true,
            DefaultTimeout = 30,
        };
        if (builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(environment.ContentRootPath, builder.DataSource);
        }
        if (builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(folder))
            {
                CreateFolder(folder, $"The database's folder {folder} (Data:ConnectionString)");
            }
        }
        _createFile = builder.Mode == SqliteOpenMode.ReadWriteCreate;
        _connectionString = builder.ToString();
        FilePath = builder.DataSource;
        _logPath = builder.Mode == SqliteOpenMode.Memory ? null : FilePath + "-wal";
        Folder = builder.Mode == SqliteOpenMode.Memory ? null : Path.GetDirectoryName(Path.GetFullPath(FilePath))!;
        KeysFolder = Folder is null ? null : Path.Combine(Folder, "keys");
    }

    public string FilePath { get; }

    /// <summary>
    /// Creates a folder the service keeps its data in. What stops it (a parent the service's user may not write to, a
    /// file where the folder should be) is said with the folder's purpose, which the runtime's message leaves out.
    /// </summary>
    internal static void CreateFolder(string folder, string what)
    {
        try
        {
            PrivateFiles.CreateFolder(folder);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UnusableDatabaseException($"{what} could not be created: {error.Message}", error);
        }
    }

    /// <summary>The folder holding the file, its write-ahead log and the key ring; null for an in-memory database.</summary>
    public string? Folder { get; }

    // Until the first open: the file is created by the service rather than by SQLite, whose new files anyone on the
    // machine may read (0644). Not in the constructor, so a command that only looks (backup) leaves no empty file.
    private volatile bool _createFile;

    private readonly string? _logPath;
    private long _logFlushes;

    /// <summary>How many times <see cref="FlushLog"/> has run; the tests read it.</summary>
    internal long LogFlushes => Interlocked.Read(ref _logFlushes);

    /// <summary>
    /// Makes every commit so far survive a power cut: an fsync of the write-ahead log, outside SQLite's write lock.
    /// A report commits without SQLite's own fsync and calls this before anyone is told it arrived. SQLite's fsync
    /// (synchronous=FULL) runs while the committing connection holds the write lock, so every answer's draft save
    /// and every alert's claim waited for it (bench/README.md). fsync on any descriptor flushes the whole file.
    /// Call it while the connection that committed is still open: SQLite deletes the WAL file only when its last
    /// connection closes, so the file at this path is the one holding the commit. If a checkpoint has already copied
    /// the commit into the database file and the log has started again, that checkpoint fsynced the database file
    /// first. Only the -wal file is opened here: closing a descriptor of the database file would drop SQLite's locks.
    /// </summary>
    public void FlushLog()
    {
        if (_logPath is null)
        {
            return; // an in-memory database has nothing on disk
        }
        using (var log = File.OpenHandle(_logPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            RandomAccess.FlushToDisk(log);
        }
        Interlocked.Increment(ref _logFlushes);
    }

    /// <summary>
    /// False when the service may no longer write its write-ahead log: the file system went read-only (ext4 does it
    /// by itself after a disk error, errors=remount-ro) or the file's permissions changed. Opens the -wal file for
    /// writing and writes nothing, as <see cref="FlushLog"/> does, so SQLite's locks on the database file are untouched.
    /// With no -wal file (no connection open yet) nothing is known, and it says true.
    /// </summary>
    public bool CanWriteLog()
    {
        if (_logPath is null)
        {
            return true;
        }
        try
        {
            using var log = File.OpenHandle(_logPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Where the Data Protection key ring lives: a "keys" folder beside the database file.</summary>
    public string? KeysFolder { get; }

    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(CommitDurability.SurvivesPowerLoss, cancellationToken);

    public async Task<SqliteConnection> OpenAsync(CommitDurability durability, CancellationToken cancellationToken = default)
    {
        if (_createFile)
        {
            PrivateFiles.CreateEmptyFile(FilePath);
            _createFile = false;
        }
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        var handle = connection.Handle!;
        if (Prepared.TryGetValue(handle, out var current) && current.Value == durability)
        {
            return connection; // a pooled native connection that already has exactly these settings
        }
        await using var pragma = connection.CreateCommand();
        if (current is null)
        {
            // WAL lets readers run beside the one writer, and FlushLog relies on it. SQLite answers with the mode it
            // could set; a file system without shared memory would leave it in another mode, silently.
            pragma.CommandText = "PRAGMA journal_mode=WAL";
            string? mode;
            try
            {
                mode = await pragma.ExecuteScalarAsync(cancellationToken) as string;
            }
            catch (SqliteException error) when (error.SqliteErrorCode == SQLitePCL.raw.SQLITE_CANTOPEN && SQLitePCL.raw.sqlite3_db_readonly(handle, "main") == 1)
            {
                // A WAL database opened read-only with no -shm beside it, which SQLite cannot make: "unable to open
                // database file" would hide that the file itself is read-only (Migrator names it).
                await connection.DisposeAsync();
                throw new SqliteException("attempt to write a readonly database", SQLitePCL.raw.SQLITE_READONLY);
            }
            if (mode != (_logPath is null ? "memory" : "wal"))
            {
                await connection.DisposeAsync();
                throw new UnusableDatabaseException($"SQLite could not use a write-ahead log for {FilePath} (journal mode \"{mode}\"); put the database on a local file system.");
            }
        }
        // synchronous=FULL fsyncs every commit before it returns; NORMAL skips that fsync: the write survives the
        // process dying, not the machine losing power, until FlushLog or a checkpoint.
        // A second writer waits for the lock (up to 30 s) instead of failing at once: see WaitForWriteLock.
        // secure_delete zeroes what a DELETE or UPDATE frees (the row's bytes and freed overflow pages): without it a
        // draft deleted by "Leave this site" or expiry stays readable in the file's free space.
        pragma.CommandText = (current is null ? "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; " : "")
            + (durability == CommitDurability.SurvivesPowerLoss ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        if (current is null)
        {
            _ = sqlite3_busy_handler(handle.DangerousGetHandle(), OnBusy, IntPtr.Zero);
            Prepared.AddOrUpdate(handle, new StrongBox<CommitDurability>(durability));
        }
        else
        {
            current.Value = durability;
        }
        return connection;
    }

    // Pragmas and the busy handler belong to the native connection, which the pool hands out again and again:
    // setting them once per native connection (and synchronous only when it changes) spares two or three statements
    // on every open (about 3 % of the server's CPU in bench/load). Entries go when the pool closes the native connection.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, StrongBox<CommitDurability>> Prepared = new();

    /// <summary>How long a writer waits for another writer's lock before the write fails with "database is locked".</summary>
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    [ThreadStatic] private static long _busySince;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyHandler(IntPtr state, int attempts);

    // Held for the life of the process: SQLite calls it through a native pointer.
    private static readonly BusyHandler OnBusy = WaitForWriteLock;

    // SQLitePCLRaw 2.x does not expose sqlite3_busy_handler; the e_sqlite3 library it loaded does.
    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_busy_handler(IntPtr db, BusyHandler handler, IntPtr state);

    /// <summary>
    /// SQLite's own busy_timeout handler sleeps 1, 2, 5, 10 ... 100 ms between tries. A write here holds the lock for
    /// about one fsync (a fraction of a millisecond), so under load those naps leave the lock idle while requests
    /// wait. Yield a few times, then nap 1 ms, until the same 30 s limit.
    /// </summary>
    private static int WaitForWriteLock(IntPtr state, int attempts)
    {
        if (attempts == 0)
        {
            _busySince = Stopwatch.GetTimestamp();
        }
        if (Stopwatch.GetElapsedTime(_busySince) > BusyTimeout)
        {
            return 0; // give up: SQLITE_BUSY, as busy_timeout would
        }
        if (attempts < 20)
        {
            Thread.Yield();
        }
        else
        {
            Thread.Sleep(1);
        }
        return 1;
    }

    /// <summary>
    /// How many of this process's writers may wait inside SQLite for its lock at once. One made the badge immune to a
    /// held lock but queued every save behind the thread pool's other work: the submit's p99 rose by 20 to 35 ms at
    /// 32 reporters (bench/README.md). Eight cost nothing measurable, and bound what a held lock can take: eight
    /// threads, which the pool replaces in seconds, where before it was one more thread for every waiting save.
    /// </summary>
    private const int LockWaiters = 8;

    private readonly SemaphoreSlim _lockWaiters = new(LockWaiters, LockWaiters);

    /// <summary>
    /// Starts a write transaction that takes SQLite's write lock at once (BEGIN IMMEDIATE), so two writers never
    /// deadlock upgrading a read lock. Every write goes through here, single statements too.
    /// A writer that finds the lock taken waits for it in SQLite's busy handler, holding its thread
    /// (Microsoft.Data.Sqlite's calls are synchronous). While another process held the lock (an administrator's
    /// sqlite3 shell, a disk slow to fsync), every request that wanted to write held a thread-pool thread, the pool ran
    /// out, and pages that never write stopped being answered for as long as the lock was held: the badge took 10 s
    /// (bench/README.md). So at most <see cref="LockWaiters"/> threads wait for the lock; the other writers wait for a
    /// place without a thread. A place is given up once the lock is taken, not at the commit.
    /// </summary>
    public async ValueTask<SqliteTransaction> BeginWriteAsync(SqliteConnection connection, CancellationToken cancellationToken = default)
    {
        if (!await _lockWaiters.WaitAsync(BusyTimeout, cancellationToken))
        {
            // SQLITE_BUSY, as SQLite's own wait ends: the journey's pages say "not saved yet" for it.
            throw new SqliteException($"database is locked: waited {BusyTimeout.TotalSeconds:0} s for this process's earlier writers", 5);
        }
        try
        {
            return connection.BeginTransaction(deferred: false);
        }
        finally
        {
            _lockWaiters.Release();
        }
    }
}

/// <summary>What a commit on a connection must survive before it returns.</summary>
public enum CommitDurability
{
    /// <summary>Alerts' retries and failures, escalations, audit, accounts: fsynced before the commit returns.</summary>
    SurvivesPowerLoss,

    /// <summary>
    /// Drafts: a power cut may lose the last few saved answers (the reporter sees an earlier question again), never
    /// a report. Saves one fsync per page of the form, the journey's commonest write. Also the alert dispatcher's
    /// claims and "sent" marks: a power cut may make it send a message again, with the same Message-ID. Reports and
    /// their outbox rows commit this way too, then call <see cref="Database.FlushLog"/> before anyone is told.
    /// </summary>
    SurvivesProcessCrash,
}
