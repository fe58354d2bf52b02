using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using ClickCeop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ClickCeop.Tests.Hostile;

/// <summary>
/// Checks every answer to a hostile request the same way and collects what failed, so one run reports every broken
/// case by name instead of stopping at the first.
/// </summary>
public sealed partial class Findings
{
    private static readonly string[] StackTraceMarks = ["Exception", "StackTrace", ".cs:line", "ClickCeop.Web.", "Microsoft.AspNetCore."];

    private readonly List<string> _failures = [];

    public int Cases { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    public void Fail(string what, string why) => _failures.Add($"{what}: {why}");

    /// <summary>
    /// One case: no 5xx, a status from <paramref name="allowed"/>, no stack trace, nothing injected, a readable page
    /// when refused. Returns the parsed body for further checks.
    /// </summary>
    public async Task<IHtmlDocument> CheckAsync(string what, HttpResponseMessage response, params HttpStatusCode[] allowed)
    {
        Cases++;
        var status = response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var page = await Html.ParseAsync(response);
        var heading = page.QuerySelector("h1")?.TextContent.Squash() ?? "";
        if ((int)status >= 500) Fail(what, $"{(int)status} \"{heading}\"");
        else if (!allowed.Contains(status)) Fail(what, $"status {(int)status} \"{heading}\", expected one of {string.Join(", ", allowed.Select(a => (int)a))}");
        CheckBody(what, body, page);
        if ((int)status is 400 or 405 or 413 or 429)
        {
            // Readable: the site's own page with a heading saying what went wrong, not a bare status.
            if (heading.Length == 0 || page.QuerySelector("main") is null || string.IsNullOrWhiteSpace(page.Title))
            {
                Fail(what, $"{(int)status} is not a readable page (h1 \"{heading}\", title \"{page.Title}\")");
            }
            if (status == HttpStatusCode.BadRequest && page.QuerySelector(".error-summary, .govuk-error-summary") is null && !heading.StartsWith("Sorry", StringComparison.Ordinal))
            {
                Fail(what, $"400 without an error summary or an explanation (h1 \"{heading}\")");
            }
        }
        if ((int)status is >= 300 and < 400)
        {
            var location = response.Headers.Location?.OriginalString;
            // Local, and plain: no answer (nor anything typed) ever travels in a URL.
            if (location is null || !PlainLocalPath().IsMatch(location))
            {
                Fail(what, $"redirect to \"{location}\" is not a plain local path");
            }
        }
        return page;
    }

    /// <summary>No stack trace and nothing a hostile value could have injected, in any body (also GETs and error pages).</summary>
    public void CheckBody(string what, string body, IHtmlDocument page)
    {
        foreach (var mark in StackTraceMarks.Where(m => body.Contains(m, StringComparison.Ordinal)))
        {
            Fail(what, $"the body contains \"{mark}\"");
        }
        if (StackFrame().Match(body) is { Success: true } frame) Fail(what, $"a stack frame in the body: {frame.Value}");
        if (body.Contains("<script", StringComparison.OrdinalIgnoreCase)) Fail(what, "raw <script in the body");
        if (page.QuerySelectorAll("script").Length > 0) Fail(what, "a <script> element in the page");
        if (page.QuerySelectorAll("img[src='x']").Length > 0) Fail(what, "an injected <img src=x>");
        var handler = page.All.SelectMany(e => e.Attributes).FirstOrDefault(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        if (handler is not null) Fail(what, $"an element with an event handler attribute {handler.Name}");
    }

    /// <summary>
    /// Hostile input is the visitor's problem, not the service's: it may not log an error (an attacker could flood the
    /// log, or page whoever watches it) nor put a hostile value in a log line, where it could forge entries.
    /// </summary>
    public void CheckLog(string what, LogRecorder log)
    {
        string[] markers = [HostileValues.Script, HostileValues.BreakOut, HostileValues.Sql, HostileValues.RightToLeft, "Bcc: evil@example.org"];
        foreach (var line in log.LinesFrom(Microsoft.Extensions.Logging.LogLevel.Error))
        {
            Fail(what, $"the app logged {line[..Math.Min(line.Length, 300)]}");
        }
        foreach (var line in log.Lines)
        {
            if (markers.FirstOrDefault(marker => line.Contains(marker, StringComparison.Ordinal)) is { } marker)
            {
                Fail(what, $"a hostile value ({marker}) is in the log: {line[..Math.Min(line.Length, 300)]}");
            }
        }
    }

    public void AssertNone(ITestOutputHelper output, string suite)
    {
        output.WriteLine($"{suite}: {Cases} hostile cases run, {_failures.Count} failed.");
        Console.WriteLine($"{suite}: {Cases} hostile cases run, {_failures.Count} failed.");
        Assert.True(_failures.Count == 0, $"{suite}: {_failures.Count} of {Cases} cases failed:\n" + string.Join("\n", _failures.Take(80)));
    }

    [GeneratedRegex("^/[a-z0-9/-]*$")]
    private static partial Regex PlainLocalPath();

    /// <summary>"at Namespace.Type.Method(" as .NET prints a stack frame.</summary>
    [GeneratedRegex(@"\bat [\w.`<>\[\]]+\.[\w<>`]+\(")]
    private static partial Regex StackFrame();
}
