using System.Threading.RateLimiting;
using ClickCeop.Web.Site;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Reports;

public static class ReportJourneyServiceCollectionExtensions
{
    public static IServiceCollection AddReportJourney(this IServiceCollection services)
    {
        services.AddOptions<JourneyOptions>()
            .BindConfiguration(JourneyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DraftStore>();
        services.AddHostedService<DraftPurgeJob>();
        services.AddRateLimiter(limiter =>
        {
            // Only the final submit is limited, per client address (per /64 for IPv6); every other page is free to use.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!IsSubmit(context.Request))
                {
                    return RateLimitPartition.GetNoLimiter("free");
                }
                var journey = context.RequestServices.GetRequiredService<IOptions<JourneyOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter("submit:" + ClientNetwork.Of(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = journey.SubmitsPerWindow,
                    Window = TimeSpan.FromMinutes(journey.SubmitWindowMinutes),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    /// <summary>Body size limit for the journey's forms, then the submit rate limit. Call after UseRouting.</summary>
    public static IApplicationBuilder UseReportJourney(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments(Journey.Start))
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<JourneyOptions>>().Value.MaxBodyBytes;
                if (request.ContentLength > limit)
                {
                    // No body is read: the status code page explains, readable, without a stack trace.
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return Task.CompletedTask;
                }
                var sizeFeature = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
                if (sizeFeature is { IsReadOnly: false })
                {
                    sizeFeature.MaxRequestBodySize = limit;
                }
            }
            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static bool IsSubmit(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && string.Equals(request.Path.Value?.TrimEnd('/'), Journey.PathOf(Step.CheckAnswers), StringComparison.OrdinalIgnoreCase);

    private sealed class DraftPurgeJob(DraftStore drafts, TimeProvider time, IOptions<JourneyOptions> options, ILogger<DraftPurgeJob> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.PurgeEveryMinutes), time);
            do
            {
                try
                {
                    var purged = await drafts.PurgeExpiredAsync(stoppingToken);
                    if (purged > 0) logger.LogInformation("Purged {Count} expired drafts", purged);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // The next tick tries again; expired drafts are never served meanwhile (FindAsync checks the time).
                    logger.LogWarning(error, "Purging expired drafts failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
    }
}
