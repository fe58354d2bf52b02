using System.Net;
using AngleSharp.Html.Dom;
using ClickCeop.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>Walks the reporting form over HTTP like a browser without JavaScript, recording every URL it touched.</summary>
public sealed class JourneyClient(HttpClient client)
{
    public HttpClient Client => client;

    public List<string> Urls { get; } = [];

    public async Task<IHtmlDocument> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Urls.Add(path);
        return await client.GetDocumentAsync(path, expected);
    }

    /// <summary>Opens the start page and presses Start; returns where it went (the first question).</summary>
    public async Task<string> StartAsync(string? partner = null)
    {
        var page = await GetAsync(partner is null ? "/report" : $"/report?partner={partner}");
        using var response = await client.SubmitAsync(page);
        return Redirected(response);
    }

    /// <summary>GETs a question, submits its real form with <paramref name="fields"/>, expects a 303 and returns its target.</summary>
    public async Task<string> AnswerAsync(string path, params (string Name, string Value)[] fields)
    {
        var page = await GetAsync(path);
        using var response = await client.SubmitAsync(page, FormPost.Fields(fields));
        return Redirected(response);
    }

    /// <summary>
    /// Answers "Where did it happen?", "What is the other person's username?" and "When did it start?" in turn,
    /// checking each goes on to the next; returns where the last one went.
    /// </summary>
    public async Task<string> AnswerWhereWhoWhenAsync(string platform, string otherPerson, string startedWhen = "")
    {
        Assert.Equal("/report/other-person", await AnswerAsync("/report/where", ("platform", platform)));
        Assert.Equal("/report/when-it-started", await AnswerAsync("/report/other-person", ("other-person", otherPerson)));
        return await AnswerAsync("/report/when-it-started", ("started-when", startedWhen));
    }

    /// <summary>GETs a question, submits invalid <paramref name="fields"/>, expects 400 and returns the re-rendered page.</summary>
    public async Task<IHtmlDocument> AnswerWronglyAsync(string path, params (string Name, string Value)[] fields)
    {
        var page = await GetAsync(path);
        using var response = await client.SubmitAsync(page, FormPost.Fields(fields));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    private string Redirected(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Urls.Add(location);
        return location;
    }

    /// <summary>Every report row in the SQLite file, column by column, read with plain SQL.</summary>
    public static List<Dictionary<string, object?>> ReportRows(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM reports";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static long CountDrafts(string databasePath, string where = "1=1")
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM drafts WHERE " + where;
        return (long)command.ExecuteScalar()!;
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
