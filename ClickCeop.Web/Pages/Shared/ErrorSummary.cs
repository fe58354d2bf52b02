using System.Text.Encodings.Web;
using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Html;

namespace ClickCeop.Web.Pages.Shared;

/// <summary>
/// The GOV.UK error summary at the top of a form shown again with errors: a heading and a link to each field in
/// error, in the order of the form. Renders nothing when there are no errors. A render function rather than a
/// partial view: a partial costs a view lookup, a view context and a page instance on every render, and the form's
/// pages render it on every request (bench/README.md).
/// </summary>
public sealed class ErrorSummary(IReadOnlyList<(string Field, string Message)> errors, PageWords words) : IHtmlContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        if (errors.Count == 0)
        {
            return;
        }
        writer.Write("""
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
            <h2 class="error-summary__title" id="error-summary-title">
            """);
        words["There is a problem"].WriteTo(writer, encoder);
        writer.Write("""
            </h2>
            <ul class="error-summary__list">

            """);
        foreach (var (field, message) in errors)
        {
            writer.Write("<li><a href=\"#");
            encoder.Encode(writer, field);
            writer.Write("\">");
            encoder.Encode(writer, message);
            writer.Write("</a></li>\n");
        }
        writer.Write("</ul>\n</div>\n");
    }
}
