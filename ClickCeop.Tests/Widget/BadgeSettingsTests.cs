using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Widget;

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
        using var host = new AppHost(new Dictionary<string, string?> { ["Badge:ReportBaseUrl"] = baseUrl });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateBrowserlessClient());

        var validation = StartFailure.OptionsCheckIn(error);
        Assert.Contains("Badge:ReportBaseUrl", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_is_allowed_for_loopback_only()
    {
        using var host = new AppHost(new Dictionary<string, string?> { ["Badge:ReportBaseUrl"] = "http://127.0.0.1:5080" });
        var client = host.CreateBrowserlessClient();

        using var response = await client.GetAsync(BadgeMiddleware.ButtonPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
