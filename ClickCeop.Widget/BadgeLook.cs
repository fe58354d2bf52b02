namespace ClickCeop.Widget;

/// <summary>
/// Sizes and colours of each variant. Earlier buttons were shown at an unreadable 28×11 px: no text here is under
/// 12 px, the small badge is a target of at least 24×24 px and the large one at least 44×44 px (WCAG 2.5.8 / 2.5.5).
/// Colours are GOV.UK palette pairs with at least 4.5:1 contrast for text and 3:1 for the icon and focus ring.
/// </summary>
public sealed record BadgeLook(
    int Width, int Height, int FontSize, int IconSize, int Padding,
    string Background, string Text, string Border, string Icon, string IconMark)
{
    public const int MinimumFontSize = 12;

    public static BadgeLook For(BadgeSize size, BadgeTheme theme)
    {
        var (width, height, font, icon, padding) = size switch
        {
            // Padding (also the gap after the mark) leaves room for WCAG 1.4.12: with a reader's wider letter and
            // word spacing the words still end inside the border (measured in Chromium: 8 and 10 cut "CEOP" short).
            BadgeSize.Small => (196, 32, 12, 16, 5),
            BadgeSize.Large => (288, 48, 18, 24, 6),
            _ => (240, 40, 15, 20, 5),
        };
        return theme == BadgeTheme.Dark
            // White on near-black: 19.6:1; a lighter red, #ff6a57 on #0b0c0c, is 6.9:1 for the icon.
            ? new(width, height, font, icon, padding, "#0b0c0c", "#ffffff", "#ffffff", "#ff6a57", "#0b0c0c")
            // Near-black on white: 19.6:1; GOV.UK red #d4351c on white is 4.9:1 for the icon (3:1 needed).
            : new(width, height, font, icon, padding, "#ffffff", "#0b0c0c", "#0b0c0c", "#d4351c", "#ffffff");
    }
}
