using AngleSharp.Dom;
using Bunit;
using ClickCeop.Widget;

namespace ClickCeop.Tests.Widget;

/// <summary>The badge's Razor components, rendered by bunit and compared as markup, not as strings.</summary>
public sealed class BadgeComponentTests : IDisposable
{
    private readonly BunitContext _context = new();

    public static TheoryData<string, string> Variants()
    {
        var data = new TheoryData<string, string>();
        foreach (var size in new[] { "small", "medium", "large" })
        foreach (var theme in new[] { "light", "dark" })
            data.Add(size, theme);
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Each_variant_is_one_link_to_the_form_in_a_new_tab(string size, string theme)
    {
        var options = BadgeOptions.Parse("example-social", size, theme, "en");

        var cut = _context.Render<Badge>(p => p.Add(b => b.Options, options).Add(b => b.ReportBaseUrl, ""));

        var link = Assert.Single(cut.FindAll("a"));
        link.MarkupMatches("""
            <a href="/report?partner=example-social" target="_blank" rel="noopener noreferrer"
               aria-label="Report abuse to CEOP (opens in a new tab)"><svg diff:ignore></svg><span>Report abuse to CEOP</span></a>
            """);
        Assert.Equal("true", cut.Find("a svg").GetAttribute("aria-hidden"));
        var look = BadgeLook.For(options.Size, options.Theme);
        var style = cut.Find("style").TextContent;
        Assert.Contains($"width:{look.Width}px;height:{look.Height}px", style, StringComparison.Ordinal);
        Assert.Contains($"font:bold {look.FontSize}px", style, StringComparison.Ordinal);
        AssertNoScript(cut.FindAll("*"));
    }

    [Fact]
    public void The_link_goes_to_the_configured_form_host()
    {
        var cut = _context.Render<Badge>(p => p.Add(b => b.Options, BadgeOptions.Default).Add(b => b.ReportBaseUrl, "https://report.example"));

        Assert.Equal("https://report.example/report", cut.Find("a").GetAttribute("href"));
    }

    [Theory]
    [InlineData("\"><script>alert(1)</script>")]
    [InlineData("javascript:alert(1)")]
    [InlineData("acme\" onclick=\"alert(1)")]
    [InlineData("ACME")]
    public void A_hostile_partner_is_never_echoed(string partner)
    {
        var options = BadgeOptions.Parse(partner, "small", "dark", "en");

        var cut = _context.Render<Badge>(p => p.Add(b => b.Options, options).Add(b => b.ReportBaseUrl, ""));

        Assert.Equal("/report", cut.Find("a").GetAttribute("href"));
        Assert.DoesNotContain(partner, cut.Markup, StringComparison.Ordinal);
        AssertNoScript(cut.FindAll("*"));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_image_is_the_same_badge_with_a_text_alternative(string size, string theme)
    {
        var options = BadgeOptions.Parse(null, size, theme, "en");
        var look = BadgeLook.For(options.Size, options.Theme);

        var cut = _context.Render<BadgeArt>(p => p.Add(b => b.Options, options));

        var svg = cut.Find("svg");
        Assert.Equal("http://www.w3.org/2000/svg", svg.GetAttribute("xmlns"));
        Assert.Equal(look.Width.ToString(), svg.GetAttribute("width"));
        Assert.Equal(look.Height.ToString(), svg.GetAttribute("height"));
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("Report abuse to CEOP", svg.GetAttribute("aria-label"));
        Assert.Equal("Report abuse to CEOP", cut.Find("title").TextContent);
        var text = cut.Find("text");
        Assert.Equal("Report abuse to CEOP", text.TextContent);
        Assert.Equal(look.FontSize.ToString(), text.GetAttribute("font-size"));
        Assert.Equal(look.Text, text.GetAttribute("fill"));
        Assert.Empty(cut.FindAll("a"));
        AssertNoScript(cut.FindAll("*"));
    }

    /// <summary>No script element, no inline event handler, no javascript: URL in any attribute.</summary>
    internal static void AssertNoScript(IEnumerable<IElement> elements)
    {
        foreach (var element in elements)
        {
            Assert.NotEqual("script", element.LocalName, StringComparer.OrdinalIgnoreCase);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName} {attribute.Name}>");
                Assert.False(attribute.Value.Trim().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName} {attribute.Name}=\"{attribute.Value}\">");
            }
        }
    }

    public void Dispose() => _context.Dispose();
}
