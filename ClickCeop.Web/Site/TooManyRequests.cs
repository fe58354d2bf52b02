using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ClickCeop.Web.Site;

/// <summary>
/// A request a rate limiter refused, kept on the request so the error page can say how long to wait. One answer for
/// every limiter (the submit's and the sign-in's): 429, the wait in <c>Retry-After</c> and in words.
/// </summary>
public sealed record TooManyRequests(TimeSpan Wait)
{
    /// <summary>Whole minutes, rounded up, so "wait N minutes" is never too short.</summary>
    public int Minutes => Math.Max(1, (int)Math.Ceiling(Wait.TotalMinutes));

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = static (context, _) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
            {
                var refused = new TooManyRequests(wait);
                context.HttpContext.Features.Set(refused);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return ValueTask.CompletedTask;
        };
    }
}
