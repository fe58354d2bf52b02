using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace ClickCeop.Web.Site;

/// <summary>
/// The words the public reads: every sentence of the reporter's pages, their layout and the error pages is asked for
/// through <c>IHtmlLocalizer&lt;Words&gt;</c> (a view's <c>Words[...]</c>) or <c>IStringLocalizer&lt;Words&gt;</c> (a page
/// model's messages), with the English sentence as its own key. English needs no resource file; another language is
/// one file, <c>Resources/Site/Words.{culture}.resx</c>, whose keys are the English sentences (docs/translating.md).
/// The officers' console is in English only.
/// </summary>
public sealed class Words
{
    /// <summary>The only language the pages are in so far.</summary>
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>
    /// The language this request's pages are in, as a language subtag ("en", "cy"): the pages' lang attribute and the
    /// language a report records, so officers know which to reply in.
    /// </summary>
    public static string Language => CultureInfo.CurrentUICulture.Name.Split('-')[0];

    private Words()
    {
    }
}

public static class WordsServiceCollectionExtensions
{
    public static IServiceCollection AddWords(this IServiceCollection services)
    {
        services.AddLocalization(localization => localization.ResourcesPath = "Resources");
        services.AddRazorPages().AddViewLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Words.English);
            options.SupportedCultures = options.SupportedUICultures = [Words.English];
            // Nothing to choose between yet. A choice will come from the badge's link and stay with the draft, not
            // from a cookie of its own or the browser's Accept-Language (a child on a shared device).
            options.RequestCultureProviders.Clear();
        });
        return services;
    }

    /// <summary>
    /// Every request in the pages' language, so dates and numbers are written the same whatever the server's locale.
    /// </summary>
    public static IApplicationBuilder UseWords(this IApplicationBuilder app) => app.UseRequestLocalization();
}
