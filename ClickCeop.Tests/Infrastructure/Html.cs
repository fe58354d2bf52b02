using System.Net;
using System.Text.Encodings.Web;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ClickCeop.Web.Site;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>Every HTML response is parsed, never searched as a string.</summary>
public static class Html
{
    private static readonly IBrowsingContext Context = BrowsingContext.New(Configuration.Default);

    public static IHtmlDocument Parse(string html, string address = "http://localhost/") =>
        (IHtmlDocument)Context.OpenAsync(request => request.Content(html).Address(address)).GetAwaiter().GetResult();

    /// <summary>Parses the body with the request's address as the document's, so a form without action posts back there.</summary>
    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var address = response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/";
        return (IHtmlDocument)await Context.OpenAsync(request => request.Content(html).Address(address));
    }

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        return await ParseAsync(response);
    }

    /// <summary>The trimmed text of the first element matching <paramref name="selector"/>.</summary>
    public static string TextOf(this IParentNode document, string selector) =>
        document.QuerySelector(selector)?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"No element matches '{selector}'.");

    /// <summary>A render function's HTML, written as a page writes it (the app's encoder).</summary>
    /// <summary>The words table as the app builds it, in English, for rendering a piece of a page on its own.</summary>
    public static PageWords EnglishWords { get; } = new(new StringLocalizer<Words>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)));

    public static string Render(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }

    /// <summary>Whitespace folded, for comparing visible text.</summary>
    public static string Squash(this string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
