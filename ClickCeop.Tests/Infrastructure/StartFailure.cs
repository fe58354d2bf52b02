using Microsoft.Extensions.Options;

namespace ClickCeop.Tests.Infrastructure;

public static class StartFailure
{
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
