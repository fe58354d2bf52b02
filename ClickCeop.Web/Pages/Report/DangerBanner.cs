using System.Text.Encodings.Web;
using ClickCeop.Web.Reports;
using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Html;

namespace ClickCeop.Web.Pages.Report;

/// <summary>
/// The red banner on every page after the reporter said a child is in danger right now, the confirmation included:
/// call the emergency number first, the report can wait and is no answer to danger. Renders nothing otherwise. The
/// layout puts it first inside main, so "Skip to main content" lands on it rather than past it.
/// </summary>
public sealed class DangerBanner(bool inDanger, bool youngPerson, bool reportSent, string emergencyNumber, PageWords words) : IHtmlContent
{
    /// <summary>On a question: from the answers so far.</summary>
    public static DangerBanner For(DraftAnswers answers, string emergencyNumber, PageWords words) =>
        new(answers.InDanger, answers.IsYoungPerson, reportSent: false, emergencyNumber, words);

    /// <summary>On the confirmation: from the report just stored (none found: no banner).</summary>
    public static DangerBanner For(Reports.Report? sent, string emergencyNumber, PageWords words) =>
        new(sent?.Danger == Danger.Yes, sent?.ReporterRole == ReporterRole.YoungPerson, reportSent: true, emergencyNumber, words);

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        if (!inDanger)
        {
            return;
        }
        // A young person who said yes is the one in danger: "a child" would be someone else.
        var sentence = (youngPerson, reportSent) switch
        {
            (true, false) => "You said you are in danger right now: call {0} now. You can finish this report after.",
            (true, true) => "You said you are in danger right now: call {0} now. Do not wait for CEOP to contact you.",
            (false, false) => "A child is in danger right now: call {0} now. You can finish this report after.",
            (false, true) => "A child is in danger right now: call {0} now. Do not wait for CEOP to contact you.",
        };
        writer.Write("<div class=\"danger-banner\">\n<p>");
        words[sentence, emergencyNumber].WriteTo(writer, encoder);
        writer.Write("</p>\n</div>\n");
    }
}
