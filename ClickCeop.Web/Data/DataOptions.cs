using System.ComponentModel.DataAnnotations;

namespace ClickCeop.Web.Data;

public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>A Microsoft.Data.Sqlite connection string. Relative file paths are resolved against the content root.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/clickceop.db";

    /// <summary>Below this much free space on the database's file system, /healthz answers Degraded.</summary>
    [Range(0, 1_000_000)]
    public int MinimumFreeMegabytes { get; set; } = 100;
}
