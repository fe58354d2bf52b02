using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Widget;

namespace ClickCeop.Tests.Pages.Embed;

public sealed class EmbedPageTests : IDisposable
{
    private readonly AppHost _host = new();

    [Fact]
    public async Task The_page_frames_only_our_own_badge_and_runs_no_script()
    {
        var client = _host.CreateBrowserlessClient();
        using var response = await client.GetAsync("/embed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var directives = string.Join(";", response.Headers.GetValues("Content-Security-Policy"))
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("frame-src 'self'", directives);
        Assert.Contains("script-src 'none'", directives);
        Assert.Contains("default-src 'none'", directives);
        Assert.Contains("frame-ancestors 'none'", directives);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));

        var page = await Html.ParseAsync(response);
        BadgeComponentTests.AssertNoScript(page.QuerySelectorAll("*"));
        Assert.Equal("/exit", page.QuerySelector("header a.quick-exit")?.GetAttribute("href"));
        var frame = Assert.Single(page.QuerySelectorAll("iframe"));
        Assert.Equal("/widget/v1/button?size=medium&theme=light", frame.GetAttribute("src"));
        Assert.Equal("Report abuse to CEOP", frame.GetAttribute("title"));
        Assert.Equal("get", page.QuerySelector("main form")?.GetAttribute("method"));
        Assert.Equal("checked", page.QuerySelector("#size-medium")?.GetAttribute("checked"));
        Assert.Equal("checked", page.QuerySelector("#theme-light")?.GetAttribute("checked"));
        // Every size and theme is previewed.
        Assert.Equal(6, page.QuerySelectorAll("table img[src^='/widget/v1/badge.svg?']").Length);
    }

    [Fact]
    public async Task The_page_says_where_to_get_the_full_contract_without_inventing_an_address()
    {
        var page = await _host.CreateBrowserlessClient().GetDocumentAsync("/embed");

        var contract = page.QuerySelector("#contract")!;
        Assert.Contains("docs/embedding.md", contract.TextContent);
        Assert.Contains("The people who run this service can give you a copy.", contract.TextContent);
        Assert.Empty(contract.QuerySelectorAll("a"));
    }

    [Fact]
    public async Task The_snippets_carry_the_partner_size_and_theme_chosen()
    {
        var client = _host.CreateBrowserlessClient();
        var page = await client.GetDocumentAsync("/embed?partner=example-social&size=large&theme=dark");

        Assert.Equal("example-social", page.QuerySelector("#partner")?.GetAttribute("value"));
        Assert.Equal("checked", page.QuerySelector("#size-large")?.GetAttribute("checked"));
        Assert.Equal("checked", page.QuerySelector("#theme-dark")?.GetAttribute("checked"));
        Assert.Null(page.QuerySelector("#size-medium")?.GetAttribute("checked"));

        // The snippets are shown as text; parsed as HTML they are what a developer pastes.
        var iframe = Html.Parse(page.TextOf("#iframe-snippet")).QuerySelector("iframe")!;
        Assert.Equal("http://localhost/widget/v1/button?partner=example-social&size=large&theme=dark", iframe.GetAttribute("src"));
        Assert.Equal("Report abuse to CEOP", iframe.GetAttribute("title"));
        Assert.Equal(("288", "48"), (iframe.GetAttribute("width"), iframe.GetAttribute("height")));
        Assert.Equal("no-referrer", iframe.GetAttribute("referrerpolicy"));

        var image = Html.Parse(page.TextOf("#image-snippet"));
        var link = image.QuerySelector("a")!;
        Assert.Equal("http://localhost/report?partner=example-social", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        var img = link.QuerySelector("img")!;
        Assert.Equal("http://localhost/widget/v1/badge.svg?size=large&theme=dark", img.GetAttribute("src"));
        Assert.Equal("Report abuse to CEOP (opens in a new tab)", img.GetAttribute("alt"));
        Assert.Equal("no-referrer", img.GetAttribute("referrerpolicy"));

        Assert.Equal("frame-src http://localhost img-src http://localhost", page.TextOf("#csp-lines").Squash());
        Assert.Equal("/widget/v1/button?partner=example-social&size=large&theme=dark", page.QuerySelector("main iframe")?.GetAttribute("src"));
    }

    [Fact]
    public async Task The_snippets_in_the_docs_and_the_readme_are_the_ones_the_page_gives()
    {
        var page = await _host.CreateBrowserlessClient().GetDocumentAsync("/embed?partner=example-social&size=medium&theme=light");
        var root = Path.GetDirectoryName(Path.GetDirectoryName(TestFolders.Output("docs")))!;
        var embedding = File.ReadAllText(Path.Combine(root, "docs", "embedding.md"));
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string Parsed(string snippet) => Html.Parse(snippet.Replace("https://ceop.example", "http://localhost", StringComparison.Ordinal)).Body!.InnerHtml;

        var documented = HtmlBlocks(embedding);
        Assert.Equal(2, documented.Count);
        Assert.Equal(Parsed(page.TextOf("#iframe-snippet")), Parsed(documented[0]));
        Assert.Equal(Parsed(page.TextOf("#image-snippet")), Parsed(documented[1]));
        Assert.Equal(Parsed(page.TextOf("#iframe-snippet")), Parsed(Assert.Single(HtmlBlocks(readme))));
    }

    private static List<string> HtmlBlocks(string markdown) =>
        System.Text.RegularExpressions.Regex.Matches(markdown, "```html\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(match => match.Groups[1].Value.Trim()).ToList();

    [Fact]
    public async Task The_image_snippet_links_to_the_configured_form_host()
    {
        using var host = new AppHost(new Dictionary<string, string?> { ["Badge:ReportBaseUrl"] = "https://report.ceop.example" });
        var page = await host.CreateBrowserlessClient().GetDocumentAsync("/embed?partner=acme");

        var link = Html.Parse(page.TextOf("#image-snippet")).QuerySelector("a")!;
        Assert.Equal("https://report.ceop.example/report?partner=acme", link.GetAttribute("href"));
    }

    [Theory]
    [InlineData("\"><script>alert(1)</script>")]
    [InlineData("Example Social")]
    [InlineData("01234567890123456789012345678901234567890")]
    public async Task A_bad_partner_gets_a_clear_error_and_stays_out_of_the_snippets(string partner)
    {
        var client = _host.CreateBrowserlessClient();
        var page = await client.GetDocumentAsync("/embed?partner=" + Uri.EscapeDataString(partner));

        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
        Assert.Equal("There is a problem", page.TextOf(".error-summary__title"));
        Assert.Equal("#partner", page.QuerySelector(".error-summary__list a")?.GetAttribute("href"));
        Assert.Contains("partner-error", page.QuerySelector("#partner")?.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        BadgeComponentTests.AssertNoScript(page.QuerySelectorAll("*"));
        Assert.DoesNotContain("partner=", page.TextOf("#iframe-snippet"), StringComparison.Ordinal);
        Assert.DoesNotContain("partner=", page.TextOf("#image-snippet"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_public_name_in_AllowedHosts_no_other_host_gets_snippets_written_for_it()
    {
        using var host = new AppHost(new Dictionary<string, string?> { ["AllowedHosts"] = "ceop.example.org" }).WithKestrel();
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        async Task<(HttpStatusCode Status, string Body)> AskAs(string hostName, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = hostName;
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        // A poisoned cache or a phishing copy of /embed would hand platforms a badge that links elsewhere.
        var forged = await AskAs("evil.example", "/embed?partner=acme");
        var badge = await AskAs("evil.example", "/widget/v1/button?partner=acme");
        var real = await AskAs("ceop.example.org", "/embed?partner=acme");

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.DoesNotContain("evil.example", forged.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badge.Status);
        Assert.Equal(HttpStatusCode.OK, real.Status);
        var snippet = Html.Parse(Html.Parse(real.Body).TextOf("#image-snippet")).QuerySelector("a")!;
        Assert.Equal("http://ceop.example.org/report?partner=acme", snippet.GetAttribute("href"));
    }

    public void Dispose() => _host.Dispose();
}
