using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;

namespace ClickCeop.Web.Site;

/// <summary>
/// The words the public reads: every sentence of the reporter's pages, their layout and the error pages is asked for
/// through <see cref="PageWords"/> (a view's <c>Words[...]</c>) or <c>IStringLocalizer&lt;Words&gt;</c> (a page
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

/// <summary>
/// English sentences are their own keys, and English has no resource file: in English a sentence is given back as it
/// was asked for, without the resource lookup (a key made and hashed for each of a page's forty-odd sentences: about
/// 24 µs of the start page's CPU, bench/README.md). Another language goes to its resource file, falling back to English.
/// </summary>
internal sealed class WordsLocalizerFactory(ResourceManagerStringLocalizerFactory translations) : IStringLocalizerFactory
{
    // Every view and page model asks for a localizer; the resource manager's own is made from the type's names.
    private readonly ConcurrentDictionary<Type, IStringLocalizer> _byType = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _byType.GetOrAdd(resourceSource, type => new EnglishFirst(translations.Create(type)));

    public IStringLocalizer Create(string baseName, string location) => new EnglishFirst(translations.Create(baseName, location));

    private sealed class EnglishFirst(IStringLocalizer translations) : IStringLocalizer
    {
        public LocalizedString this[string name] => InEnglish ? new LocalizedString(name, name) : translations[name];

        public LocalizedString this[string name, params object[] arguments] =>
            InEnglish ? new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, name, arguments)) : translations[name, arguments];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => translations.GetAllStrings(includeParentCultures);

        private static bool InEnglish => CultureInfo.CurrentUICulture.Name is var name && (name == "en" || name.StartsWith("en-", StringComparison.Ordinal));
    }
}

public static class WordsServiceCollectionExtensions
{
    public static IServiceCollection AddWords(this IServiceCollection services)
    {
        services.AddLocalization(localization => localization.ResourcesPath = "Resources");
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory, WordsLocalizerFactory>());
        services.AddTransient<PageWords>();
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
    /// Every request in the pages' language (en-GB until another is offered): <see cref="Words.Language"/> and the
    /// words table read it.
    /// </summary>
    public static IApplicationBuilder UseWords(this IApplicationBuilder app) => app.UseRequestLocalization();
}
