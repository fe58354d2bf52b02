using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Site;

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
}
