using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ClickCeop.Tests.Hostile;

/// <summary>
/// A form body built by hand, byte by byte, from the fields of the page's real form. Tests take fields out, put
/// hostile ones in, repeat them, and post exactly those bytes.
/// </summary>
public sealed class RawForm
{
    public const string Antiforgery = "__RequestVerificationToken";

    private readonly List<(string Name, byte[] Value)> _fields = [];

    private RawForm(string action) => Action = action;

    public string Action { get; }

    /// <summary>Every field name of the form (input, textarea, select), once each, in document order.</summary>
    public List<string> Names { get; } = [];

    /// <summary>The form's length limit (maxlength) for each text field that declares one.</summary>
    public Dictionary<string, int> MaxLengths { get; } = [];

    /// <summary>Which kind of control carries each name: "text", "textarea", "checkbox", "hidden", ...</summary>
    public Dictionary<string, string> Kinds { get; } = [];

    /// <summary>The form as a browser would send it now (checked boxes, current values, the antiforgery token).</summary>
    public static RawForm Of(IHtmlDocument page, string selector = "main form")
    {
        var form = page.QuerySelector<IHtmlFormElement>(selector)
            ?? throw new Xunit.Sdk.XunitException($"{page.Url} has no form matching '{selector}'.");
        var action = form.GetAttribute("action");
        var raw = new RawForm(string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action);
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name)) continue;
            var kind = element switch
            {
                IHtmlInputElement input => input.Type,
                IHtmlTextAreaElement => "textarea",
                IHtmlSelectElement => "select",
                _ => element.LocalName,
            };
            if (kind is "submit" or "button" or "image") continue;
            if (!raw.Names.Contains(name))
            {
                raw.Names.Add(name);
                raw.Kinds[name] = kind;
            }
            if (element.GetAttribute("maxlength") is { } max && int.TryParse(max, out var limit)) raw.MaxLengths[name] = limit;
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked) raw.Add(name, input.Value);
                    break;
                case IHtmlInputElement input:
                    raw.Add(name, input.Value);
                    break;
                case IHtmlTextAreaElement area:
                    raw.Add(name, area.Value);
                    break;
                case IHtmlSelectElement select:
                    foreach (var option in select.Options.Where(o => o.IsSelected)) raw.Add(name, option.Value);
                    break;
            }
        }
        return raw;
    }

    public RawForm Copy()
    {
        var copy = new RawForm(Action);
        copy._fields.AddRange(_fields);
        copy.Names.AddRange(Names);
        foreach (var (k, v) in MaxLengths) copy.MaxLengths[k] = v;
        foreach (var (k, v) in Kinds) copy.Kinds[k] = v;
        return copy;
    }

    public string? ValueOf(string name) =>
        _fields.Where(f => f.Name == name).Select(f => Uri.UnescapeDataString(Encoding.ASCII.GetString(f.Value))).FirstOrDefault();

    public RawForm Add(string name, string value) => AddEncoded(name, Encoding.ASCII.GetBytes(Uri.EscapeDataString(value)));

    public RawForm AddEncoded(string name, byte[] encoded)
    {
        _fields.Add((name, encoded));
        return this;
    }

    public RawForm Remove(string name)
    {
        _fields.RemoveAll(f => f.Name == name);
        return this;
    }

    /// <summary>Every value of <paramref name="name"/> replaced by one already-encoded value.</summary>
    public RawForm Set(string name, byte[] encoded) => Remove(name).AddEncoded(name, encoded);

    public RawForm Set(string name, string value) => Remove(name).Add(name, value);

    public byte[] Body()
    {
        var body = new MemoryStream();
        foreach (var (name, value) in _fields)
        {
            if (body.Length > 0) body.WriteByte((byte)'&');
            body.Write(Encoding.ASCII.GetBytes(Uri.EscapeDataString(name)));
            body.WriteByte((byte)'=');
            body.Write(value);
        }
        return body.ToArray();
    }

    public Task<HttpResponseMessage> PostAsync(HttpClient client) => SendAsync(client, "POST");

    /// <summary>
    /// The same body with another method (one no page takes), <paramref name="query"/> added to the action, or
    /// another Content-Type (a charset that cannot be decoded).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string query = "", string contentType = "application/x-www-form-urlencoded")
    {
        var content = new ByteArrayContent(Body());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var target = query.Length == 0 ? Action : Action + (Action.Contains('?') ? "&" : "?") + query;
        using var request = new HttpRequestMessage(new HttpMethod(method), target) { Content = content };
        return await client.SendAsync(request);
    }
}
