using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Data;
using ClickCeop.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Data;

/// <summary>On a shared machine, no other account may read a report, an alert or a key the service wrote.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnly | UnixFileMode.UserExecute;

    [Fact(Timeout = 60_000)]
    public async Task The_database_its_log_the_keys_and_the_alerts_are_created_for_the_service_user_only()
    {
        var data = Path.Combine(TestFolders.NewTemporary("private"), "data");
        using var host = new AppHost(dataFolder: data);

        using (var signIn = await host.CreateBrowserlessClient().GetAsync("/officers/sign-in"))
        {
            Assert.Contains("__RequestVerificationToken", await signIn.Content.ReadAsStringAsync()); // a key was made for it
        }
        await host.Services.GetRequiredService<ReportStore>().SubmitAsync(SampleReports.YoungPerson(), "draft-private");
        var pickup = Path.Combine(data, "mail-pickup");
        while (!Directory.Exists(pickup) || Directory.GetFiles(pickup, "*.eml").Length == 0)
        {
            await Task.Delay(20);
        }

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(host.DatabasePath));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(host.DatabasePath + "-wal"));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(host.DatabasePath + "-shm"));
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(Path.Combine(data, "keys")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "keys")));
        Assert.All(Directory.GetFiles(Path.Combine(data, "keys")), key => Assert.Equal(OwnerOnly, File.GetUnixFileMode(key)));
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(pickup));
        Assert.All(Directory.GetFiles(pickup), alert => Assert.Equal(OwnerOnly, File.GetUnixFileMode(alert)));
    }

    [Fact]
    public async Task A_database_that_exists_keeps_its_permissions_and_its_contents()
    {
        var data = TestFolders.NewTemporary("existing");
        var path = Path.Combine(data, "clickceop.db");
        await DatabaseFile.ExecuteAsync(path, "CREATE TABLE kept (x); INSERT INTO kept VALUES (42)");
        var operatorsChoice = OwnerOnly | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, operatorsChoice);
        using var host = new AppHost(dataFolder: data);

        host.StartServer();

        Assert.Equal(operatorsChoice, File.GetUnixFileMode(path));
        Assert.Equal(["42"], await DatabaseFile.ColumnAsync(path, "SELECT x FROM kept"));
    }

    [Fact]
    public void Creating_an_empty_file_never_truncates_one_that_exists()
    {
        var path = Path.Combine(TestFolders.NewTemporary("empty"), "file");
        File.WriteAllText(path, "contents");

        PrivateFiles.CreateEmptyFile(path);

        Assert.Equal("contents", File.ReadAllText(path));
    }
}
