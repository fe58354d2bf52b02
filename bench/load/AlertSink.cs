using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Bench.Load;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the SmtpServer package, accepting with NoDelay like the tests' SmtpSink) that
/// keeps only what the bench needs: for each report reference in a subject, how many copies were accepted and when
/// the last one was. It does not parse MIME, so it takes little of the CPU the server under test also needs.
/// </summary>
internal sealed partial class AlertSink : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Delivery> _deliveries = new(StringComparer.Ordinal);
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _running = new();
    private readonly Task _serverTask;
    private int _messages;
    private int _unmatched;

    private readonly TimeSpan _replyDelay;

    private AlertSink(int port, TimeSpan replyDelay)
    {
        Port = port;
        _replyDelay = replyDelay;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("sink.clickceop.bench")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add((SmtpServer.Net.IEndpointListenerFactory)new NoDelayListenerFactory());
        _server = new SmtpServer.SmtpServer(options, services);
        _serverTask = _server.StartAsync(_running.Token);
    }

    public int Port { get; }

    /// <summary>Messages accepted (one per recipient per alert).</summary>
    public int Messages => Volatile.Read(ref _messages);

    /// <summary>Accepted messages whose subject held no reference: should stay 0.</summary>
    public int Unmatched => Volatile.Read(ref _unmatched);

    /// <param name="replyDelay">How long each message's DATA waits before it is accepted: zero for a server on the same
    /// machine, some milliseconds for one a network hop away that checks a message before it accepts it.</param>
    public static AlertSink Start(TimeSpan replyDelay)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var sink = new AlertSink(port, replyDelay);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return sink;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>When the last of <paramref name="copies"/> copies for this reference was accepted, if it was.</summary>
    public long? AllCopiesAcceptedAt(string reference, int copies) =>
        _deliveries.TryGetValue(reference, out var delivery) && delivery.Copies >= copies ? delivery.LastAcceptedAt : null;

    /// <summary>Copies accepted per reference, to find any delivered twice.</summary>
    public int CopiesOf(string reference) => _deliveries.TryGetValue(reference, out var delivery) ? delivery.Copies : 0;

    /// <summary>
    /// Waits (bounded) until every submitted report has its alert accepted for every officer, or until nothing has
    /// arrived for 15 s; says how long the outbox took to drain after the load stopped.
    /// </summary>
    public async Task<DeliveryResult> WaitForDeliveryAsync(IReadOnlyCollection<string> references, int officers, TimeSpan limit)
    {
        var started = Clock.Now;
        var lastProgress = started;
        var lastMessages = Messages;
        while (true)
        {
            var missing = references.Count(reference => CopiesOf(reference) < officers);
            var now = Clock.Now;
            if (missing == 0 || Clock.Milliseconds(started, now) > limit.TotalMilliseconds || Clock.Milliseconds(lastProgress, now) > 15_000)
            {
                return new DeliveryResult(references.Count, missing, references.Count(reference => CopiesOf(reference) > officers), Clock.Milliseconds(started, now) / 1000);
            }
            if (Messages != lastMessages)
            {
                lastMessages = Messages;
                lastProgress = now;
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _running.CancelAsync();
        try
        {
            await _serverTask.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception error) when (error is OperationCanceledException or TimeoutException)
        {
            // Cancelling is how the server stops.
        }
        _running.Dispose();
    }

    private void Accept(ReadOnlySequence<byte> message, int recipients)
    {
        // The subject is "[IMMEDIATE RISK] CEOP report CEOP-XXXX-XXXX" or "CEOP report CEOP-XXXX-XXXX": ASCII, short,
        // in the header block, which is all this reads.
        var head = message.Length > 4096 ? message.Slice(0, 4096) : message;
        var text = Encoding.ASCII.GetString(head);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var match = SubjectReference().Match(end < 0 ? text : text[..end]);
        var at = Clock.Now;
        Interlocked.Add(ref _messages, recipients);
        if (!match.Success)
        {
            Interlocked.Increment(ref _unmatched);
            return;
        }
        _deliveries.AddOrUpdate(match.Groups[1].Value,
            _ => new Delivery(recipients, at),
            (_, previous) => new Delivery(previous.Copies + recipients, Math.Max(previous.LastAcceptedAt, at)));
    }

    [GeneratedRegex(@"^Subject: [^\r\n]*?(CEOP-[A-Z0-9]{4}-[A-Z0-9]{4})", RegexOptions.Multiline)]
    private static partial Regex SubjectReference();

    private sealed record Delivery(int Copies, long LastAcceptedAt);

    private sealed class Store(AlertSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (sink._replyDelay > TimeSpan.Zero)
            {
                await Task.Delay(sink._replyDelay, cancellationToken);
            }
            sink.Accept(buffer, transaction.To.Count);
            return SmtpResponse.Ok;
        }
    }
}

internal sealed record DeliveryResult(int Submitted, int Missing, int Duplicated, double DrainSeconds);
