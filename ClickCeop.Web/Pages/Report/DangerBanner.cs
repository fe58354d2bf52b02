using System.Text.Encodings.Web;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Html;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// The red banner on every page after the reporter said a child is in danger right now, the confirmation included:
/// call the emergency number first, the report can wait and is no answer to danger. Renders nothing otherwise. The
/// layout puts it first inside main, so "Skip to main content" lands on it rather than past it.
/// </summary>
public sealed class DangerBanner(bool inDanger, bool youngPerson, bool reportSent, string emergencyNumber) : IHtmlContent
{
    /// <summary>On a question: from the answers so far.</summary>
    public static DangerBanner For(DraftAnswers answers, string emergencyNumber) =>
        new(answers.InDanger, answers.IsYoungPerson, reportSent: false, emergencyNumber);

    /// <summary>On the confirmation: from the report just stored (none found: no banner).</summary>
    public static DangerBanner For(Reports.Report? sent, string emergencyNumber) =>
        new(sent?.Danger == Danger.Yes, sent?.ReporterRole == ReporterRole.YoungPerson, reportSent: true, emergencyNumber);

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        if (!inDanger)
        {
            return;
        }
        // A young person who said yes is the one in danger: "a child" would be someone else.
        writer.Write(youngPerson ? "<div class=\"danger-banner\">\n<p>You said you are in danger right now: call " : "<div class=\"danger-banner\">\n<p>A child is in danger right now: call ");
        encoder.Encode(writer, emergencyNumber);
        writer.Write(reportSent ? " now. Do not wait for CEOP to contact you.</p>\n</div>\n" : " now. You can finish this report after.</p>\n</div>\n");
    }
}
