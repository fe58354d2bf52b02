using System.Globalization;
using ClickCeop.Widget;

namespace ClickCeop.Tests.Widget;

public sealed class BadgeLookTests
{
    public static TheoryData<BadgeSize, BadgeTheme> Variants()
    {
        var data = new TheoryData<BadgeSize, BadgeTheme>();
        foreach (var size in Enum.GetValues<BadgeSize>())
        foreach (var theme in Enum.GetValues<BadgeTheme>())
            data.Add(size, theme);
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_is_legible_and_big_enough_to_hit(BadgeSize size, BadgeTheme theme)
    {
        var look = BadgeLook.For(size, theme);

        Assert.True(look.FontSize >= BadgeLook.MinimumFontSize, $"{size}: text {look.FontSize}px");
        var minimumTarget = size == BadgeSize.Large ? 44 : 24;
        Assert.True(look.Width >= minimumTarget && look.Height >= minimumTarget, $"{size}: {look.Width}×{look.Height}");
        // WCAG 1.4.3 for the words, 1.4.11 for the mark and the border against the badge's own background.
        Assert.True(Contrast(look.Text, look.Background) >= 4.5, $"text {look.Text} on {look.Background}");
        Assert.True(Contrast(look.Icon, look.Background) >= 3, $"icon {look.Icon} on {look.Background}");
        Assert.True(Contrast(look.IconMark, look.Icon) >= 3, $"mark {look.IconMark} on {look.Icon}");
        Assert.True(Contrast(look.Border, look.Background) >= 3, $"border {look.Border} on {look.Background}");
    }

    [Fact]
    public void Sizes_grow_from_small_to_large()
    {
        var small = BadgeLook.For(BadgeSize.Small, BadgeTheme.Light);
        var medium = BadgeLook.For(BadgeSize.Medium, BadgeTheme.Light);
        var large = BadgeLook.For(BadgeSize.Large, BadgeTheme.Light);

        Assert.True(small.Height < medium.Height && medium.Height < large.Height);
        Assert.True(small.FontSize < medium.FontSize && medium.FontSize < large.FontSize);
    }

    [Fact]
    public void Contrast_is_computed_as_wcag_defines_it()
    {
        Assert.Equal(21, Contrast("#000000", "#ffffff"), 1);
        Assert.Equal(1, Contrast("#777777", "#777777"), 3);
        Assert.InRange(Contrast("#767676", "#ffffff"), 4.5, 4.6);
    }

    internal static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(1 + offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(0) + 0.7152 * Channel(2) + 0.0722 * Channel(4);
    }
}
