using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClickCeop.Widget;

public static class BadgeServiceCollectionExtensions
{
    /// <summary>Badge settings (section "Badge", validated at start, stricter outside Development and Testing) and the catalog of pre-rendered variants.</summary>
    public static IServiceCollection AddBadge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BadgeSettings>()
            .Bind(configuration.GetSection(BadgeSettings.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BadgeSettings>, BadgeSettingsValidator>();
        services.AddSingleton(provider =>
            new BadgeCatalog(provider.GetRequiredService<IOptions<BadgeSettings>>().Value.NormalisedReportBaseUrl));
        return services;
    }

    /// <summary>Call first, before any other middleware: badge requests are answered here and go no further.</summary>
    public static IApplicationBuilder UseBadge(this IApplicationBuilder app) => app.UseMiddleware<BadgeMiddleware>();
}
