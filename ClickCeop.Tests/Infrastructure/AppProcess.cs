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

    /// <summary>As <see cref="RunToExitAsync"/>, with what the process logged on standard output too.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitWithLogAsync(IDictionary<string, string?> settings, TimeSpan timeout, string url = AnyPort)
    {
        var start = StartInfo(settings, url);
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
    private static ProcessStartInfo StartInfo(IDictionary<string, string?> settings, string url = AnyPort)
    {
        var assembly = WebAssemblyPath();
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
