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

    private readonly string? _image;

    private SmallDisk(string path, string? image = null)
    {
        Path = path;
        _image = image;
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
    /// An ext4 file system in an image file on a loop device, mounted with errors=remount-ro as a server's data disk
    /// often is, so <see cref="FailAsync"/> can make the kernel remount it read-only on its own, with files still
    /// open for writing, as after a real disk error (a tmpfs cannot be remounted read-only while the app holds its
    /// database open: "mount point is busy").
    /// </summary>
    public static async Task<SmallDisk> MountExt4Async(string purpose, int megabytes)
    {
        var path = TestFolders.NewTemporary(purpose);
        var image = path + ".img";
        using (var file = File.Create(image))
        {
            file.SetLength((long)megabytes << 20);
        }
        var (made, madeOutput) = await RunAsync("mkfs.ext4", "-q", "-F", image);
        var (exit, output) = made == 0 ? await RunAsync("mount", "-o", "loop,errors=remount-ro", image, path) : (made, madeOutput);
        if (exit != 0)
        {
            File.Delete(image);
            throw new InvalidOperationException($"Could not mount a {megabytes} MB ext4 image on {path} (this test needs root and loop devices): {output}");
        }
        return new SmallDisk(path, image);
    }

    /// <summary>
    /// Makes ext4 report an error on its own file system (its trigger_fs_error switch), which errors=remount-ro answers
    /// by remounting it read-only at once. ext4 does not let it be mounted read-write again until it is unmounted.
    /// </summary>
    public async Task FailAsync()
    {
        var (found, device) = await RunAsync("findmnt", "-no", "SOURCE", Path);
        var (exit, output) = found == 0
            ? await RunAsync("sh", "-c", $"echo 1 > /sys/fs/ext4/{System.IO.Path.GetFileName(device)}/trigger_fs_error")
            : (found, device);
        if (exit != 0)
        {
            throw new InvalidOperationException($"Could not make ext4 on {Path} fail (this test needs root): {output}");
        }
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
    /// Remounts the file system read-only, or read-write again. The kernel refuses ("mount point is busy") while any
    /// file on it is open for writing, the app's database included: see <see cref="FailAsync"/> for a running app.
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
        if (_image is not null) File.Delete(_image);
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
