using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>
/// The built app (ClickCeop.Web.dll of the same configuration as these tests) run as a real child process on
/// 127.0.0.1, so a test can kill it the way a power cut or the OOM killer would (SIGKILL, no shutdown code runs)
/// and start it again on the same database file.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private AppProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What the process wrote, for a failure message.</summary>
    public string Output
    {
        get { lock (_output) return string.Join('\n', _output.TakeLast(60)); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the app with these configuration keys (as environment variables) and waits until it listens.</summary>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string?> settings, TimeSpan? timeout = null)
    {
        var start = StartInfo(settings);
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(process);
        process.OutputDataReceived += (_, e) => app.Record(e.Data);
        process.ErrorDataReceived += (_, e) => app.Record(e.Data);
        process.Exited += (_, _) => app._listening.TrySetException(new InvalidOperationException($"The app exited before it listened:\n{app.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            app.BaseAddress = await app._listening.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            app.Kill();
            throw new TimeoutException($"The app did not start listening in time:\n{app.Output}");
        }
        return app;
    }

    /// <summary>SIGKILL: the process gets no chance to flush, finish requests or run shutdown code.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    /// <summary>
    /// Runs the app with these settings until it stops by itself (a start it refuses); its exit code and standard error.
    /// It listens on <paramref name="url"/>, by default a port the OS picks.
    /// </summary>
    public static async Task<(int ExitCode, string Error)> RunToExitAsync(IDictionary<string, string?> settings, TimeSpan timeout, string url = AnyPort)
    {
        var (exit, _, error) = await RunToExitWithLogAsync(settings, timeout, url);
        return (exit, error);
    }

    /// <summary>
    /// As <see cref="RunToExitAsync"/>, as a service's own user would run it: the tests run as root, which may write
    /// any file and listen on any port, so under root the app runs as <c>nobody</c> (util-linux's setpriv), from a
    /// copy of its build that user can read.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static async Task<(int ExitCode, string Error)> RunToExitAsServiceUserAsync(IDictionary<string, string?> settings, TimeSpan timeout, string url = AnyPort)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return await RunToExitAsync(settings, timeout, url);
        }
        var start = StartInfo(settings, url, Path.Combine(await UnprivilegedCopy.Value, Path.GetFileName(WebAssemblyPath())));
        start.FileName = "setpriv";
        string[] asNobody = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", "dotnet"];
        for (var i = 0; i < asNobody.Length; i++) start.ArgumentList.Insert(i, asNobody[i]);
        // root's home is closed to nobody; the runtime looks there for its own settings.
        start.Environment["HOME"] = start.WorkingDirectory;
        var (exit, _, error) = await RunToExitAsync(start, timeout);
        return (exit, error);
    }

    /// <summary>A folder the service user may create files in, as running.md's step 1 makes for the service.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string NewServiceUserFolder(string purpose)
    {
        var path = TestFolders.NewTemporary(purpose);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
        return path;
    }

    // Once per test run: the build is tens of megabytes, and a test folder under /tmp is readable by everyone where
    // the repository's own folder may not be.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static readonly Lazy<Task<string>> UnprivilegedCopy = new(() => Task.Run(CopyBuildForServiceUser));

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string CopyBuildForServiceUser()
    {
        var source = Path.GetDirectoryName(WebAssemblyPath())!;
        var copy = TestFolders.NewTemporary("app-as-nobody");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        foreach (var folder in Directory.EnumerateDirectories(copy, "*", SearchOption.AllDirectories).Prepend(copy))
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        }
        return copy;
    }

    /// <summary>As <see cref="RunToExitAsync"/>, with what the process logged on standard output too.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitWithLogAsync(IDictionary<string, string?> settings, TimeSpan timeout, string url = AnyPort)
    {
        return await RunToExitAsync(StartInfo(settings, url), timeout);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0"; // an abort must not leave a dump behind
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The app did not stop within {timeout}:\n{await output}\n{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    private const string AnyPort = "http://127.0.0.1:0";

    /// <summary>The built app on <paramref name="url"/>, in Testing, with these settings as environment variables.</summary>
    private static ProcessStartInfo StartInfo(IDictionary<string, string?> settings, string url = AnyPort, string? assembly = null)
    {
        assembly ??= WebAssemblyPath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        return start;
    }

    private static string WebAssemblyPath()
    {
        // The tests run from ClickCeop.Tests/bin/<Configuration>/<tfm>/; the app was built to the same place in its own project.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "ClickCeop.Web", "bin", configuration, tfm, "ClickCeop.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build ClickCeop.Web first (./test.sh does).", path);
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
