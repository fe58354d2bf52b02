using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Web.Data;

public sealed class DataOptions : IValidatableObject
{
    public const string Section = "Data";

    /// <summary>A Microsoft.Data.Sqlite connection string. Relative file paths are resolved against the content root.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/clickceop.db";

    /// <summary>Below this much free space on the database's file system, /healthz answers Degraded.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Data:MinimumFreeMegabytes must be between 0 and 1000000.")]
    public int MinimumFreeMegabytes { get; set; } = 100;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        SqliteConnectionStringBuilder? builder;
        var why = "";
        try
        {
            builder = new SqliteConnectionStringBuilder(ConnectionString);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidOperationException)
        {
            builder = null;
            why = " SQLite said: " + error.Message; // names a mistyped keyword, which the message below cannot
        }
        // Every draft, report and alert is kept in this file. In memory, each pooled connection opened its own empty
        // database: the app started and every write failed ("no such table"), and a restart would forget the rest.
        // Read-only, no report could be stored. The others stopped the start with a message naming no setting.
        if (builder is null || string.IsNullOrWhiteSpace(builder.DataSource)
            || builder.Mode is SqliteOpenMode.Memory or SqliteOpenMode.ReadOnly)
        {
            yield return new ValidationResult(
                "Data:ConnectionString must be a SQLite connection string naming the database file, e.g. \"Data Source=/srv/clickceop/data/clickceop.db\" (not Mode=Memory or Mode=ReadOnly)." + why,
                [nameof(ConnectionString)]);
        }
    }
}
