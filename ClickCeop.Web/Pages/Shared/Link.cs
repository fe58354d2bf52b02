using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace ClickCeop.Web.Pages.Shared;

/// <summary>
/// A link inside a sentence from the words table: <c>Words["Call Childline on {0}.", Link.Phone(number)]</c>, so a
/// translation can put the link where its language needs it. Both parts are encoded here; the sentence inserts it as is.
/// </summary>
public sealed class Link(string href, string text) : IHtmlContent
{
    /// <summary>A tel: link showing the number as written (with its spaces), dialling it without them.</summary>
    public static Link Phone(string number) => new("tel:" + number.Replace(" ", "", StringComparison.Ordinal), number);

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        writer.Write("<a href=\"");
        encoder.Encode(writer, href);
        writer.Write("\">");
        encoder.Encode(writer, text);
        writer.Write("</a>");
    }
}
