using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace ClickCeop.Bench.Load;

/// <summary>One request of the journey: which page, which method, the order they come in.</summary>
internal enum Method { Get, Post }

internal sealed record StepName(Method Method, string Path)
{
    public override string ToString() => $"{(Method == Method.Get ? "GET " : "POST")} {Path}";
}

/// <summary>One timed request: which step, when it started, how long it took.</summary>
internal readonly record struct Sample(int Step, long StartedAt, double Milliseconds);

/// <summary>A journey that reached its confirmation page.</summary>
internal readonly record struct Completed(string Reference, bool Immediate, long ConfirmedAt, long FinishedAt);

internal sealed record RunResult(
    IReadOnlyList<StepName> Steps,
    IReadOnlyList<Sample> Samples,
    IReadOnlyList<Completed> Journeys,
    IReadOnlyDictionary<string, int> Errors,
    long MeasureFrom,
    long MeasureTo,
    IReadOnlyCollection<string> SubmittedReferences,
    (double User, double System)? ServerCpuSeconds,
    double? ServerRssAtEndMegabytes,
    double DriverCpuSeconds,
    MachineCpuSeconds? MachineCpu);

/// <summary>The whole machine's CPU time over a window, in seconds, from /proc/stat.</summary>
/// <param name="Busy">Time the cores ran anything (user, system, interrupts), stolen time excluded.</param>
/// <param name="Stolen">Time the virtual machine's cores were ready to run but the host ran something else.</param>
internal readonly record struct MachineCpuSeconds(double Busy, double Stolen, double Total)
{
    public static MachineCpuSeconds operator -(MachineCpuSeconds to, MachineCpuSeconds from) =>
        new(to.Busy - from.Busy, to.Stolen - from.Stolen, to.Total - from.Total);
}

