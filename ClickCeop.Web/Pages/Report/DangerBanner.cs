using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// The red banner on every question after the reporter said a child is in danger right now: call the emergency
/// number first, the report can wait. Renders nothing otherwise.
/// </summary>
public sealed class DangerBanner(bool childInDanger, string emergencyNumber) : IHtmlContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        if (!childInDanger)
        {
            return;
        }
        writer.Write("<div class=\"danger-banner\">\n<div class=\"width-container\">\n<p>A child is in danger right now: call ");
        encoder.Encode(writer, emergencyNumber);
        writer.Write(" now. You can finish this report after.</p>\n</div>\n</div>\n");
    }
}
