using System.Data;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Data;

/// <summary>
/// The drafts' connections stay open with their statements prepared. Each must still be lent to one caller at a
/// time, see every other connection's commits, keep the durability it was made for, and be closed when not kept.
/// </summary>
public sealed class KeptConnectionsTests : IDisposable
{
    private readonly AppHost _host = new();
    private readonly Database _database;

    public KeptConnectionsTests()
    {
        _host.StartServer(); // migrates the real SQLite file
        _database = _host.Services.GetRequiredService<Database>();
    }

    [Fact]
    public async Task A_returned_connection_is_lent_again_with_its_command_still_prepared()
    {
        using var pool = new KeptConnections(_database, CommitDurability.SurvivesProcessCrash, maxIdle: 4);
        SqliteCommand first;
        await using (var kept = await pool.RentAsync())
        {
            first = kept.Command("SELECT $n + 1");
            first.Parameters.AddWithValue("$n", 1);
            Assert.Equal(2L, await first.ExecuteScalarAsync());
        }

        await using (var kept = await pool.RentAsync())
        {
            var again = kept.Command("SELECT $n + 1");
            Assert.Same(first, again);
            Assert.Empty(again.Parameters); // cleared for the next caller
            again.Parameters.AddWithValue("$n", 41);
            Assert.Equal(42L, await again.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task A_kept_statement_reads_what_other_connections_committed_since()
    {
        using var pool = new KeptConnections(_database, CommitDurability.SurvivesProcessCrash, maxIdle: 4);
        const string Read = "SELECT answers FROM drafts WHERE id = $id";
        await InsertDraftAsync("d1", "{\"a\":1}");
        Assert.Equal("{\"a\":1}", await ReadAsync(pool, Read, "d1"));

        await using (var other = await _database.OpenAsync())
        {
            await using var update = other.CreateCommand();
            update.CommandText = "UPDATE drafts SET answers = '{\"a\":2}' WHERE id = 'd1'";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        Assert.Equal("{\"a\":2}", await ReadAsync(pool, Read, "d1"));
    }

    [Fact]
    public async Task Callers_at_the_same_time_get_different_connections_and_only_max_idle_are_kept()
    {
        using var pool = new KeptConnections(_database, CommitDurability.SurvivesProcessCrash, maxIdle: 2);
        var lent = new List<KeptConnection>();
        for (var i = 0; i < 5; i++) lent.Add(await pool.RentAsync());
        var connections = lent.Select(k => k.Command("SELECT 1").Connection!).ToList();
        Assert.Equal(5, connections.Distinct().Count());

        foreach (var kept in lent) await kept.DisposeAsync();

        Assert.Equal(2, pool.IdleCount);
        Assert.Equal(2, connections.Count(c => c.State == ConnectionState.Open));
        Assert.Equal(3, connections.Count(c => c.State == ConnectionState.Closed));
    }

    [Fact]
    public async Task A_second_dispose_does_not_lend_the_connection_to_two_callers()
    {
        using var pool = new KeptConnections(_database, CommitDurability.SurvivesProcessCrash, maxIdle: 4);
        var kept = await pool.RentAsync();
        await kept.DisposeAsync();
        await kept.DisposeAsync();

        Assert.Equal(1, pool.IdleCount);
        await using var a = await pool.RentAsync();
        await using var b = await pool.RentAsync();
        Assert.NotSame(a, b);
    }

    [Fact]
    public async Task A_connection_closed_under_its_caller_is_not_lent_again()
    {
        using var pool = new KeptConnections(_database, CommitDurability.SurvivesProcessCrash, maxIdle: 4);
        SqliteConnection broken;
        await using (var kept = await pool.RentAsync())
        {
            broken = kept.Command("SELECT 1").Connection!;
            broken.Close();
        }

        Assert.Equal(0, pool.IdleCount);
        await using var next = await pool.RentAsync();
        var command = next.Command("SELECT 1");
        Assert.NotSame(broken, command.Connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(CommitDurability.SurvivesProcessCrash, 1L)]
    [InlineData(CommitDurability.SurvivesPowerLoss, 2L)]
    public async Task Kept_connections_keep_the_durability_they_were_made_for(CommitDurability durability, long synchronous)
    {
        using var pool = new KeptConnections(_database, durability, maxIdle: 4);
        for (var i = 0; i < 3; i++)
        {
            // Other opens in between take pooled native connections with the other setting.
            await using (await _database.OpenAsync(durability == CommitDurability.SurvivesPowerLoss ? CommitDurability.SurvivesProcessCrash : CommitDurability.SurvivesPowerLoss))
            {
            }
            await using var kept = await pool.RentAsync();
            Assert.Equal(synchronous, await kept.Command("PRAGMA synchronous").ExecuteScalarAsync());
            Assert.Equal(1L, await kept.Command("PRAGMA foreign_keys").ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Disposing_the_pool_closes_idle_connections_and_those_given_back_later()
    {
        var pool = new KeptConnections(_database, CommitDurability.SurvivesProcessCrash, maxIdle: 4);
        var idle = await pool.RentAsync();
        var stillLent = await pool.RentAsync();
        var idleConnection = idle.Command("SELECT 1").Connection!;
        var lentConnection = stillLent.Command("SELECT 1").Connection!;
        await idle.DisposeAsync();
        Assert.Equal(1, pool.IdleCount);

        pool.Dispose();
        Assert.Equal(ConnectionState.Closed, idleConnection.State);
        Assert.Equal(ConnectionState.Open, lentConnection.State); // its caller is still using it
        await stillLent.DisposeAsync();

        Assert.Equal(ConnectionState.Closed, lentConnection.State);
        Assert.Equal(0, pool.IdleCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await pool.RentAsync());
    }

    [Fact]
    public async Task A_kept_command_runs_in_the_transaction_it_is_given_and_without_one_afterwards()
    {
        using var pool = new KeptConnections(_database, CommitDurability.SurvivesProcessCrash, maxIdle: 4);
        const string Insert = "INSERT INTO drafts (id, partner, answers, updated_at) VALUES ($id, NULL, '{}', '2026-11-29T00:00:00.0000000Z')";
        await using (var kept = await pool.RentAsync())
        {
            await using (var rolledBack = await kept.BeginWriteAsync())
            {
                var command = kept.Command(Insert, rolledBack);
                command.Parameters.AddWithValue("$id", "in-rolled-back");
                await command.ExecuteNonQueryAsync();
            } // disposed without a commit

            await using (var committed = await kept.BeginWriteAsync())
            {
                var command = kept.Command(Insert, committed);
                command.Parameters.AddWithValue("$id", "in-committed");
                await command.ExecuteNonQueryAsync();
                await committed.CommitAsync();
            }

            var alone = kept.Command(Insert); // the same prepared command, no longer tied to the finished transaction
            alone.Parameters.AddWithValue("$id", "on-its-own");
            await alone.ExecuteNonQueryAsync();
        }

        Assert.Null(await ReadAsync(pool, "SELECT id FROM drafts WHERE id = $id", "in-rolled-back"));
        Assert.Equal("in-committed", await ReadAsync(pool, "SELECT id FROM drafts WHERE id = $id", "in-committed"));
        Assert.Equal("on-its-own", await ReadAsync(pool, "SELECT id FROM drafts WHERE id = $id", "on-its-own"));
    }

    private async Task InsertDraftAsync(string id, string answers)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO drafts (id, partner, answers, updated_at) VALUES ($id, NULL, $answers, '2026-11-29T00:00:00.0000000Z')";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$answers", answers);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ReadAsync(KeptConnections pool, string sql, string id)
    {
        await using var kept = await pool.RentAsync();
        var command = kept.Command(sql);
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync();
    }

    public void Dispose() => _host.Dispose();
}
