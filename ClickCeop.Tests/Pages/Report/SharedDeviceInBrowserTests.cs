using ClickCeop.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>
/// A shared device, as a real Chromium profile on disk keeps it: after a report is sent and the person leaves by the
/// confirmation's "clear this report from this device", nothing they typed may stay in the browser for the next
/// person. Clear-Site-Data cannot reach the browser's own form history, which is shared by every site: a value kept
/// there is offered in any field of the same kind, anywhere.
/// </summary>
public sealed class SharedDeviceInBrowserTests : IDisposable
{
    private readonly AppHost _host = new AppHost().WithKestrel();

    [Fact(Timeout = 180_000)]
    public async Task After_sending_and_leaving_the_browser_keeps_no_answer_in_its_form_history()
    {
        // A profile on disk, as a family computer's is: the shared fixture's contexts are off the record and keep nothing.
        var profile = TestFolders.NewTemporary("profile");
        using (var playwright = await Playwright.CreateAsync())
        await using (var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CLICKCEOP_CHROMIUM") ?? Chromium.DefaultExecutable,
            Headless = true,
            JavaScriptEnabled = false,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        }))
        {
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            page.SetDefaultTimeout(15000);
            await page.GotoAsync(new Uri(_host.BaseAddress, "/report").ToString());
            await YoungPersonInBrowser.CompleteAsync(page, _ => Task.CompletedTask, tryWrongFirst: false);
            // The neutral page cannot load here (no network); leaving has happened once /exit has answered.
            await page.GetByRole(AriaRole.Link, new() { Name = "Leave this site and clear this report from this device" }).ClickAsync();
        }

        // Chromium's form history: every value it will offer again, keyed by field name, for every site.
        var kept = new List<string>();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(profile, "Default", "Web Data")};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, value FROM autofill ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) kept.Add($"{reader.GetString(0)} = {reader.GetString(1)}");
        }
        Assert.True(kept.Count == 0, $"After leaving, the browser still offers what was typed: {string.Join("; ", kept)}");
    }

    public void Dispose() => _host.Dispose();
}
