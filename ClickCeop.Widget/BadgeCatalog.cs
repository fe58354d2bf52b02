using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClickCeop.Widget;

/// <summary>
/// Every variant of the badge (language × size × theme, as button document and as SVG), rendered once through
/// <see cref="HtmlRenderer"/> when the app starts and kept as UTF-8 bytes: rendering per request halves throughput,
/// and the badge is loaded on every profile page view. The partner slug, the only per-request part, is written
/// between the two halves of the cached button document.
/// </summary>
public sealed class BadgeCatalog
{
    /// <summary>A valid slug that no real partner is given: the catalog renders with it, then cuts the bytes there.</summary>
    internal const string PlaceholderPartner = "zz-badge-partner-placeholder-zz";

    private static readonly byte[] PlaceholderQuery = Encoding.UTF8.GetBytes("?partner=" + PlaceholderPartner);

    private readonly Dictionary<string, BadgeDocument[]> _buttons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BadgeDocument[]> _images = new(StringComparer.Ordinal);

    public BadgeCatalog(string reportBaseUrl)
    {
        using var renderer = new HtmlRenderer(new EmptyServiceProvider(), NullLoggerFactory.Instance);
        foreach (var lang in BadgeWords.Languages)
        {
            var buttons = new BadgeDocument[VariantCount];
            var images = new BadgeDocument[VariantCount];
            foreach (var size in Enum.GetValues<BadgeSize>())
            {
                foreach (var theme in Enum.GetValues<BadgeTheme>())
                {
                    var options = BadgeOptions.Of(size, theme, lang).ForPartner(PlaceholderPartner);
                    var button = Render<Badge>(renderer, new Dictionary<string, object?>
                    {
                        [nameof(Badge.Options)] = options,
                        [nameof(Badge.ReportBaseUrl)] = reportBaseUrl,
                    });
                    var image = Render<BadgeArt>(renderer, new Dictionary<string, object?> { [nameof(BadgeArt.Options)] = options });
                    buttons[IndexOf(size, theme)] = BadgeDocument.Button(button);
                    images[IndexOf(size, theme)] = BadgeDocument.Image(image);
                }
            }
            _buttons[lang] = buttons;
            _images[lang] = images;
        }
    }

    private static int VariantCount => Enum.GetValues<BadgeSize>().Length * Enum.GetValues<BadgeTheme>().Length;

    public BadgeDocument Button(BadgeOptions options) => _buttons[options.Lang][IndexOf(options.Size, options.Theme)];

    public BadgeDocument Image(BadgeOptions options) => _images[options.Lang][IndexOf(options.Size, options.Theme)];

    private static int IndexOf(BadgeSize size, BadgeTheme theme) => (int)size * 2 + (int)theme;

    private static byte[] Render<TComponent>(HtmlRenderer renderer, Dictionary<string, object?> parameters) where TComponent : IComponent =>
        renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return Encoding.UTF8.GetBytes(output.ToHtmlString());
        }).GetAwaiter().GetResult();

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    /// <summary>One cached variant: the bytes before and after the partner query, and its fixed headers.</summary>
    public sealed class BadgeDocument
    {
        private BadgeDocument(byte[] head, byte[] tail, string contentType, string contentSecurityPolicy)
        {
            Head = head;
            Tail = tail;
            ContentType = contentType;
            ContentSecurityPolicy = contentSecurityPolicy;
            // The template's hash plus the slug written into it identify the exact bytes: a strong validator.
            var hash = SHA256.HashData([.. head, .. tail]);
            ContentHash = Convert.ToHexStringLower(hash.AsSpan(0, 12));
            ETagWithoutPartner = "\"" + ContentHash + "\"";
        }

        public byte[] Head { get; }

        /// <summary>Empty for the image, which carries no link.</summary>
        public byte[] Tail { get; }

        public string ContentType { get; }

        public string ContentSecurityPolicy { get; }

        public string ContentHash { get; }

        public string ETagWithoutPartner { get; }

        public bool TakesPartner => Tail.Length > 0;

        public int LengthFor(string? partner) =>
            Head.Length + Tail.Length + (TakesPartner && partner is not null ? "?partner=".Length + partner.Length : 0);

        public string ETagFor(string? partner) =>
            TakesPartner && partner is not null ? "\"" + ContentHash + "-" + partner + "\"" : ETagWithoutPartner;

        /// <summary>The whole body, for tests and for the benchmark's static copy.</summary>
        public byte[] BodyFor(string? partner)
        {
            var query = TakesPartner && partner is not null ? Encoding.UTF8.GetBytes("?partner=" + partner) : [];
            return [.. Head, .. query, .. Tail];
        }

        internal static BadgeDocument Button(byte[] rendered)
        {
            var at = rendered.AsSpan().IndexOf(PlaceholderQuery);
            if (at < 0 || rendered.AsSpan(at + PlaceholderQuery.Length).IndexOf(PlaceholderQuery) >= 0)
            {
                throw new InvalidOperationException("The badge document must contain the partner placeholder exactly once.");
            }
            var head = rendered[..at];
            var tail = rendered[(at + PlaceholderQuery.Length)..];
            // The only style is the document's own <style> element, allowed by its hash rather than 'unsafe-inline'.
            var html = Encoding.UTF8.GetString(rendered);
            var start = html.IndexOf("<style>", StringComparison.Ordinal) + "<style>".Length;
            var end = html.IndexOf("</style>", start, StringComparison.Ordinal);
            var styleHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(html[start..end])));
            var csp = $"default-src 'none'; style-src 'sha256-{styleHash}'; frame-ancestors *; base-uri 'none'; form-action 'none'";
            return new BadgeDocument(head, tail, "text/html; charset=utf-8", csp);
        }

        internal static BadgeDocument Image(byte[] rendered) => new(
            rendered, [], "image/svg+xml",
            // Shown through <img>, where no CSP applies; opened on its own, it may do nothing at all.
            "default-src 'none'; frame-ancestors *; base-uri 'none'; form-action 'none'; sandbox");
    }
}
