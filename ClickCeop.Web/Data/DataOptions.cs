using System.ComponentModel.DataAnnotations;

namespace ClickCeop.Web.Data;

public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>A Microsoft.Data.Sqlite connection string. Relative file paths are resolved against the content root.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/clickceop.db";
}
