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
                Directory.CreateDirectory(folder);
            }
        }
        _connectionString = builder.ToString();
        FilePath = builder.DataSource;
    }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // WAL lets readers run beside the one writer; synchronous=FULL makes a commit durable before we say "sent".
        // busy_timeout makes a second writer wait for the lock instead of failing at once.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Starts a write transaction that takes the write lock at once (BEGIN IMMEDIATE), so two writers never
    /// deadlock upgrading a read lock.
    /// </summary>
    public static SqliteTransaction BeginWrite(SqliteConnection connection) =>
        connection.BeginTransaction(deferred: false);
}
