namespace ClickCeop.Web.Reports;

public static class ReportsServiceCollectionExtensions
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReportStore>();
        return services;
    }
}
