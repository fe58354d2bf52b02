namespace ClickCeop.Web.Data;

/// <summary>
/// Folders and files that hold reports, alerts or keys are created readable by the service's own user only (0700 and
/// 0600 on Linux and macOS): on a shared machine another account must not read a child's report. What already exists
/// keeps the permissions an operator gave it. On Windows a new file inherits its folder's access list instead.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder, and any missing folder above it, unless it exists.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerFolder);
        }
    }

    /// <summary>
    /// Creates an empty file unless one exists. SQLite takes an empty file for a new database and gives its
    /// write-ahead log and shared-memory files the database file's permissions.
    /// </summary>
    public static void CreateEmptyFile(string path)
    {
        try
        {
            using var _ = Open(path, FileMode.CreateNew);
        }
        catch (IOException) when (File.Exists(path))
        {
            // created meanwhile by another process, e.g. the officers' command line
        }
    }

    /// <summary>Creates the file for writing, or truncates it if it exists.</summary>
    public static FileStream Create(string path) => Open(path, FileMode.Create);

    private static FileStream Open(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFile;
        }
        return new FileStream(path, options);
    }
}
