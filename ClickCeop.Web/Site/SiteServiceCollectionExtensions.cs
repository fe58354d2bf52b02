namespace ClickCeop.Web.Site;

public static class SiteServiceCollectionExtensions
{
    public static IServiceCollection AddSitePages(this IServiceCollection services)
    {
        services.AddOptions<HelpOptions>()
            .BindConfiguration(HelpOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRouting(options => options.LowercaseUrls = true);
        services.AddRazorPages();
        return services;
    }
}
