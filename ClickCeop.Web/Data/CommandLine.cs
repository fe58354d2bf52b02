namespace ClickCeop.Web.Data;

/// <summary>The service's own configuration and database, for a command run on the server (officers, backup).</summary>
public static class CommandLine
{
    /// <param name="args">What follows the command's name: "--Key=value" items are configuration, as for the service
    /// (--Data:ConnectionString=...); the rest are the command's own and not configuration.</param>
    public static WebApplicationBuilder CreateBuilder(IEnumerable<string> args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray(),
        });
        builder.Logging.ClearProviders();
        // In every environment, not only Development: a service a command cannot make must fail its tests.
        builder.Host.UseDefaultServiceProvider(provider => provider.ValidateOnBuild = provider.ValidateScopes = true);
        builder.Services.AddDataStore();
        return builder;
    }
}
