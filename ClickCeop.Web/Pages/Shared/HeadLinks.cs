using System.Text.Encodings.Web;
using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ClickCeop.Web.Pages.Shared;

/// <summary>
/// What both layouts link in their head: the one style sheet, the icon, and, when the page asks for it, the style
/// sheet that forgets the pages Back would show as they were (Site/ForgetKeptPages.cs). Written once, so the reporters'
/// pages and the console cannot drift apart on the link that keeps a shared device safe.
/// </summary>
public sealed class HeadLinks(ViewDataDictionary viewData) : IHtmlContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        writer.Write("<link rel=\"stylesheet\" href=\"/css/site.css\">\n");
        if (viewData[ForgetKeptPages.ViewDataKey] is true)
        {
            writer.Write("    <link rel=\"stylesheet\" href=\"" + ForgetKeptPages.Path + "\">\n");
        }
        writer.Write("    <link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">");
    }
}
