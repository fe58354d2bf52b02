using System.Net;
using ClickCeop.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ClickCeop.Tests.Data;

/// <summary>/healthz tells the operator about the database's disk before it fills, and while it is full.</summary>
public sealed class DiskSpaceHealthCheckTests
{
    [Fact(Timeout = 30_000)]
    public async Task Healthz_is_degraded_when_the_database_disk_runs_low_unhealthy_when_it_is_full_and_healthy_when_space_is_freed()
    {
        await using var disk = await SmallDisk.MountAsync("disk-health", megabytes: 16);
        await using var host = new AppHost(new Dictionary<string, string?>
        {
            ["Notifications:DutyOfficers:0"] = "duty@nca.example",
            ["Data:MinimumFreeMegabytes"] = "8",
        }, dataFolder: disk.Path);
        var client = host.CreateBrowserlessClient();

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await HealthAsync(client));

        disk.Fill(leaving: 4 << 20);
        Assert.Equal((HttpStatusCode.OK, "Degraded"), await HealthAsync(client));
        Assert.Contains(host.Log.Lines, line => line.Contains("The database's disk has 4 MB free (Data:MinimumFreeMegabytes is 8)", StringComparison.Ordinal));

        // Under a megabyte is as good as full: a report needs a few pages and the write-ahead log grows by them.
        disk.Fill(leaving: 512 << 10);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await HealthAsync(client));

        disk.Fill();
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await HealthAsync(client));
        Assert.Contains(host.Log.LinesFrom(LogLevel.Error), line => line.Contains("The database's disk is full (0 KB free): answers and reports are being refused.", StringComparison.Ordinal));

        disk.Empty();
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await HealthAsync(client));
    }

    private static async Task<(HttpStatusCode, string)> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/healthz");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
