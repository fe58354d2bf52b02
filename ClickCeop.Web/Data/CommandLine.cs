using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// Runs a command's work. What stops it is for the operator to fix, not a bug to debug: a database a newer version
    /// migrated, a file that is not a database, a path that cannot be made or written, the write lock held past the
    /// busy timeout, a Data:ConnectionString SQLite or the options' validation refuses. That is one line on standard
    /// error and exit code 1, which cron reports, not an unhandled exception's stack trace and the runtime's abort.
    /// </summary>
    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException
            or ArgumentException or OptionsValidationException)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
