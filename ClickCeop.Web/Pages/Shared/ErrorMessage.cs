using System.Text.Encodings.Web;
using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Html;

namespace ClickCeop.Web.Pages.Shared;

/// <summary>
/// The GOV.UK error message above a field in error, with the id "{field}-error" that the field's aria-describedby
/// names, so a screen reader reads it on reaching the field. Renders nothing when the field has no error.
/// </summary>
public sealed class ErrorMessage(string field, string? message, PageWords words) : IHtmlContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        if (message is null)
        {
            return;
        }
        writer.Write("<p class=\"error-message\" id=\"");
        encoder.Encode(writer, field);
        writer.Write("-error\"><span class=\"visually-hidden\">");
        words["Error:"].WriteTo(writer, encoder);
        writer.Write("</span> ");
        encoder.Encode(writer, message);
        writer.Write("</p>\n");
    }
}