/// <summary>The bench shares the cores with whatever else runs, and on a virtual machine with the host's other guests.</summary>
internal static class MachineCpu
{
    public static MachineCpuSeconds? Read()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Skip(1).Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture) / 100.0).ToArray();
            var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal
            var idle = fields[3] + fields[4];
            var stolen = fields[7];
            return new MachineCpuSeconds(total - idle - stolen, stolen, total);
        }
        catch (Exception error) when (error is IOException or FormatException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

/// <summary>
/// N reporters, each a browser without JavaScript: its own cookies and keep-alive connection, GET each page, post
/// the page's real form (its hidden inputs, so the antiforgery token, plus the answers), follow each 303 by hand.
/// No think time: every reporter starts the next request as soon as the last one answered (a closed loop).
/// </summary>
internal static partial class LoadRun
{
    private const string Narrative = "He said he is 14.\nHe asked me for pictures and wants to meet at the park.";

    /// <summary>The young person's journey, as in JourneyTests: each question, its answers and where it leads.</summary>
    private static (string Path, (string Name, string Value)[] Fields, string Next)[] Questions(bool immediate) =>
    [
        ("/report/who-are-you", [("role", "young-person")], "/report/what-is-happening"),
        ("/report/what-is-happening", [("categories", "asked-for-sexual-images"), ("categories", "wants-to-meet")], "/report/in-danger"),
        ("/report/in-danger", [("danger", immediate ? "yes" : "no")], "/report/where"),
        ("/report/where", [("platform", "Example Social")], "/report/other-person"),
        ("/report/other-person", [("other-person", "@stranger_42\r\nhttps://example.social/u/stranger_42")], "/report/when-it-started"),
        ("/report/when-it-started", [("started-when", "Last week")], "/report/what-happened"),
        ("/report/what-happened", [("narrative", Narrative)], "/report/about-you"),
        ("/report/about-you", [("reporter-name", "Sam"), ("reporter-age", "12")], "/report/contact"),
        ("/report/contact", [("email", "sam@example.org"), ("phone", ""), ("safe-times", "After 4pm on weekdays")], "/report/check-answers"),
        ("/report/check-answers", [], "/report/confirmation"),
    ];

    public static async Task<RunResult> RunAsync(AppServer server, BenchOptions options)
    {
        var steps = new List<StepName> { new(Method.Get, "/report"), new(Method.Post, "/report") };
        foreach (var (path, _, _) in Questions(false))
        {
            steps.Add(new(Method.Get, path));
            steps.Add(new(Method.Post, path));
        }
        steps.Add(new(Method.Get, "/report/confirmation"));

        var started = Clock.Now;
        var measureFrom = Clock.After(started, options.WarmUpSeconds);
        var measureTo = Clock.After(measureFrom, options.Seconds);
        var errors = new ConcurrentDictionary<string, int>();
        var submitted = new ConcurrentBag<string>();

        var reporters = Enumerable.Range(0, options.Reporters)
            .Select(i => Task.Run(() => new Reporter(i, server.BaseAddress, steps, options.ImmediateShare, errors, submitted).RunAsync(measureTo)))
            .ToList();
        // The server's CPU is read over the measured window only.
        await Task.Delay(TimeSpan.FromSeconds(options.WarmUpSeconds));
        var cpuFrom = server.CpuSeconds();
        var machineFrom = MachineCpu.Read();
        var driverFrom = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        var cpuTo = server.CpuSeconds();
        var machineTo = MachineCpu.Read();
        var driverCpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - driverFrom).TotalSeconds;
        var rss = server.ResidentMegabytes();
        var results = await Task.WhenAll(reporters);

        return new RunResult(
            steps,
            results.SelectMany(r => r.Samples).ToList(),
            results.SelectMany(r => r.Journeys).ToList(),
            errors,
            measureFrom,
            measureTo,
            submitted.ToList(),
            cpuFrom is { } from && cpuTo is { } to ? (to.User - from.User, to.System - from.System) : null,
            rss,
            driverCpu,
            machineFrom is { } m0 && machineTo is { } m1 ? m1 - m0 : null);
    }

    private sealed partial class Reporter(
        int number, Uri baseAddress, List<StepName> steps, double immediateShare,
        ConcurrentDictionary<string, int> errors, ConcurrentBag<string> submitted)
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
        private readonly Random _random = new(number);
        private readonly HttpClient _client = new(new SocketsHttpHandler
        {
            // Cookies are kept by hand so each journey can start as a new browser (no draft, no antiforgery cookie).
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 1,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

        public List<Sample> Samples { get; } = new(100_000);

        public List<Completed> Journeys { get; } = [];

        public async Task<Reporter> RunAsync(long stopAt)
        {
            using (_client)
            {
                while (Clock.Now < stopAt)
                {
                    var immediate = _random.NextDouble() < immediateShare;
                    try
                    {
                        await WalkAsync(immediate, stopAt);
                    }
                    catch (JourneyFailed failure)
                    {
                        errors.AddOrUpdate(failure.Message, 1, (_, n) => n + 1);
                    }
                    catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
                    {
                        errors.AddOrUpdate(error.GetType().Name, 1, (_, n) => n + 1);
                    }
                }
            }
            return this;
        }

        private async Task WalkAsync(bool immediate, long stopAt)
        {
            _cookies.Clear();
            var step = 0;
            var page = await GetAsync(step++, "/report?partner=example-social");
            var next = await PostAsync(step++, "/report", page, []);
            Expect(next, "/report/who-are-you");
            long confirmedAt = 0;
            foreach (var (path, fields, expected) in Questions(immediate))
            {
                if (Clock.Now >= stopAt) return; // a journey cut short by the end of the run is not counted
                page = await GetAsync(step++, path);
                next = await PostAsync(step++, path, page, fields);
                Expect(next, expected);
                confirmedAt = Clock.Now;
            }
            page = await GetAsync(step, "/report/confirmation");
            var reference = ReferenceOnPage().Match(page);
            if (!reference.Success)
            {
                throw new JourneyFailed("confirmation page without a reference");
            }
            submitted.Add(reference.Groups[1].Value);
            Journeys.Add(new Completed(reference.Groups[1].Value, immediate, confirmedAt, Clock.Now));
        }

        private static void Expect(string location, string expected)
        {
            if (!string.Equals(location, expected, StringComparison.Ordinal))
            {
                throw new JourneyFailed($"303 to {location} (expected {expected})");
            }
        }

        private async Task<string> GetAsync(int step, string pathAndQuery)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
            var (response, body) = await SendAsync(step, request);
            using (response)
            {
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new JourneyFailed($"{(int)response.StatusCode} on {steps[step]}");
                }
                return body;
            }
        }

        /// <summary>Posts the page's form: its hidden inputs (the antiforgery token) and the answers; returns the 303's target.</summary>
        private async Task<string> PostAsync(int step, string pagePath, string page, (string Name, string Value)[] answers)
        {
            var form = FormOnPage().Match(page);
            if (!form.Success)
            {
                throw new JourneyFailed($"no form on {pagePath}");
            }
            var action = ActionOf().Match(form.Groups[1].Value) is { Success: true } a ? WebUtility.HtmlDecode(a.Groups[1].Value) : pagePath;
            var fields = new List<KeyValuePair<string, string>>();
            foreach (Match input in HiddenInput().Matches(form.Groups[2].Value))
            {
                var name = NameOf().Match(input.Value);
                var value = ValueOf().Match(input.Value);
                if (name.Success)
                {
                    fields.Add(new(WebUtility.HtmlDecode(name.Groups[1].Value), value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : ""));
                }
            }
            fields.AddRange(answers.Select(field => new KeyValuePair<string, string>(field.Name, field.Value)));

            using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
            var (response, _) = await SendAsync(step, request);
            using (response)
            {
                if (response.StatusCode != HttpStatusCode.SeeOther || response.Headers.Location is null)
                {
                    throw new JourneyFailed($"{(int)response.StatusCode} on {steps[step]}");
                }
                return response.Headers.Location.OriginalString;
            }
        }

        private async Task<(HttpResponseMessage Response, string Body)> SendAsync(int step, HttpRequestMessage request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }
            var started = Clock.Now;
            var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsStringAsync();
            Samples.Add(new Sample(step, started, Clock.Milliseconds(started, Clock.Now)));
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    Remember(setCookie);
                }
            }
            return (response, body);
        }

        private void Remember(string setCookie)
        {
            var pair = setCookie.Split(';', 2)[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) return;
            var name = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }

        [GeneratedRegex("<form([^>]*method=\"post\"[^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
        private static partial Regex FormOnPage();

        [GeneratedRegex("\\baction=\"([^\"]*)\"")]
        private static partial Regex ActionOf();

        [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>", RegexOptions.IgnoreCase)]
        private static partial Regex HiddenInput();

        [GeneratedRegex("\\bname=\"([^\"]*)\"")]
        private static partial Regex NameOf();

        [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
        private static partial Regex ValueOf();

        [GeneratedRegex("id=\"reference\">([^<]+)<")]
        private static partial Regex ReferenceOnPage();
    }

    private sealed class JourneyFailed(string message) : Exception(message);
}
