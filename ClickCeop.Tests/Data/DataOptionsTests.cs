using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Data;

/// <summary>Every report, draft and alert lives in the database the connection string names: one that is no file refuses to start.</summary>
public sealed class DataOptionsTests
{
    [Theory]
    // Not a connection string: the start failed with "Format of the initialization string does not conform to
    // specification starting at index 0", naming no setting.
    [InlineData("/srv/clickceop/data/clickceop.db")]
    [InlineData("Data Source=clickceop.db;Colour=blue")]
    // No file: the start failed with "The file '<content root>' already exists".
    [InlineData("Data Source=")]
    [InlineData("Data Source=  ")]
    // In memory the app started, answered pages, and every connection but the migrator's own saw no tables: every
    // draft, report and alert failed ("no such table: outbox"), and a restart would forget whatever had been kept.
    [InlineData("Data Source=clickceop.db;Mode=Memory")]
    [InlineData("Data Source=clickceop.db;Mode=Memory;Cache=Shared")]
    // Read-only: no report could ever be stored.
    [InlineData("Data Source=clickceop.db;Mode=ReadOnly")]
    public void A_connection_string_that_names_no_writable_file_stops_the_app_at_start(string connectionString)
    {
        Assert.Contains("Data:ConnectionString", StartFailure.RefusalOf("Data:ConnectionString", connectionString), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source={0}")]
    [InlineData("Data Source={0};Mode=ReadWriteCreate;Cache=Private")]
    [InlineData("data source = {0} ; Default Timeout = 5")]
    public async Task A_file_named_in_any_spelling_starts(string format)
    {
        var folder = TestFolders.NewTemporary("data-options");
        var path = Path.Combine(folder, "clickceop.db");
        using var host = new AppHost(new Dictionary<string, string?> { ["Data:ConnectionString"] = string.Format(format, path) }, folder);

        var start = await host.CreateBrowserlessClient().GetAsync("/report");

        Assert.Equal(System.Net.HttpStatusCode.OK, start.StatusCode);
        Assert.True(File.Exists(path));
    }
}
