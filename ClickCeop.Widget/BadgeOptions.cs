using System.Text.RegularExpressions;

namespace ClickCeop.Widget;

public enum BadgeSize { Small, Medium, Large }

public enum BadgeTheme { Light, Dark }

/// <summary>
/// What a host page asked for in the badge's query string. Anything we do not recognise falls back to the default
/// (a badge inside someone's profile page must never become an error page), and a partner value that is not a
/// plain slug is dropped, never echoed.
/// </summary>
public sealed partial record BadgeOptions
{
    public const int MaxPartnerLength = 40;

    public static readonly BadgeOptions Default = new(null, BadgeSize.Medium, BadgeTheme.Light, BadgeWords.DefaultLanguage);

    private BadgeOptions(string? partner, BadgeSize size, BadgeTheme theme, string lang)
    {
        Partner = partner;
        Size = size;
        Theme = theme;
        Lang = lang;
    }

    /// <summary>A platform slug matching [a-z0-9-]{1,40}, or null.</summary>
    public string? Partner { get; }

    public BadgeSize Size { get; }

    public BadgeTheme Theme { get; }

    /// <summary>A language we have words for (see <see cref="BadgeWords"/>).</summary>
    public string Lang { get; }

    /// <summary>Reads raw query values; each is null when absent or given more than once.</summary>
    public static BadgeOptions Parse(string? partner, string? size, string? theme, string? lang) => new(
        IsPartnerSlug(partner) ? partner : null,
        size switch { "small" => BadgeSize.Small, "large" => BadgeSize.Large, _ => BadgeSize.Medium },
        theme switch { "dark" => BadgeTheme.Dark, _ => BadgeTheme.Light },
        lang is not null && BadgeWords.IsSupported(lang) ? lang : BadgeWords.DefaultLanguage);

    public static BadgeOptions Of(BadgeSize size, BadgeTheme theme, string lang) =>
        new(null, size, theme, BadgeWords.IsSupported(lang) ? lang : BadgeWords.DefaultLanguage);

    public BadgeOptions ForPartner(string? partner) => new(IsPartnerSlug(partner) ? partner : null, Size, Theme, Lang);

    /// <summary>Lower-case letters, digits and hyphens only: safe in a URL, an attribute and a header as it is.</summary>
    public static bool IsPartnerSlug(string? value) =>
        value is { Length: > 0 and <= MaxPartnerLength } && PartnerSlug().IsMatch(value);

    /// <summary>The kebab-case names used in query strings.</summary>
    public static string NameOf(BadgeSize size) => size switch
    {
        BadgeSize.Small => "small",
        BadgeSize.Large => "large",
        _ => "medium",
    };

    public static string NameOf(BadgeTheme theme) => theme == BadgeTheme.Dark ? "dark" : "light";

    // \z, not $: $ also matches before a final newline, which would let "acme\n" into the link and the ETag.
    [GeneratedRegex(@"\A[a-z0-9-]{1,40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PartnerSlug();
}
