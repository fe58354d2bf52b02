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
        services.AddHealthChecks().AddCheck<DiskSpaceHealthCheck>("database-disk");

        // Antiforgery tokens and the officers' cookies are protected with the Data Protection key ring. Kept beside
        // the database, a restart (or a container with no home folder) does not turn every open form into a 400.
        services.AddDataProtection().SetApplicationName("ClickCeop");
        RememberAntiforgeryTokens(services);
        services.AddOptions<KeyManagementOptions>().Configure<Database, ILoggerFactory>((options, database, loggers) =>
        {
            if (database.KeysFolder is { } folder)
            {
                Database.CreateFolder(folder, $"The key ring's folder {folder}, beside the database,");
                options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder), loggers);
            }
        });
        return services;
    }

    /// <summary>Puts <see cref="AntiforgeryTokenMemo"/> in front of the key ring that AddDataProtection registered.</summary>
    private static void RememberAntiforgeryTokens(IServiceCollection services)
    {
        var keyRing = services.Last(service => service.ServiceType == typeof(IDataProtectionProvider));
        var create = keyRing.ImplementationFactory
            ?? throw new InvalidOperationException("AddDataProtection no longer registers its provider with a factory.");
        services.Remove(keyRing);
        services.AddSingleton<IDataProtectionProvider>(provider => new AntiforgeryTokenMemo((IDataProtectionProvider)create(provider)));
    }

    private sealed class MigrateOnStart(Migrator migrator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
