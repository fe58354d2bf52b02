using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Duty officer alerts: the outbox written with each report, the dispatcher that sends it, and its health check.</summary>
    public static IServiceCollection AddDutyOfficerAlerts(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.Section)
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                // `dotnet run` and the tests work with no configuration; elsewhere the validator insists on real officers.
                if (options.DutyOfficers.Count == 0 && (environment.IsDevelopment() || environment.IsEnvironment("Testing")))
                {
                    options.DutyOfficers.Add(NotificationOptions.DevelopmentRecipient);
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<AlertSignal>();
        services.AddSingleton<AlertRecipients>();
        services.AddSingleton<AlertOutbox>();
        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<PickupFolderMailTransport>();
        services.AddSingleton<IMailTransport>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<NotificationOptions>>().Value.Smtp.Host)
                ? provider.GetRequiredService<PickupFolderMailTransport>()
                : provider.GetRequiredService<SmtpMailTransport>());
        services.AddHostedService<AlertDispatcher>();

        services.AddOptions<EscalationOptions>()
            .BindConfiguration(EscalationOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EscalationOptions>, EscalationOptionsValidator>();
        services.AddSingleton<EscalationService>();
        services.AddHostedService(provider => provider.GetRequiredService<EscalationService>());
        services.AddHealthChecks().AddCheck<OutboxHealthCheck>("duty-officer-alerts");
        return services;
    }
}
