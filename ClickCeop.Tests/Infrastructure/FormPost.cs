using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>
/// Submits a page's real &lt;form&gt; as a browser without JavaScript would: every successful control with its
/// current value (hidden antiforgery token included), then the values the test fills in.
/// </summary>
public static class FormPost
{
    /// <param name="fields">Name → value; a name given several values (e.g. checkboxes) is posted once per value.</param>
    public static async Task<HttpResponseMessage> SubmitAsync(
        this HttpClient client, IHtmlDocument page, IEnumerable<KeyValuePair<string, string>>? fields = null, string formSelector = "main form")
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new Xunit.Sdk.XunitException($"The page has no form matching '{formSelector}'.");
        var given = (fields ?? []).ToList();
        var givenNames = given.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);

        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || givenNames.Contains(name) || element.HasAttribute("disabled"))
            {
                continue;
            }
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked) values.Add(new(name, input.Value));
                    break;
                case IHtmlInputElement input when input.Type is "submit" or "button" or "image" or "file":
                    break;
                case IHtmlInputElement input:
                    values.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement area:
                    values.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement select:
                    foreach (var option in select.Options.Where(o => o.IsSelected)) values.Add(new(name, option.Value));
                    break;
            }
        }
        values.AddRange(given);

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(target, content);
    }

    public static IEnumerable<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value));
}
