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

    public void Dispose() => _host.Dispose();
}
