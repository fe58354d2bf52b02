using ClickCeop.Web.Data;
using ClickCeop.Web.Notifications;
using ClickCeop.Web.Officers;
using ClickCeop.Web.Reports;
using ClickCeop.Web.Site;
using ClickCeop.Widget;

if (args is ["officers", ..]) return await OfficersCommand.RunAsync(args);
if (args is ["backup", ..]) return await BackupCommand.RunAsync(args);
if (args is ["alerts", ..]) return await AlertsCommand.RunAsync(args);

return await ServiceStart.RunAsync(() => BuildApp(args));

static WebApplication BuildApp(string[] args)
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = args,
        // The shared wwwroot at the repository root is linked into the build output; serve it from there.
        WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
    });

    // Every registration is checked at start in every environment: a missing one stops the start, not a request.
    builder.Host.UseDefaultServiceProvider(provider => provider.ValidateOnBuild = provider.ValidateScopes = true);
    builder.Services.AddDataStore();
    builder.Services.AddReports();
    builder.Services.AddSitePages();
    builder.Services.AddWords();
    builder.Services.AddTrustedProxies();
    builder.Services.AddReportJourney();
    builder.Services.AddDutyOfficerAlerts();
    builder.Services.AddOfficersConsole();
    builder.Services.AddHealthChecks();
    builder.Services.AddBadge(builder.Configuration);

    var app = builder.Build();

    app.UseTrustedProxies(); // only when the operator lists proxies: before anything reads the client's address or scheme
    app.UseBadge(); // the badge is answered from cached bytes and skips everything below
    // Never a stack trace, in any environment: failures and bare status codes get a readable page.
    app.UseExceptionHandler("/error");
    app.UseStatusCodePagesWithReExecute("/error/{0}");
    app.UseSecurityHeaders();
    app.UseUndecodableFormsRefused(); // before anything reads a form: a UTF-7 form is unreadable, not a failure
    if (!app.Environment.IsDevelopment())
    {
        app.UseHsts();
    }
    app.UseStaticFiles();
    app.UseWords();
    app.UseRouting();
    app.UseReportJourney();
    app.UseOfficersConsole();

    app.MapHealthChecks("/healthz");
    app.MapForgetKeptPages();
    app.MapRazorPages();
    return app;
}

/// <summary>The entry point, public so tests can host the app.</summary>
public partial class Program;
