using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClickCeop.Widget;

/// <summary>
/// What the settings alone cannot decide: outside Development and Testing the report base is a public https address.
/// The form of the address is checked by <see cref="BadgeSettings.Validate"/> in every environment.
/// </summary>
public sealed class BadgeSettingsValidator(IHostEnvironment environment) : IValidateOptions<BadgeSettings>
{
    public ValidateOptionsResult Validate(string? name, BadgeSettings options)
    {
        if (environment.IsDevelopment() || environment.IsEnvironment("Testing")) return ValidateOptionsResult.Success;
        // Empty is this app's own origin, whatever it is served as; a value that does not parse is refused by BadgeSettings.
        if (string.IsNullOrWhiteSpace(options.ReportBaseUrl)
            || !Uri.TryCreate(options.ReportBaseUrl.Trim(), UriKind.Absolute, out var uri)) return ValidateOptionsResult.Success;
        // A development address left in place would send every child who presses the badge to their own machine,
        // and plain http would carry their report unencrypted.
        return uri.Scheme == Uri.UriSchemeHttps && !uri.IsLoopback
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "Badge:ReportBaseUrl must be the reporting form's public https:// address outside Development, or empty for this app's own origin: every badge links to it.");
    }
}
