using System.Collections.Frozen;

namespace ClickCeop.Widget;

/// <summary>
/// The badge's words in one language. Only English ships now; Welsh ("cy") is added by adding an entry here,
/// and every variant is rendered for every language at start-up.
/// </summary>
public sealed record BadgeWords(
    string Lang,
    /// <summary>The visible text: short enough to stay on one line at 12 px in the small badge.</summary>
    string Label,
    /// <summary>The link's accessible name: the visible text first (WCAG 2.5.3), then the new-tab warning.</summary>
    string AccessibleName,
    /// <summary>The image's title and the alt text we recommend for the plain snippet.</summary>
    string ImageText)
{
    public const string DefaultLanguage = "en";

    private static readonly FrozenDictionary<string, BadgeWords> ByLanguage = new Dictionary<string, BadgeWords>
    {
        ["en"] = new("en", "Report abuse to CEOP", "Report abuse to CEOP (opens in a new tab)", "Report abuse to CEOP"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> Languages => ByLanguage.Keys;

    public static bool IsSupported(string lang) => ByLanguage.ContainsKey(lang);

    public static BadgeWords For(string lang) =>
        ByLanguage.TryGetValue(lang, out var words) ? words : ByLanguage[DefaultLanguage];
}
