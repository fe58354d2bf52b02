using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace ClickCeop.Web.Site;

/// <summary>
/// A view's words table (<c>@Words["..."]</c>): the sentence as HTML, its arguments encoded and put in its
/// placeholders. In place of ASP.NET's IHtmlLocalizer, which formats every sentence through string.Format as it is
/// written, placeholders or none: a sentence without arguments is written as it is. What the words table costs a
/// page is in bench/README.md ("The words table on the pages").
/// </summary>
public sealed class PageWords(IStringLocalizer<Words> words)
{
    public Sentence this[string name] => new(words[name].Value, []);

    public Sentence this[string name, params object[] arguments] => new(words[name].Value, arguments);
}

/// <summary>One sentence of the words table, as a view writes it; <see cref="Value"/> is its text, for a heading or an attribute.</summary>
public sealed class Sentence(string value, object[] arguments) : IHtmlContent
{
    public string Value => value;

    public void WriteTo(TextWriter writer, System.Text.Encodings.Web.HtmlEncoder encoder)
    {
        if (arguments.Length == 0)
        {
            // The table's sentences are ours, written as HTML (IHtmlLocalizer's rule): only arguments are encoded.
            writer.Write(value);
            return;
        }
        new HtmlFormattableString(System.Globalization.CultureInfo.CurrentCulture, value, arguments).WriteTo(writer, encoder);
    }
}
