using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

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

        // Antiforgery tokens and the officers' cookies are protected with the Data Protection key ring. Kept beside
        // the database, a restart (or a container with no home folder) does not turn every open form into a 400.
        services.AddDataProtection().SetApplicationName("ClickCeop");
        services.AddOptions<KeyManagementOptions>().Configure<Database, ILoggerFactory>((options, database, loggers) =>
        {
            if (database.KeysFolder is { } folder)
            {
                options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder), loggers);
            }
        });
        return services;
    }

    private sealed class MigrateOnStart(Migrator migrator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
