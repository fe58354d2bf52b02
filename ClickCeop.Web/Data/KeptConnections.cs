using System.Collections.Concurrent;
using System.Data;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Data;

/// <summary>
/// Connections kept open together with the statements they have prepared, lent to one caller at a time.
/// Microsoft.Data.Sqlite finalizes a command's statements when its connection closes, so a store that opens a pooled
/// connection per call parses its SQL again on every call. For the drafts, read on every page of the form and saved on
/// every answer, that parsing was most of SQLite's share of the server's CPU (bench/README.md).
/// </summary>
public sealed class KeptConnections(Database database, CommitDurability durability, int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<KeptConnection> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>An open connection with the durability this pool was made for; dispose it to give it back.</summary>
    public async ValueTask<KeptConnection> RentAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var kept))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        else
        {
            kept = new KeptConnection(this, await database.OpenAsync(durability, cancellationToken));
        }
        kept.Lent = true;
        return kept;
    }

    internal Database Database => database;

    /// <summary>How many connections wait to be lent.</summary>
    internal int IdleCount => Volatile.Read(ref _idleCount);

    internal void Return(KeptConnection kept)
    {
        // A broken connection, or one more than the pool keeps for a quiet moment, is closed instead.
        if (kept.IsReusable && !_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= maxIdle)
            {
                _idle.Add(kept);
                if (_disposed) Drain(); // disposed meanwhile: close it after all
                return;
            }
            Interlocked.Decrement(ref _idleCount);
        }
        kept.Close();
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var kept))
        {
            Interlocked.Decrement(ref _idleCount);
            kept.Close();
        }
    }
}

/// <summary>One kept connection, lent to one caller at a time: not for use by two threads at once.</summary>
public sealed class KeptConnection : IAsyncDisposable
{
    private readonly KeptConnections _owner;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    internal KeptConnection(KeptConnections owner, SqliteConnection connection)
    {
        _owner = owner;
        _connection = connection;
    }

    internal bool IsReusable => _connection.State == ConnectionState.Open;

    /// <summary>Set while a caller holds it, so a second dispose cannot hand it to two callers at once.</summary>
    internal bool Lent { get; set; }

    /// <summary>
    /// The command for this SQL, prepared on its first run and kept prepared; its parameters are cleared for the
    /// caller to add. Use it for one execution at a time, and only with SQL written in the code, never built from input.
    /// Inside a transaction from <see cref="BeginWriteAsync"/>, pass it: SQLite runs the command in it either way, but
    /// Microsoft.Data.Sqlite refuses a command that does not name the connection's open transaction.
    /// </summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }

    /// <summary>A write transaction that holds the write lock from its start (see <see cref="Database.BeginWriteAsync"/>).</summary>
    public ValueTask<SqliteTransaction> BeginWriteAsync(CancellationToken cancellationToken = default) =>
        _owner.Database.BeginWriteAsync(_connection, cancellationToken);

    public ValueTask DisposeAsync()
    {
        if (Lent)
        {
            Lent = false;
            _owner.Return(this);
        }
        return ValueTask.CompletedTask;
    }

    internal void Close()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
        _connection.Dispose();
    }
}
