using ClickCeop.Widget;

namespace ClickCeop.Tests.Widget;

public sealed class BadgeOptionsTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("example-social")]
    [InlineData("a")]
    [InlineData("0123456789012345678901234567890123456789")] // 40
    public void A_slug_is_kept(string partner) =>
        Assert.Equal(partner, BadgeOptions.Parse(partner, null, null, null).Partner);

    [Theory]
    [InlineData("")]
    [InlineData("Acme")]
    [InlineData("acme social")]
    [InlineData("acme_social")]
    [InlineData("\"><script>alert(1)</script>")]
    [InlineData("acme\r\nSet-Cookie: a=b")]
    [InlineData("acme&size=large")]
    [InlineData("javascript:alert(1)")]
    [InlineData("acme\n")]
    [InlineData("ａｃｍｅ")] // full-width letters are not a-z
    [InlineData("01234567890123456789012345678901234567890")] // 41
    public void Anything_else_is_no_partner(string partner) =>
        Assert.Null(BadgeOptions.Parse(partner, null, null, null).Partner);

    [Fact]
    public void Nothing_given_is_the_default_medium_light_english_badge()
    {
        var options = BadgeOptions.Parse(null, null, null, null);

        Assert.Equal(BadgeOptions.Default, options);
        Assert.Equal((BadgeSize.Medium, BadgeTheme.Light, "en"), (options.Size, options.Theme, options.Lang));
    }

    [Theory]
    [InlineData("small", "dark", "en", BadgeSize.Small, BadgeTheme.Dark)]
    [InlineData("large", "light", "en", BadgeSize.Large, BadgeTheme.Light)]
    [InlineData("medium", "dark", null, BadgeSize.Medium, BadgeTheme.Dark)]
    [InlineData("LARGE", "Dark", "fr", BadgeSize.Medium, BadgeTheme.Light)]
    [InlineData("huge", "neon", "xx", BadgeSize.Medium, BadgeTheme.Light)]
    [InlineData("1", "0", "", BadgeSize.Medium, BadgeTheme.Light)]
    public void Known_values_are_read_and_unknown_ones_fall_back(string size, string theme, string? lang, BadgeSize expectedSize, BadgeTheme expectedTheme)
    {
        var options = BadgeOptions.Parse(null, size, theme, lang);

        Assert.Equal(expectedSize, options.Size);
        Assert.Equal(expectedTheme, options.Theme);
        Assert.Equal("en", options.Lang);
    }

    [Fact]
    public void The_link_never_carries_anything_but_a_slug()
    {
        Assert.Equal("/report?partner=acme", BadgeLink.ReportUrl("", "acme"));
        Assert.Equal("https://report.example/report", BadgeLink.ReportUrl("https://report.example", "<b>"));
        Assert.Equal("/report", BadgeLink.ReportUrl("", null));
    }
}
