using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the SmtpServer package), so the app's MailKit client speaks real SMTP over TCP.
/// The port is one the OS handed out free; the sink can stop (connections refused) and start again on the same port,
/// answer 4xx or 5xx on demand, hang before its greeting, and hold a message in DATA until released. It keeps every
/// accepted message.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<Received> _accepted = new();
    private readonly ConcurrentQueue<string> _attemptedIds = new();
    private readonly Store _store;
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _running;
    private Task? _serverTask;

    // Holds the port while the sink is not listening (before Start, after StopAsync): a bound socket that does not
    // listen refuses connections, as a mail server that is down does, and keeps the kernel from handing the port to
    // another test's sink, where an app still retrying "the server that is down" would deliver its alert.
    private Socket? _reservation;

    public SmtpSink()
    {
        _reservation = Reserve(0);
        Port = ((IPEndPoint)_reservation.LocalEndPoint!).Port;
        _store = new Store(this);
    }

    public int Port { get; }

    /// <summary>The settings that point the app at this sink (plain SMTP, small timeout).</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Tls"] = "None",
        ["Notifications:Smtp:Timeout"] = "00:00:10",
    };

    /// <summary>Messages the sink accepted (answered 250), in the order it accepted them.</summary>
    public IReadOnlyList<Received> Accepted => _accepted.ToList();

    /// <summary>How many DATA commands reached the message store, accepted or not.</summary>
    public int DataAttempts => _store.Attempts;

    /// <summary>The Message-ID of every DATA attempt, accepted or refused, in order.</summary>
    public IReadOnlyList<string> AttemptedMessageIds => _attemptedIds.ToList();

    /// <summary>
    /// Decides each DATA reply: given the 1-based number of the attempt, return null to accept or an SMTP reply
    /// code (e.g. 451, 550) to refuse.
    /// </summary>
    public Func<int, int?> Reply { get; set; } = _ => null;

    public static SmtpSink StartNew()
    {
        var sink = new SmtpSink();
        sink.Start();
        return sink;
    }

    public void Start()
    {
        if (_server is not null)
        {
            return;
        }
        _reservation?.Dispose();
        _reservation = null;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("sink.clickceop.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(_store);
        services.Add((SmtpServer.Net.IEndpointListenerFactory)new NoDelayListenerFactory());
        _server = new SmtpServer.SmtpServer(options, services);
        _running = new CancellationTokenSource();
        _serverTask = _server.StartAsync(_running.Token);
        WaitUntilListening();
    }

    /// <summary>
    /// Until <see cref="Start"/>, a stopped sink takes connections (the kernel completes each handshake) and never says
    /// a word: a mail server hung before its greeting.
    /// </summary>
    public void Hang()
    {
        if (_server is not null || _reservation is null)
        {
            throw new InvalidOperationException("Only a stopped sink can hang.");
        }
        _reservation.Listen(64);
    }

    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }
        _running!.Cancel();
        try
        {
            await _serverTask!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Cancelling is how the server stops.
        }
        _running.Dispose();
        _server = null;
        _running = null;
        _serverTask = null;
        try
        {
            _reservation = Reserve(Port);
        }
        catch (SocketException)
        {
            // Still held by connections closing down; a stopped sink refuses either way.
        }
    }

    /// <summary>From now on each message waits inside DATA until <see cref="Release"/>; completes when one is waiting.</summary>
    public Task HoldAsync()
    {
        _store.Hold();
        return _store.FirstHeld;
    }

    public void Release() => _store.Release();

    /// <summary>Polls (bounded) until <paramref name="count"/> messages wait inside DATA at the same time.</summary>
    public async Task WaitUntilHeldAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (_store.HeldNow < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{_store.HeldNow} message(s) held at once, expected {count}.");
            }
            await Task.Delay(25);
        }
    }

    /// <summary>Polls (bounded) until at least <paramref name="count"/> messages were accepted.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (_accepted.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The SMTP sink accepted {_accepted.Count} message(s), expected {count}.");
            }
            await Task.Delay(25);
        }
        return Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        _store.Release();
        await StopAsync();
        _reservation?.Dispose();
        _reservation = null;
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    private static Socket Reserve(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>One accepted message: parsed, plus the raw header block exactly as it arrived.</summary>
    public sealed record Received(MimeMessage Message, string RawHeaders, IReadOnlyList<string> Recipients, DateTimeOffset AcceptedAt);

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        private int _attempts;
        private volatile TaskCompletionSource _gate = Open();
        private TaskCompletionSource _firstHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private int _heldNow;

        public int Attempts => Volatile.Read(ref _attempts);

        public int HeldNow => Volatile.Read(ref _heldNow);

        public Task FirstHeld => _firstHeld.Task;

        public void Hold()
        {
            _firstHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _gate.TrySetResult();

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            var gate = _gate;
            if (!gate.Task.IsCompleted)
            {
                Interlocked.Increment(ref _heldNow);
                _firstHeld.TrySetResult();
                try
                {
                    await gate.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref _heldNow);
                }
            }
            var bytes = buffer.ToArray();
            using var stream = new MemoryStream(bytes);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            sink._attemptedIds.Enqueue(message.MessageId ?? "");
            if (sink.Reply(attempt) is { } code)
            {
                return new SmtpResponse((SmtpReplyCode)code, code >= 500 ? "5.7.1 refused by test sink" : "4.3.0 try again later");
            }

            var text = System.Text.Encoding.UTF8.GetString(bytes);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var headers = end < 0 ? text : text[..end];
            var recipients = transaction.To.Select(mailbox => $"{mailbox.User}@{mailbox.Host}").ToList();
            sink._accepted.Enqueue(new Received(message, headers, recipients, DateTimeOffset.UtcNow));
            return SmtpResponse.Ok;
        }

        private static TaskCompletionSource Open()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}
