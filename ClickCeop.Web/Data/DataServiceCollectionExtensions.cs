namespace ClickCeop.Web.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddDataStore(this IServiceCollection services)
    {
        services.AddOptions<DataOptions>()
            .BindConfiguration(DataOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        // Migrations run before the server accepts a request: a hosted service's StartAsync completes first.
        services.AddHostedService<MigrateOnStart>();
        return services;
    }

    private sealed class MigrateOnStart(Migrator migrator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
