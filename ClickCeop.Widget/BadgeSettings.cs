using System.ComponentModel.DataAnnotations;

namespace ClickCeop.Widget;

/// <summary>Configuration section "Badge".</summary>
public sealed class BadgeSettings : IValidatableObject
{
    public const string Section = "Badge";

    /// <summary>
    /// Where the reporting form is served, e.g. https://report.ceop.example (absolute https; http, or a loopback
    /// address, only in Development and Testing: <see cref="BadgeSettingsValidator"/>). Empty (the default) makes the link relative, "/report": inside the iframe
    /// that resolves against the badge's own origin, i.e. this app. The image snippet built by /embed uses the
    /// embed page's origin instead.
    /// </summary>
    public string? ReportBaseUrl { get; set; }

    /// <summary>The base without a trailing slash, "" for the app's own origin.</summary>
    public string NormalisedReportBaseUrl => string.IsNullOrWhiteSpace(ReportBaseUrl) ? "" : ReportBaseUrl.Trim().TrimEnd('/');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ReportBaseUrl)) yield break;
        var value = ReportBaseUrl.Trim();
        // The text, not Uri's escaped form, goes into the badge's href and the snippets /embed hands platforms, where a
        // quote, an angle bracket or a space would end the attribute: it must already be a well-formed, escaped URL.
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !Uri.IsWellFormedUriString(value, UriKind.Absolute)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            yield return new ValidationResult(
                "Badge:ReportBaseUrl must be an absolute https URL without query or fragment (http only for localhost), with spaces and quotes percent-encoded, or empty for this app's own origin.",
                [nameof(ReportBaseUrl)]);
        }
    }
}
