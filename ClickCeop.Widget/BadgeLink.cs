namespace ClickCeop.Widget;

public static class BadgeLink
{
    /// <summary>
    /// The reporting form's start, with the partner slug when there is a valid one. Checked again here so that no
    /// caller can put anything but a slug into the link.
    /// </summary>
    public static string ReportUrl(string reportBaseUrl, string? partner) =>
        reportBaseUrl + "/report" + (BadgeOptions.IsPartnerSlug(partner) ? "?partner=" + partner : "");
}
