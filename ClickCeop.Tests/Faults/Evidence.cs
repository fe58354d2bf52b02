using ClickCeop.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ClickCeop.Tests.Faults;

/// <summary>What the SQLite file and the SMTP sink hold, read with plain SQL and parsed messages, for the fault tests.</summary>
public static class Evidence
{
    public sealed record OutboxRow(string ReportId, string Reference, string Recipient, string MessageId, string Status, int Attempts, string? LeaseUntil);

    /// <summary>Every outbox row with its report's reference (a fresh connection each time: the app may be running).</summary>
    public static List<OutboxRow> OutboxRows(string databasePath)
    {
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.report_id, r.reference, o.recipient, o.message_id, o.status, o.attempts, o.lease_until
            FROM outbox o LEFT JOIN reports r ON r.id = o.report_id
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<OutboxRow>();
        while (reader.Read())
        {
            rows.Add(new OutboxRow(reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return rows;
    }

    /// <summary>The reference an alert is about, from its subject ("[IMMEDIATE RISK] CEOP report CEOP-…" or "CEOP report CEOP-…").</summary>
    public static string ReferenceOf(SmtpSink.Received received)
    {
        var subject = received.Message.Subject ?? "";
        var at = subject.LastIndexOf("CEOP-", StringComparison.Ordinal);
        return at < 0 ? "" : subject[at..].Trim();
    }

    /// <summary>(reference, recipient) → every Message-ID the sink accepted for it, one entry per accepted copy.</summary>
    public static Dictionary<(string Reference, string Recipient), List<string>> Deliveries(IEnumerable<SmtpSink.Received> accepted)
    {
        var deliveries = new Dictionary<(string, string), List<string>>();
        foreach (var received in accepted)
        {
            foreach (var recipient in received.Recipients)
            {
                var key = (ReferenceOf(received), recipient);
                if (!deliveries.TryGetValue(key, out var ids)) deliveries[key] = ids = [];
                ids.Add(received.Message.MessageId ?? "");
            }
        }
        return deliveries;
    }

    /// <summary>Polls (bounded) until <paramref name="done"/> holds; the message says what was still missing.</summary>
    public static async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout, Func<string> whatIsMissing)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0} s: {whatIsMissing()}");
            }
            await Task.Delay(50);
        }
    }

    private static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        return connection;
    }
}
