using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Widget;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClickCeop.Tests.Widget;

public sealed class BadgeSettingsTests
{
    [Theory]
    [InlineData("https://report.ceop.example", "https://report.ceop.example/report?partner=acme")]
    [InlineData("https://report.ceop.example/", "https://report.ceop.example/report?partner=acme")]
    [InlineData("https://ceop.example/forms", "https://ceop.example/forms/report?partner=acme")]
    [InlineData("https://ceop.example/child%20safety", "https://ceop.example/child%20safety/report?partner=acme")]
    [InlineData("", "/report?partner=acme")]
    public async Task The_link_goes_to_the_configured_report_base(string baseUrl, string expected)
    {
        using var host = new AppHost(new Dictionary<string, string?> { ["Badge:ReportBaseUrl"] = baseUrl });
        var client = host.CreateBrowserlessClient();

        var page = await client.GetDocumentAsync("/widget/v1/button?partner=acme");

        Assert.Equal(expected, page.QuerySelector("a")?.GetAttribute("href"));
    }

    [Theory]
    [InlineData("http://report.example")]
    [InlineData("report.example")]
    [InlineData("/relative")]
    [InlineData("https://report.example/?x=1")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://user:pass@report.example")]
    // Written as given into the badge's href and the snippets /embed hands platforms: a quote there ends the attribute.
    [InlineData("https://report.example/a\"b")]
    [InlineData("https://report.example/\"><img src=x>")]
    [InlineData("https://report.example/a b")]
    public void A_bad_report_base_stops_the_app_at_start(string baseUrl)
    {
        Assert.Contains("Badge:ReportBaseUrl", StartFailure.RefusalOf("Badge:ReportBaseUrl", baseUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_is_allowed_for_loopback_only()
    {
        using var host = new AppHost(new Dictionary<string, string?> { ["Badge:ReportBaseUrl"] = "http://127.0.0.1:5080" });
        var client = host.CreateBrowserlessClient();

        using var response = await client.GetAsync(BadgeMiddleware.ButtonPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Every child who presses the badge goes to this address. Outside Development and Testing a loopback one sends
    /// them to their own machine, and plain http sends their report unencrypted: the service must not start with either.
    /// </summary>
    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://localhost")]
    [InlineData("https://127.0.0.1:8443")]
    public void Outside_development_a_loopback_or_http_report_base_stops_the_app_at_start(string baseUrl)
    {
        using var host = new EnvironmentHost("Production", new Dictionary<string, string?> { ["Badge:ReportBaseUrl"] = baseUrl });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateBrowserlessClient());

        var validation = StartFailure.OptionsCheckIn(error);
        Assert.Contains("Badge:ReportBaseUrl", validation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "/report?partner=acme")]
    [InlineData("https://report.ceop.example", "https://report.ceop.example/report?partner=acme")]
    public async Task Outside_development_a_public_https_report_base_or_this_apps_own_origin_is_accepted(string baseUrl, string expected)
    {
        using var host = new EnvironmentHost("Production", new Dictionary<string, string?> { ["Badge:ReportBaseUrl"] = baseUrl });
        var client = host.CreateBrowserlessClient();

        var page = await client.GetDocumentAsync("/widget/v1/button?partner=acme");

        Assert.Equal("Production", host.Services.GetRequiredService<IHostEnvironment>().EnvironmentName);
        Assert.Equal(expected, page.QuerySelector("a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Development_may_link_the_badge_to_this_machine()
    {
        using var host = new EnvironmentHost("Development", new Dictionary<string, string?> { ["Badge:ReportBaseUrl"] = "http://localhost:5080" });
        var client = host.CreateBrowserlessClient();

        var page = await client.GetDocumentAsync("/widget/v1/button?partner=acme");

        Assert.Equal("http://localhost:5080/report?partner=acme", page.QuerySelector("a")?.GetAttribute("href"));
    }

    /// <summary>What the operator sees: the published app in Production stops with one line naming the setting.</summary>
    [Fact]
    public async Task In_production_a_loopback_report_base_is_one_line_on_standard_error_and_exit_code_1()
    {
        var folder = TestFolders.NewTemporary("badge-refused");

        var (exit, error) = await AppProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Data:ConnectionString"] = $"Data Source={Path.Combine(folder, "clickceop.db")}",
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:ConsoleBaseUrl"] = "https://console.clickceop.test",
            ["Badge:ReportBaseUrl"] = "http://localhost:5080",
        }, TimeSpan.FromSeconds(60));

        Assert.True(exit == 1, $"exit code {exit}; standard error:\n{error}");
        Assert.Contains("Badge:ReportBaseUrl", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The app in memory as AppHost makes it, but in another environment than Testing.</summary>
    private sealed class EnvironmentHost(string environment, IDictionary<string, string?> settings) : AppHost(WithPublicNotifications(settings))
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
        }

        // Outside Development and Testing the alerts' settings are checked too; these pass, so only the badge's can stop the start.
        private static Dictionary<string, string?> WithPublicNotifications(IDictionary<string, string?> settings) =>
            new(settings)
            {
                ["Notifications:Smtp:Host"] = "127.0.0.1",
                ["Notifications:ConsoleBaseUrl"] = "https://console.clickceop.test",
            };
    }
}
