using System.Net;
using System.Net.Sockets;
using ClickCeop.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Tests.Site;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AppProcessTests
{
    [Fact]
    public async Task The_built_app_runs_as_a_process_on_its_own_database_and_stops_when_killed()
    {
        var folder = TestFolders.NewTemporary("process");
        var database = Path.Combine(folder, "clickceop.db");
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Data:ConnectionString"] = $"Data Source={database}",
        });
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        using var response = await client.GetAsync("/healthz");

        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Server"), "Kestrel names itself unless told not to");
        Assert.True(File.Exists(database));
        app.Kill();
        Assert.True(app.HasExited);
    }

    /// <summary>
    /// A setting the service refuses at start is the operator's to fix. A service manager (systemd) shows the last lines
    /// the process wrote and its exit code: the setting and what is wrong with it, and exit code 1, not an unhandled
    /// exception's stack trace and the runtime's abort (134, which also asks for a core dump).
    /// </summary>
    [Fact]
    public async Task A_setting_refused_at_start_is_one_line_on_standard_error_and_exit_code_1()
    {
        var folder = TestFolders.NewTemporary("process-refused");

        var (exit, error) = await AppProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["Data:ConnectionString"] = $"Data Source={Path.Combine(folder, "clickceop.db")}",
            ["Journey:DraftLifetimeMinutes"] = "1",
        }, TimeSpan.FromSeconds(60));

        Assert.True(exit == 1, $"exit code {exit}; standard error:\n{error}");
        Assert.Contains("Journey:DraftLifetimeMinutes must be between 5 and 1440.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Data settings are read while the app is built, before it runs (the database and its key ring are made then),
    /// so their refusal must end the process the same way: running.md lists Mode=Memory among the settings refused.
    /// </summary>
    [Theory]
    [InlineData("Data:ConnectionString", "Data Source={0};Mode=Memory")]
    [InlineData("Data:MinimumFreeMegabytes", "2000000")]
    public async Task A_data_setting_refused_while_the_app_is_built_is_one_line_on_standard_error_and_exit_code_1(string setting, string value)
    {
        var database = Path.Combine(TestFolders.NewTemporary("process-refused-data"), "clickceop.db");
        var settings = new Dictionary<string, string?> { ["Data:ConnectionString"] = $"Data Source={database}" };
        settings[setting] = string.Format(System.Globalization.CultureInfo.InvariantCulture, value, database);

        var (exit, error) = await AppProcess.RunToExitAsync(settings, TimeSpan.FromSeconds(60));

        Assert.True(exit == 1, $"exit code {exit}; standard error:\n{error}");
        Assert.StartsWith("ClickCeop did not start: ", error, StringComparison.Ordinal);
        Assert.Contains(setting, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Another program (or a service still running) holds the port: Kestrel's "address already in use" is the
    /// operator's to fix, so it ends like a refused setting, naming the address.
    /// </summary>
    [Fact]
    public async Task A_port_already_in_use_is_one_line_on_standard_error_and_exit_code_1()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        var (exit, log, error) = await AppProcess.RunToExitWithLogAsync(ProductionSettings(NewDatabasePath()), TimeSpan.FromSeconds(60), address);

        AssertRefusedWithOneLine(exit, error, address, "address already in use");
        // The jobs that had started (alerts, the draft purge) are stopped as at any shutdown: the host logs one failure,
        // the address, not also a job cancelled and the host stopped as critical, which reads as if the alerts had crashed.
        var hostFailures = log.Split('\n')
            .Where(line => line.StartsWith("fail: Microsoft.Extensions.Hosting", StringComparison.Ordinal) || line.StartsWith("crit: Microsoft.Extensions.Hosting", StringComparison.Ordinal))
            .ToList();
        Assert.True(hostFailures.Count == 1, $"expected the address's failure alone from the host, got:\n{string.Join('\n', hostFailures)}");
    }

    /// <summary>
    /// The database's folder cannot be made: here its parent is a file, which stops root too (the tests run as root);
    /// for a service user it is mostly a parent it may not write to (running.md, step 1), which ends the same way.
    /// </summary>
    [Fact]
    public async Task A_database_folder_that_cannot_be_made_is_one_line_on_standard_error_and_exit_code_1()
    {
        var notes = Path.Combine(TestFolders.NewTemporary("process-refused-folder"), "notes.txt");
        await File.WriteAllTextAsync(notes, "a file where the operator meant a folder");
        var folder = Path.Combine(notes, "data");

        var (exit, error) = await AppProcess.RunToExitAsync(ProductionSettings(Path.Combine(folder, "clickceop.db")), TimeSpan.FromSeconds(60));

        AssertRefusedWithOneLine(exit, error, folder, "Data:ConnectionString");
    }

    /// <summary>The key ring's folder is "keys" beside the database; a file of that name leaves nowhere to keep the keys.</summary>
    [Fact]
    public async Task A_keys_folder_that_is_a_file_is_one_line_on_standard_error_and_exit_code_1()
    {
        var database = NewDatabasePath();
        var keys = Path.Combine(Path.GetDirectoryName(database)!, "keys");
        await File.WriteAllTextAsync(keys, "not the key ring");

        var (exit, error) = await AppProcess.RunToExitAsync(ProductionSettings(database), TimeSpan.FromSeconds(60));

        AssertRefusedWithOneLine(exit, error, keys, "key ring");
    }

    /// <summary>A Data Source naming some other file (notes, a backup's archive): SQLite's "file is not a database".</summary>
    [Fact]
    public async Task A_database_file_that_is_not_a_database_is_one_line_on_standard_error_and_exit_code_1()
    {
        var database = NewDatabasePath();
        await File.WriteAllTextAsync(database, "not a database, but a file of the same name that is long enough to have a header");

        var (exit, error) = await AppProcess.RunToExitAsync(ProductionSettings(database), TimeSpan.FromSeconds(60));

        AssertRefusedWithOneLine(exit, error, database, "file is not a database");
    }

    /// <summary>An older build started on a database a newer one migrated (running.md, "Upgrading"): the way back is named.</summary>
    [Fact]
    public async Task A_database_a_newer_version_migrated_is_one_line_on_standard_error_and_exit_code_1()
    {
        var database = NewDatabasePath();
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
                INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future.sql', '2027-01-01T00:00:00Z');
                """;
            await command.ExecuteNonQueryAsync();
        }

        var (exit, error) = await AppProcess.RunToExitAsync(ProductionSettings(database), TimeSpan.FromSeconds(60));

        AssertRefusedWithOneLine(exit, error, database, "was migrated by a newer version of ClickCeop (9999_from_the_future.sql)", "restore the backup");
    }

    /// <summary>
    /// A database SQLite can open only read-only: its file system remounted read-only (ext4 does that itself after a
    /// disk error, errors=remount-ro), or a file the service's user may read but not write. SQLite opens it without a
    /// word and every write fails later, so the start must say so. Left by a service that stopped cleanly (no -wal or
    /// -shm beside it) and by one that was killed (both still there, as after the disk error that remounted it).
    /// Needs root or password-less sudo for the tmpfs, as <see cref="Faults.FullDiskTests"/>.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_database_that_can_only_be_read_is_one_line_on_standard_error_and_exit_code_1(bool killed)
    {
        await using var disk = await SmallDisk.MountAsync("process-read-only", megabytes: 16);
        var database = Path.Combine(disk.Path, "clickceop.db");
        var settings = ProductionSettings(database);
        await using (var first = await AppProcess.StartAsync(settings))
        {
            first.Kill();
        }
        if (!killed)
        {
            // What a clean stop leaves: the log copied into the file, and no -wal or -shm.
            await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }
        Assert.Equal(killed, File.Exists(database + "-wal"));
        await disk.RemountAsync(readOnly: true);

        var (exit, error) = await AppProcess.RunToExitAsync(settings, TimeSpan.FromSeconds(30));

        AssertRefusedWithOneLine(exit, error, database, "cannot be written");
    }

    /// <summary>
    /// Run as its own user (not root), the service may not listen under the port Linux keeps for privileged programs
    /// (1024 unless the machine says otherwise); Kestrel's "Permission denied" names no address, so the line must.
    /// </summary>
    [Fact]
    public async Task A_port_the_service_user_may_not_listen_on_is_one_line_on_standard_error_and_exit_code_1()
    {
        var firstOpenPort = int.Parse(await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_unprivileged_port_start"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(firstOpenPort > 1, $"This machine lets any user listen on port {firstOpenPort} and up (net.ipv4.ip_unprivileged_port_start), so no port is refused.");
        var address = $"http://127.0.0.1:{firstOpenPort - 1}";

        var (exit, error) = await AppProcess.RunToExitAsServiceUserAsync(ProductionSettings(ServiceUserDatabasePath()), TimeSpan.FromSeconds(60), address);

        AssertRefusedWithOneLine(exit, error, address, "Permission denied", "--urls");
    }

    /// <summary>The database's folder belongs to root (running.md's step 1 not done): the service user can make nothing there.</summary>
    [Fact]
    public async Task A_database_folder_the_service_user_may_not_write_to_is_one_line_on_standard_error_and_exit_code_1()
    {
        var folder = TestFolders.NewTemporary("process-root-folder");

        var (exit, error) = await AppProcess.RunToExitAsServiceUserAsync(ProductionSettings(Path.Combine(folder, "clickceop.db")), TimeSpan.FromSeconds(60));

        AssertRefusedWithOneLine(exit, error, folder, "denied");
    }

    /// <summary>
    /// A database restored by root and left as root's: as the app made it (only its owner may read it), the service
    /// user cannot open it at all; opened up to be read by others, it can read it but not write it.
    /// </summary>
    [Theory]
    [InlineData(0b110_000_000, "the service's user may not read it")]
    [InlineData(0b110_100_100, "cannot be written")]
    public async Task A_database_file_left_as_roots_is_one_line_on_standard_error_and_exit_code_1(int mode, string saying)
    {
        var database = ServiceUserDatabasePath();
        await using (var host = new AppHost(dataFolder: Path.GetDirectoryName(database)))
        {
            host.CreateClient().Dispose(); // migrated, as a backup would be
        }
        SqliteConnection.ClearAllPools();
        Assert.True(Environment.IsPrivilegedProcess, "the tests run as root, so the file is root's");
        File.SetUnixFileMode(database, (UnixFileMode)mode);

        var (exit, error) = await AppProcess.RunToExitAsServiceUserAsync(ProductionSettings(database), TimeSpan.FromSeconds(60));

        AssertRefusedWithOneLine(exit, error, database, saying);
    }

    private static string ServiceUserDatabasePath() => Path.Combine(AppProcess.NewServiceUserFolder("process-service-user"), "clickceop.db");

    private static string NewDatabasePath() => Path.Combine(TestFolders.NewTemporary("process-refused-start"), "clickceop.db");

    /// <summary>What a production start needs (running.md, step 1), so only the fault under test can stop it.</summary>
    private static Dictionary<string, string?> ProductionSettings(string dataSource) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Data:ConnectionString"] = $"Data Source={dataSource}",
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:ConsoleBaseUrl"] = "https://console.clickceop.test",
    };

    /// <summary>A service manager shows the last lines and the exit code: one line saying what to fix, and 1.</summary>
    private static void AssertRefusedWithOneLine(int exit, string error, params string[] saying)
    {
        Assert.True(exit == 1, $"exit code {exit}; standard error:\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ClickCeop did not start: ", line, StringComparison.Ordinal);
        foreach (var words in saying)
        {
            Assert.True(line.Contains(words, StringComparison.Ordinal), $"\"{words}\" is not in the line: {line}");
        }
    }
}
