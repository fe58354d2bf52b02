using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Data;

/// <summary>
/// Degraded when the file system holding the database has less than <see cref="DataOptions.MinimumFreeMegabytes"/>
/// free, so someone frees space before reporters are refused; Unhealthy when it is as good as full (under 1 MB: a
/// draft's save needs a page, a report a few, and SQLite's write-ahead log grows by them), because then every answer
/// and every report is being refused. Reads the file system's own figure (statfs), so it costs no write.
/// Unhealthy too when the write-ahead log cannot be opened for writing (a file system gone read-only).
/// </summary>
public sealed class DiskSpaceHealthCheck(Database database, IOptionsMonitor<DataOptions> options) : IHealthCheck
{
    private const long Full = 1L << 20;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (database.Folder is not { } folder)
        {
            return Task.FromResult(HealthCheckResult.Healthy("The database is in memory."));
        }
        if (!database.CanWriteLog())
        {
            // Free space says nothing here: a file system remounted read-only after a disk error still shows it.
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"The database's file system is read-only, or the service may no longer write {database.FilePath}-wal: answers and reports are being refused."));
        }
        var free = new DriveInfo(folder).AvailableFreeSpace;
        var minimum = options.CurrentValue.MinimumFreeMegabytes * (1L << 20);
        var result = free switch
        {
            < Full => HealthCheckResult.Unhealthy($"The database's disk is full ({free / 1024} KB free): answers and reports are being refused."),
            _ when free < minimum => HealthCheckResult.Degraded($"The database's disk has {free >> 20} MB free (Data:MinimumFreeMegabytes is {minimum >> 20}); reports will be refused when it is full."),
            _ => HealthCheckResult.Healthy(),
        };
        return Task.FromResult(result);
    }
}
