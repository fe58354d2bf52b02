using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Site;

/// <summary>The help numbers and links are checked at start: a child follows them at the worst moment.</summary>
public sealed class HelpOptionsTests
{
    [Theory]
    // A link out of an HTTPS service over plain HTTP can be changed on the way by anyone on the network.
    [InlineData("Help:ChildlineUrl", "http://www.childline.org.uk/")]
    [InlineData("Help:IwfReportUrl", "http://report.iwf.org.uk/")]
    [InlineData("Help:ReportRemoveUrl", "ftp://www.childline.org.uk/report-remove/")]
    [InlineData("Help:ReportHarmfulContentUrl", "http://reportharmfulcontent.com/")]
    [InlineData("Help:NspccHelplineUrl", "http://www.nspcc.org.uk/")]
    [InlineData("Help:ExitUrl", "http://www.bbc.co.uk/weather")]
    // A number becomes a tel: link: words in it would make a link no phone can call.
    [InlineData("Help:ChildlineNumber", "0800 1111 (free)")]
    [InlineData("Help:NspccHelplineNumber", "call 0808 800 5000")]
    [InlineData("Help:EmergencyNumber", "999 or 112")]
    public void A_plain_http_link_or_a_number_no_phone_can_call_stops_the_app_at_start(string key, string value)
    {
        Assert.Contains(key.Split(':')[1], StartFailure.RefusalOf(key, value), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Help:ChildlineNumber", "+44 800 1111")]
    [InlineData("Help:EmergencyNumber", "112")]
    [InlineData("Help:ChildlineUrl", "https://www.childline.org.uk/get-support/")]
    public async Task Numbers_and_https_links_are_shown_as_given(string key, string value)
    {
        using var host = new AppHost(new Dictionary<string, string?> { [key] = value });

        var start = await host.CreateBrowserlessClient().GetDocumentAsync("/report");

        Assert.Contains(value, start.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "childline.org.uk")]
    [InlineData("https://WWW.childline.example/get-support/", "childline.example")]
    [InlineData("https://help.childline.example/", "help.childline.example")]
    public async Task The_childline_links_words_are_its_address_as_a_child_would_type_it(string? url, string words)
    {
        // null: the default, https://www.childline.org.uk/, whose words are the address Childline gives out.
        using var host = new AppHost(url is null ? null : new Dictionary<string, string?> { ["Help:ChildlineUrl"] = url });

        var start = await host.CreateBrowserlessClient().GetDocumentAsync("/report");

        Assert.Equal(words, start.QuerySelector("footer a[href^='https://'][href*='childline']")?.TextContent);
    }
}
