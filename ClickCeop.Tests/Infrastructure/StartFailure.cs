using Microsoft.Extensions.Options;

namespace ClickCeop.Tests.Infrastructure;

public static class StartFailure
{
    /// <summary>
    /// Starts the app with one setting changed and returns the message of the options check that must stop it: the
    /// same four lines every "a bad setting stops the app at start" test needs.
    /// </summary>
    public static string RefusalOf(string key, string? value)
    {
        using var host = new AppHost(new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => host.StartServer());
        return OptionsCheckIn(error).Message;
    }

    /// <summary>
    /// The options check that stopped a host starting, wherever the start wrapped it (directly, as an inner exception,
    /// or inside an aggregate); fails with the whole exception when there is none, so a CI log says what was thrown.
    /// </summary>
    public static OptionsValidationException OptionsCheckIn(Exception error)
    {
        var validation = Find(error);
        Assert.True(validation is not null, $"Expected the options check to stop the start, but got: {error}");
        return validation;
    }

    private static OptionsValidationException? Find(Exception error) => error switch
    {
        OptionsValidationException validation => validation,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null),
        { InnerException: { } inner } => Find(inner),
        _ => null,
    };
}
