using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Notifications;

/// <summary>Degraded when an alert gave up (failed) or has waited longer than StaleAfter: someone must look.</summary>
public sealed class OutboxHealthCheck(OutboxStore store, IOptionsMonitor<NotificationOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = await store.HealthAsync(cancellationToken);
        if (health.Failed > 0)
        {
            return HealthCheckResult.Degraded($"{health.Failed} duty officer alert(s) failed to send.");
        }
        if (health.OldestPendingCreatedAt is { } oldest && timeProvider.GetUtcNow() - oldest > options.CurrentValue.StaleAfter)
        {
            return HealthCheckResult.Degraded("A duty officer alert has been waiting longer than expected.");
        }
        return HealthCheckResult.Healthy();
    }
}
