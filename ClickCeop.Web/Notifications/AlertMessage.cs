using System.Globalization;
using System.Net;
using System.Text;
using ClickCeop.Web.Reports;

namespace ClickCeop.Web.Notifications;

/// <summary>The subject and bodies of one alert, decided once when the report is stored.</summary>
public sealed record AlertContent(string Subject, string TextBody, string HtmlBody);

/// <summary>
/// Renders the alert for a report. By default it tells an officer that a report arrived and how urgent it is, not
/// what happened: email is not a secure channel, so the child's story and anyone's contact details stay in the
/// console unless <see cref="NotificationOptions.IncludeDetails"/> says this deployment's email is secure.
/// Only the reference (which we generate) goes into the subject; every report value in the HTML part is encoded.
/// </summary>
public static class AlertMessage
{
    public const string ImmediateSubjectPrefix = "[IMMEDIATE RISK] ";

    /// <param name="escalationRound">0 for the alert at submission; N for the Nth re-alert of an unacknowledged report.</param>
    public static AlertContent Render(Report report, NotificationOptions options, int escalationRound = 0)
    {
        var reference = ReferenceNumber.IsWellFormed(report.Reference) ? report.Reference : "(reference not well formed)";
        var subject = EscalationPrefix(escalationRound) + (report.ImmediateRisk ? ImmediateSubjectPrefix : "") + "CEOP report " + reference;
        var link = $"{options.ConsoleBaseUrl.TrimEnd('/')}/officers/reports/{Uri.EscapeDataString(report.Id)}";

        var rows = new List<(string Label, string Value)>
        {
            ("Reference", reference),
            ("Priority", Priority(report.Danger)),
            ("Categories", string.Join(", ", report.Categories.Select(ReportWording.Of))),
            ("Partner", report.Partner ?? "none (reported directly)"),
            ("Platform", report.Platform),
            ("Received", report.ReceivedAt.UtcDateTime.ToString("d MMMM yyyy 'at' HH:mm 'UTC'", CultureInfo.InvariantCulture)),
        };
        if (options.IncludeDetails)
        {
            rows.AddRange(Details(report));
        }

        var heading = report.ImmediateRisk
            ? "A child may be in danger now. Open this report first."
            : "A new report is waiting in the console.";
        if (escalationRound > 0)
        {
            heading = string.Create(CultureInfo.InvariantCulture,
                $"ESCALATION {escalationRound}: nobody has acknowledged this report yet. {heading} Acknowledge it in the console to stop these reminders.");
        }

        var text = new StringBuilder();
        text.Append(heading).Append("\r\n\r\n");
        foreach (var (label, value) in rows)
        {
            // Continuation lines are indented so a line break typed into a value cannot pose as another field.
            text.Append(label).Append(": ").Append(OneBlock(value)).Append("\r\n");
        }
        text.Append("\r\nOpen the report in the officers' console:\r\n").Append(link).Append("\r\n");
        if (!options.IncludeDetails)
        {
            text.Append("\r\nThe reporter's account and contact details are only in the console.\r\n");
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(subject)).Append("</title></head><body>");
        html.Append("<p><strong>").Append(Encode(heading)).Append("</strong></p><table>");
        foreach (var (label, value) in rows)
        {
            html.Append("<tr><th scope=\"row\" style=\"text-align:left;vertical-align:top\">").Append(Encode(label))
                .Append("</th><td style=\"white-space:pre-wrap\">").Append(Encode(value)).Append("</td></tr>");
        }
        html.Append("</table><p><a href=\"").Append(Encode(link)).Append("\">Open the report in the officers' console</a></p>");
        if (!options.IncludeDetails)
        {
            html.Append("<p>The reporter's account and contact details are only in the console.</p>");
        }
        html.Append("</body></html>");

        return new AlertContent(subject, text.ToString(), html.ToString());
    }

    public static string EscalationPrefix(int round) =>
        round > 0 ? string.Create(CultureInfo.InvariantCulture, $"[ESCALATION {round}] ") : "";

    /// <remarks>
    /// Each age has a row of its own, never after a name on the same line: a right-to-left override typed at the end
    /// of a name runs to the end of its line or cell, and showed "Alex\u202E, 13" as "Alex31 ,".
    /// </remarks>
    private static IEnumerable<(string, string)> Details(Report report)
    {
        yield return ("Reporter", report.Reporter.Name);
        if (report.Reporter.Age is { } reporterAge)
        {
            yield return ("Reporter's age", Age(reporterAge));
        }
        yield return ("Who is reporting", ReportWording.Of(report.ReporterRole));
        if (report.Child is { } child)
        {
            yield return ("Child", child.FirstName);
            if (child.Age is { } childAge)
            {
                yield return ("Child's age", Age(childAge));
            }
        }
        yield return ("Other person", string.Join("\n", report.OtherPersonIdentifiers));
        if (report.StartedWhen is { } started)
        {
            yield return ("Started", started);
        }
        yield return ("What happened", report.Narrative);
        yield return ("Email", report.Contact.Email ?? "not given");
        yield return ("Phone", report.Contact.Phone ?? "not given");
        yield return ("Text messages safe", report.Contact.TextSafe ? "yes" : "no");
        yield return ("Voicemail safe", report.Contact.VoicemailSafe ? "yes" : "no");
        if (report.Contact.SafeTimes is { } times)
        {
            yield return ("Safe times to call", times);
        }
    }

    private static string Age(int years) => years.ToString(CultureInfo.InvariantCulture);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string OneBlock(string value) =>
        value.ReplaceLineEndings("\n").Replace("\n", "\r\n    ", StringComparison.Ordinal);

    public static string Priority(Danger danger) => danger switch
    {
        Danger.Yes => "IMMEDIATE RISK: the reporter says a child may be in danger now",
        Danger.NotSure => "Normal: the reporter is not sure whether a child is in danger now",
        _ => "Normal: the reporter says no child is in danger now",
    };
}
