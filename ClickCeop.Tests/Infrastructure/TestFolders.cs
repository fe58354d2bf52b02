namespace ClickCeop.Tests.Infrastructure;

public static class TestFolders
{
    /// <summary>A new empty folder under the system temp folder.</summary>
    public static string NewTemporary(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "clickceop-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Where screenshots and other artefacts a person may want to look at are kept: CLICKCEOP_TEST_OUTPUT, else
    /// test-output/ at the repository root.
    /// </summary>
    public static string Output(string area)
    {
        var root = Environment.GetEnvironmentVariable("CLICKCEOP_TEST_OUTPUT");
        if (string.IsNullOrEmpty(root))
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ClickCeop.sln")))
            {
                folder = folder.Parent;
            }
            root = Path.Combine(folder?.FullName ?? AppContext.BaseDirectory, "test-output");
        }
        var path = Path.Combine(root, area);
        Directory.CreateDirectory(path);
        return path;
    }
}
