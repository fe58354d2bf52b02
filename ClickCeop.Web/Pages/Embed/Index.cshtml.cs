using ClickCeop.Web.Site;
using ClickCeop.Widget;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Pages.Embed;

/// <summary>
/// For platform developers: choose a partner slug, size and theme with a plain GET form (a slug is not a
/// reporter's answer, so it may sit in the URL), see the badge live, and copy both snippets.
/// </summary>
public sealed class IndexModel(IOptions<BadgeSettings> settings) : PageModel
{
    /// <summary>Our usual page policy plus frames from our own origin, for the live preview on this page only.</summary>
    public const string ContentSecurityPolicy = SecurityHeaders.PageContentSecurityPolicy + "; frame-src 'self'";

    [BindProperty(SupportsGet = true)] public string? Partner { get; set; }

    [BindProperty(SupportsGet = true)] public string? Size { get; set; }

    [BindProperty(SupportsGet = true)] public string? Theme { get; set; }

    public BadgeOptions Options { get; private set; } = BadgeOptions.Default;

    public string? PartnerError { get; private set; }

    /// <summary>Where the badge is served: this page's own origin.</summary>
    public string BadgeOrigin { get; private set; } = "";

    /// <summary>Where the link goes: Badge:ReportBaseUrl, else this origin.</summary>
    public string ReportOrigin { get; private set; } = "";

    public string ButtonUrl(BadgeOptions options, bool absolute = true) =>
        (absolute ? BadgeOrigin : "") + BadgeMiddleware.ButtonPath + Query(options);

    public string ImageUrl(BadgeOptions options, bool absolute = true) =>
        (absolute ? BadgeOrigin : "") + BadgeMiddleware.ImagePath + Query(options, withPartner: false);

    public string ReportUrl(bool absolute = true) => BadgeLink.ReportUrl(absolute ? ReportOrigin : "", Options.Partner);

    public BadgeLook Look => BadgeLook.For(Options.Size, Options.Theme);

    public BadgeWords Words => BadgeWords.For(Options.Lang);

    /// <summary>
    /// The iframe snippet, as HTML a developer pastes (the page encodes it again for display). Both snippets ask for no
    /// Referer on the badge's own request: we never read it, so the browser need not tell us which page it is on.
    /// </summary>
    public string IframeSnippet =>
        $"<iframe src=\"{ButtonUrl(Options).Replace("&", "&amp;")}\" title=\"{Words.ImageText}\" " +
        $"width=\"{Look.Width}\" height=\"{Look.Height}\" style=\"border:0\" loading=\"lazy\" referrerpolicy=\"no-referrer\"></iframe>";

    public string ImageSnippet =>
        $"<a href=\"{ReportUrl()}\" target=\"_blank\" rel=\"noopener noreferrer\">" +
        $"<img src=\"{ImageUrl(Options).Replace("&", "&amp;")}\" alt=\"{Words.AccessibleName}\" " +
        $"width=\"{Look.Width}\" height=\"{Look.Height}\" referrerpolicy=\"no-referrer\"></a>";

    public void OnGet()
    {
        Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        Response.Headers.XFrameOptions = "DENY";

        var partner = string.IsNullOrWhiteSpace(Partner) ? null : Partner.Trim();
        if (partner is not null && !BadgeOptions.IsPartnerSlug(partner))
        {
            PartnerError = $"Enter a partner name of 1 to {BadgeOptions.MaxPartnerLength} characters using only lower-case letters a to z, numbers and hyphens";
            ViewData["HasError"] = true;
        }
        Options = BadgeOptions.Parse(partner, Size, Theme, null);

        BadgeOrigin = $"{Request.Scheme}://{Request.Host}";
        var configured = settings.Value.NormalisedReportBaseUrl;
        ReportOrigin = configured.Length > 0 ? configured : BadgeOrigin;
    }

    private static string Query(BadgeOptions options, bool withPartner = true) =>
        "?" + (withPartner && options.Partner is not null ? $"partner={options.Partner}&" : "") +
        $"size={BadgeOptions.NameOf(options.Size)}&theme={BadgeOptions.NameOf(options.Theme)}";
}
