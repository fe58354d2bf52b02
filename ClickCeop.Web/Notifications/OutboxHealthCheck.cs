using ClickCeop.Web.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Notifications;

/// <summary>
/// Unhealthy when there is nobody to alert (no enabled officer, no configured address): a report would be stored
/// but reach no one. Degraded when an alert gave up (failed) or has waited longer than StaleAfter: someone must look.
/// </summary>
public sealed class OutboxHealthCheck(
    OutboxStore store, Database database, AlertRecipients recipients, IOptionsMonitor<NotificationOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            if (await recipients.CountAsync(connection, cancellationToken) == 0)
            {
                return HealthCheckResult.Unhealthy("Nobody receives duty officer alerts: add an officer (officers add) or Notifications:DutyOfficers.");
            }
        }
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
