using System.ComponentModel.DataAnnotations;

namespace ClickCeop.Web.Reports;

/// <summary>Limits of the reporting form (appsettings "Journey").</summary>
public sealed class JourneyOptions
{
    public const string Section = "Journey";

    /// <summary>A draft is forgotten this long after the reporter last did something.</summary>
    /// <remarks>
    /// At least five minutes: Chromium shows a page left for about 3 minutes again on Back without asking the server,
    /// and a child writing what happened saves nothing until they press Continue. At 1, 90 seconds over the story lost it.
    /// </remarks>
    [Range(5, 24 * 60, ErrorMessage = "Journey:DraftLifetimeMinutes must be between 5 and 1440.")]
    public int DraftLifetimeMinutes { get; set; } = 60;

    /// <summary>Largest form body a journey page accepts; more gets a readable 413 page.</summary>
    /// <remarks>
    /// Never below what the longest answer the form invites can cost: the narrative's 5,000 characters at nine bytes
    /// each once form-encoded (a three-byte UTF-8 character, %E2%82%AC), with the token and field names beside it.
    /// Lower, a child who wrote a long story lost it to the 413 page.
    /// </remarks>
    [Range(48 * 1024, 1024 * 1024, ErrorMessage = "Journey:MaxBodyBytes must be between 49152 (the longest story the form takes) and 1048576.")]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Report submissions per client address per window. Generous: a whole school can share one address.</summary>
    [Range(1, 100_000)] public int SubmitsPerWindow { get; set; } = 60;

    [Range(1, 24 * 60)] public int SubmitWindowMinutes { get; set; } = 10;

    /// <summary>How often expired drafts are deleted.</summary>
    [Range(1, 24 * 60)] public int PurgeEveryMinutes { get; set; } = 5;

    public TimeSpan DraftLifetime => TimeSpan.FromMinutes(DraftLifetimeMinutes);
}
