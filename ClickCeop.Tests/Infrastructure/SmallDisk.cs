using System.Diagnostics;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>
/// A real file system of its own (a tmpfs of a few megabytes mounted on a fresh folder) that a test can fill to the
/// last page and empty again, so the app meets a real ENOSPC from the kernel, not an error a test made up. Mounting
/// needs root (CAP_SYS_ADMIN) or password-less sudo, which this project's test machines and CI have.
/// </summary>
public sealed class SmallDisk : IAsyncDisposable
{
    private readonly string _filler;

    private SmallDisk(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler");
    }

    public string Path { get; }

    /// <summary>Bytes the file system can still give, as the app's process would see them.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public static async Task<SmallDisk> MountAsync(string purpose, int megabytes)
    {
        var path = TestFolders.NewTemporary(purpose);
        var (exit, output) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "clickceop-test", path);
        if (exit != 0)
        {
            throw new InvalidOperationException($"Could not mount a {megabytes} MB tmpfs on {path} (this test needs root): {output}");
        }
        return new SmallDisk(path);
    }

    /// <summary>
    /// Writes one file until the kernel refuses even a single page, or until only about <paramref name="leaving"/>
    /// bytes are free; returns the size of what it wrote so far.
    /// </summary>
    public long Fill(long leaving = 0)
    {
        using var file = new FileStream(_filler, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, bufferSize: 0);
        file.Position = file.Length;
        var written = file.Length;
        foreach (var size in new[] { 1 << 20, 1 << 16, 1 << 12 })
        {
            var block = new byte[size];
            while (FreeBytes - size >= leaving)
            {
                try
                {
                    file.Write(block);
                    written += size;
                }
                catch (IOException)
                {
                    // A refused write may have extended the file partly; measure again from where it stands.
                    written = file.Length;
                    file.Position = written;
                    break;
                }
            }
        }
        return written;
    }

    /// <summary>Deletes what <see cref="Fill"/> wrote: the space is back at once.</summary>
    public void Empty() => File.Delete(_filler);

    /// <summary>
    /// Remounts the file system read-only, as ext4 does itself after a disk error (errors=remount-ro), or read-write
    /// again. Files open for writing stay open; every write to them now fails with EROFS from the kernel.
    /// </summary>
    public async Task RemountAsync(bool readOnly)
    {
        var (exit, output) = await RunAsync("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Path);
        if (exit != 0)
        {
            throw new InvalidOperationException($"Could not remount {Path} {(readOnly ? "read-only" : "read-write")} (this test needs root): {output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Lazy, so a file the app still holds open cannot keep the mount (and the test machine's /tmp) busy.
        await RunAsync("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string command, params string[] arguments)
    {
        // As test.sh installs Chromium: directly as root, else through sudo (never asking for a password).
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? command : "sudo") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!asRoot)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add(command);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output.Trim());
    }
}
