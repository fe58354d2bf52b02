using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Data;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace ClickCeop.Tests.Data;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BackupCommandTests
{
    [Fact(Timeout = 120_000)]
    public async Task A_backup_taken_while_reports_arrive_restores_them_and_the_keys()
    {
        using var live = new AppHost();
        var store = live.Services.GetRequiredService<ReportStore>();
        var before = new List<Report>();
        for (var i = 0; i < 5; i++)
        {
            before.Add((await store.SubmitAsync(SampleReports.Parent(), $"before-{i}")).Report);
        }
        var sealedByLive = live.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("backup test").Protect("officer's cookie");
        var folder = Path.Combine(TestFolders.NewTemporary("backup"), "2026-11-29");
        using var stop = new CancellationTokenSource();
        var during = 0;
        var arriving = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await store.SubmitAsync(SampleReports.YoungPerson(), $"during-{i}");
                Interlocked.Increment(ref during);
            }
        });
        while (Volatile.Read(ref during) < 3)
        {
            await Task.Delay(5);
        }

        var output = new StringWriter();
        var exit = await BackupCommand.RunAsync(["backup", folder, $"--Data:ConnectionString=Data Source={live.DatabasePath}"], output, Console.Error);
        await stop.CancelAsync();
        await arriving;

        Assert.Equal(0, exit);
        var copy = Path.Combine(folder, "clickceop.db");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copy));
        var backedUp = await DatabaseFile.ColumnAsync(copy, "SELECT reference FROM reports");
        Assert.Contains($"Backed up {backedUp.Count} report(s)", output.ToString());
        Assert.Subset(new HashSet<string>(await DatabaseFile.ColumnAsync(live.DatabasePath, "SELECT reference FROM reports")), new HashSet<string>(backedUp));
        Assert.All(before, r => Assert.Contains(r.Reference, backedUp));
        Assert.True(backedUp.Count >= before.Count + 3, $"{backedUp.Count} reports backed up");
        // Every report in the copy came with its alerts: the backup is one moment, not a mix of two.
        Assert.Equal(backedUp.Count * 1L, long.Parse(Assert.Single(await DatabaseFile.ColumnAsync(copy, "SELECT COUNT(DISTINCT report_id) FROM outbox"))));
        var keys = Directory.GetFiles(Path.Combine(live.DataFolder, "keys")).Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(keys);
        Assert.Equal(keys, Directory.GetFiles(Path.Combine(folder, "keys")).Select(Path.GetFileName).Order().ToList());

        // Restored as the README says: both in place, the service started on them.
        var restoredFolder = TestFolders.NewTemporary("restored");
        File.Copy(copy, Path.Combine(restoredFolder, "clickceop.db"));
        Directory.CreateDirectory(Path.Combine(restoredFolder, "keys"));
        foreach (var key in Directory.GetFiles(Path.Combine(folder, "keys")))
        {
            File.Copy(key, Path.Combine(restoredFolder, "keys", Path.GetFileName(key)));
        }
        using var restored = new AppHost(dataFolder: restoredFolder);
        foreach (var report in before)
        {
            Assert.Equivalent(report, await restored.Services.GetRequiredService<ReportStore>().FindByReferenceAsync(report.Reference), strict: true);
        }
        Assert.Equal("officer's cookie", restored.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("backup test").Unprotect(sealedByLive));
    }

    // The officer's laptop is stolen after last night's backup: `officers reset` ends its session. Then the disk fails
    // and the backup is restored. The cookie on the stolen laptop must not open the console again.
    [Fact(Timeout = 60_000)]
    public async Task A_session_ended_after_the_backup_does_not_open_the_console_once_the_backup_is_restored()
    {
        using var live = new ClickCeop.Tests.Officers.ConsoleHost();
        var officer = await live.EnrolledOfficerAsync();
        var session = await live.Officers.StartSessionAsync((await live.Officers.FindByIdAsync(officer.Id))!);
        Assert.NotNull(session);
        var folder = Path.Combine(TestFolders.NewTemporary("backup"), "before-the-reset");
        Assert.Equal(0, await BackupCommand.RunAsync(["backup", folder, $"--Data:ConnectionString=Data Source={live.DatabasePath}"], TextWriter.Null, Console.Error));
        Assert.NotNull(await live.Officers.ResetAsync(officer.Email));
        Assert.False(await live.Officers.TouchSessionAsync(session, officer.Id));

        var restoredFolder = TestFolders.NewTemporary("restored");
        File.Copy(Path.Combine(folder, "clickceop.db"), Path.Combine(restoredFolder, "clickceop.db"));
        Directory.CreateDirectory(Path.Combine(restoredFolder, "keys"));
        foreach (var key in Directory.GetFiles(Path.Combine(folder, "keys")))
        {
            File.Copy(key, Path.Combine(restoredFolder, "keys", Path.GetFileName(key)));
        }
        using var restored = new ClickCeop.Tests.Officers.ConsoleHost(dataFolder: restoredFolder);

        Assert.False(await restored.Officers.TouchSessionAsync(session, officer.Id));
    }

    /// <summary>
    /// A draft is forgotten 60 minutes after its last answer, or at once on "Leave this site"; a nightly backup kept
    /// for months must not keep the answers of a reporter who was half way through when it ran and never sent them.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task A_backup_holds_no_unsent_answers_of_a_draft_in_flight()
    {
        using var live = new AppHost();
        var drafts = live.Services.GetRequiredService<DraftStore>();
        var draft = await drafts.CreateAsync("partnermarkerqz");
        draft.Answers.ChildFirstName = "Childmarkerqz";
        draft.Answers.Email = "emailmarkerqz@example.org";
        draft.Answers.Narrative = string.Concat(Enumerable.Repeat("Narrativemarkerqz ", 280));
        await drafts.SaveAsync(draft);
        var folder = Path.Combine(TestFolders.NewTemporary("backup"), "mid-journey");

        Assert.Equal(0, await BackupCommand.RunAsync(["backup", folder, $"--Data:ConnectionString=Data Source={live.DatabasePath}"], TextWriter.Null, Console.Error));

        var copy = Path.Combine(folder, "clickceop.db");
        Assert.Empty(await DatabaseFile.ColumnAsync(copy, "SELECT id FROM drafts WHERE submitted_reference IS NULL"));
        var file = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(copy));
        Assert.DoesNotContain("Childmarkerqz", file);
        Assert.DoesNotContain("emailmarkerqz", file);
        Assert.DoesNotContain("Narrativemarkerqz", file);
        Assert.DoesNotContain("partnermarkerqz", file);
        Assert.Empty(Directory.GetFiles(folder, "clickceop.db-*"));
    }

    /// <summary>
    /// The backup disk fills up half way through (as it does, night after night, until someone looks). Cron's mail may
    /// go unread; the folder is what a person restores from months later, so it must not hold a file that looks like a
    /// backup and is not one.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task A_backup_that_fails_part_way_leaves_nothing_that_looks_like_a_backup()
    {
        var data = TestFolders.NewTemporary("backup-too-big");
        var database = Path.Combine(data, "clickceop.db");
        // About 3 MB of pages, on a backup disk of 1 MB.
        await DatabaseFile.ExecuteAsync(database,
            "CREATE TABLE pages (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 750) INSERT INTO pages SELECT randomblob(4000) FROM n");
        await using var disk = await SmallDisk.MountAsync("backup-disk", megabytes: 1);
        var folder = Path.Combine(disk.Path, "2026-11-30");

        var error = new StringWriter();
        var exit = await BackupCommand.RunAsync(["backup", folder, $"--Data:ConnectionString=Data Source={database}"], TextWriter.Null, error);

        Assert.Equal(1, exit);
        Assert.DoesNotContain("   at ", error.ToString());
        Assert.False(File.Exists(Path.Combine(folder, "clickceop.db")), $"A failed backup left {Path.Combine(folder, "clickceop.db")}; it said: {error}");
        Assert.False(Directory.Exists(Path.Combine(folder, "keys")), "A failed backup left a keys folder");
        // Nothing is left in the way of the next night's run into the same folder either.
        var left = Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder) : [];
        Assert.True(left.Length == 0, $"The failed backup left {string.Join(", ", left)}");
    }

    [Fact]
    public async Task A_backup_never_overwrites_and_says_what_is_wrong()
    {
        var data = TestFolders.NewTemporary("backup-refusals");
        var database = Path.Combine(data, "clickceop.db");
        var config = $"--Data:ConnectionString=Data Source={database}";
        var earlier = TestFolders.NewTemporary("earlier-backup");
        File.WriteAllText(Path.Combine(earlier, "clickceop.db"), "an earlier backup");

        var error = new StringWriter();
        Assert.Equal(2, await BackupCommand.RunAsync(["backup", config], TextWriter.Null, error));
        Assert.Contains("Usage:", error.ToString());

        // An empty or blank folder (cron's `backup "$BACKUP_DIR"` with the variable unset) is no folder.
        foreach (var blank in new[] { "", " " })
        {
            error = new StringWriter();
            Assert.Equal(2, await BackupCommand.RunAsync(["backup", blank, config], TextWriter.Null, error));
            Assert.Contains("Usage:", error.ToString());
        }

        error = new StringWriter();
        Assert.Equal(1, await BackupCommand.RunAsync(["backup", Path.Combine(data, "new"), config], TextWriter.Null, error));
        Assert.Contains("There is no database at", error.ToString());
        Assert.False(File.Exists(database)); // looking made no empty database where the service will look

        await DatabaseFile.ExecuteAsync(database, "CREATE TABLE anything (x)");
        error = new StringWriter();
        Assert.Equal(1, await BackupCommand.RunAsync(["backup", earlier, config], TextWriter.Null, error));
        Assert.Contains("is not empty", error.ToString());
        Assert.Equal("an earlier backup", File.ReadAllText(Path.Combine(earlier, "clickceop.db")));

        // A file where the folder should be (a mistyped path, yesterday's backup archive): a clear line, not a stack trace.
        var file = Path.Combine(earlier, "clickceop.db");
        error = new StringWriter();
        Assert.Equal(1, await BackupCommand.RunAsync(["backup", file, config], TextWriter.Null, error));
        Assert.Contains(file, error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
        Assert.Equal("an earlier backup", File.ReadAllText(file));

        var output = new StringWriter();
        Assert.Equal(0, await BackupCommand.RunAsync(["backup", Path.Combine(data, "new"), config], output, TextWriter.Null));
        Assert.Contains("Backed up 0 report(s)", output.ToString());
    }
}
