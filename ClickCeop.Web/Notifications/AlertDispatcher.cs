using ClickCeop.Web.Reports;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ClickCeop.Web.Notifications;

/// <summary>
/// Sends outbox rows. Wakes when a report commits (<see cref="AlertSignal"/>), else polls. Claims one row at a time,
/// most urgent first, so an immediate-risk alert submitted while others are queued overtakes them at the very next
/// message; several senders work at once (<see cref="NotificationOptions.Senders"/>), each sending its consecutive
/// rows over one SMTP connection. A message the server answers with 4xx or 5xx, or whose connection breaks while it
/// is sent, uses up an attempt and is retried with exponential backoff and jitter; after MaxAttempts the row is failed,
/// logged, and /healthz reports Degraded. A server that cannot be reached uses up no alert's attempts (see
/// <see cref="SendDueAsync"/>): every alert waits for it, and a long wait shows in /healthz (StaleAfter) and the log.
/// </summary>
public sealed partial class AlertDispatcher(
    OutboxStore store,
    IMailTransport transport,
    AlertSignal signal,
    IOptionsMonitor<NotificationOptions> options,
    TimeProvider timeProvider,
    ILogger<AlertDispatcher> logger) : BackgroundService
{
    // Shared by the senders: when the server is unreachable, all of them wait for the backoff, not only the one that found out.
    private readonly Lock _transport = new();
    private int _connectFailures;
    private DateTimeOffset _transportPausedUntil = DateTimeOffset.MinValue;
    // When the first of the current run of failed connections failed: how long the alerts have been held up.
    private DateTimeOffset? _unreachableSince;

    /// <summary>
    /// Runs <see cref="NotificationOptions.Senders"/> senders, each with its own SMTP connection. A message costs a few
    /// round trips to the mail server; one connection alone fell behind the reports coming in (see bench/README.md).
    /// Claims are atomic, so no two senders take the same row, and each takes the most urgent row there is.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.CurrentValue.Senders).Select(_ => Task.Run(() => RunSenderAsync(stoppingToken), CancellationToken.None)));

    private async Task RunSenderAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
                await signal.WaitAsync(await NextWaitAsync(stoppingToken), timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database itself failed (locked, disk). Keep the service alive and look again after the poll interval.
                LogDispatchError(exception);
                try
                {
                    await Task.Delay(options.CurrentValue.PollInterval, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Sends every row that is due now, over as few connections as it can. A connection that cannot be opened
    /// (refused, timed out, no greeting, TLS or authentication failing) has handed over no message: it says nothing
    /// about the row claimed for it, and every row would meet the same server. So it costs that row no attempt, or
    /// each try during an outage would fall on the most urgent row (claims take it first) and the immediate-risk
    /// alert would be the one to give up. Authentication and TLS count as unreachable too: like a server that is
    /// down they stop every alert alike until someone puts the server or the settings right, after which the alerts
    /// should go by themselves, most urgent first, not wait in `failed` for `alerts retry`. Once a message is being
    /// handed over (MAIL FROM onwards), a refusal or a broken connection is that message's attempt.
    /// </summary>
    private async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        IMailSession? session = null;
        var sentOnSession = 0;
        // The row this sender sent last, marked "sent" in the same commit as its next claim.
        string? sent = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = timeProvider.GetUtcNow();
                // Not cancellable: once the UPDATE has run, the row is ours and must reach the code that hands it back.
                var row = await store.ClaimNextAsync(now, now + settings.Lease, sent, CancellationToken.None, latestRetry: now + settings.MaxBackoff);
                sent = null;
                if (row is null)
                {
                    return;
                }

                // Until the message is handed to the server, nothing was tried with it (see ReleaseUntriedAsync).
                var handedOver = false;
                try
                {
                    MimeMessage message;
                    try
                    {
                        message = Build(row, settings, now);
                    }
                    catch (Exception exception) when (exception is ParseException or ArgumentException or FormatException)
                    {
                        await RecordFailureAsync(row, exception, settings, cancellationToken);
                        continue;
                    }

                    if (session is not null && sentOnSession >= settings.MessagesPerConnection)
                    {
                        await session.DisposeAsync();
                        session = null;
                    }
                    if (session is null)
                    {
                        try
                        {
                            session = await WhileLeasedAsync(row.Id, settings.Lease, () => transport.OpenAsync(cancellationToken));
                            sentOnSession = 0;
                            DateTimeOffset? downSince;
                            int failedTries;
                            lock (_transport)
                            {
                                downSince = _unreachableSince;
                                failedTries = _connectFailures;
                                _connectFailures = 0;
                                _unreachableSince = null;
                                _transportPausedUntil = DateTimeOffset.MinValue;
                            }
                            if (downSince is { } since)
                            {
                                LogReachableAgain(timeProvider.GetUtcNow() - since, failedTries);
                            }
                        }
                        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                        {
                            // The server is unreachable: every other row would fail the same way, so stop this run and
                            // back off; a new report's signal still triggers one fresh try.
                            var failedAt = timeProvider.GetUtcNow();
                            Outage outage;
                            lock (_transport)
                            {
                                _connectFailures++;
                                _unreachableSince ??= failedAt;
                                _transportPausedUntil = failedAt + Backoff(_connectFailures, settings);
                                outage = new Outage(_connectFailures, failedAt - _unreachableSince.Value, _transportPausedUntil);
                            }
                            await RecordUnreachableAsync(row, exception, outage, settings, cancellationToken);
                            return;
                        }
                    }

                    // The server is reachable: if more rows are due, an idle sender takes the next one meanwhile.
                    signal.Notify();
                    handedOver = true;
                    try
                    {
                        var open = session;
                        await WhileLeasedAsync(row.Id, settings.Lease, async () =>
                        {
                            await open.SendAsync(message, cancellationToken);
                            return true;
                        });
                    }
                    catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        await RecordFailureAsync(row, exception, settings, cancellationToken);
                        await session.DisposeAsync();
                        session = null;
                        continue;
                    }
                }
                catch (Exception exception) when (cancellationToken.IsCancellationRequested)
                {
                    // Shutting down while holding the row (connecting or sending), whether the stop or the server ended
                    // the attempt: hand it back now rather than after the lease, so a restart sends it at once (same
                    // Message-ID, so a duplicate is recognisable if the server had already accepted it).
                    if (handedOver)
                    {
                        await store.MarkRetryAsync(row.Id, timeProvider.GetUtcNow(), "interrupted by shutdown", CancellationToken.None);
                    }
                    else
                    {
                        await store.ReleaseUntriedAsync(row.Id, "interrupted by shutdown", CancellationToken.None);
                    }
                    if (exception is OperationCanceledException)
                    {
                        throw;
                    }
                    throw new OperationCanceledException("Stopped while sending an alert.", exception, cancellationToken);
                }
                sent = row.Id;
                sentOnSession++;
                LogSent(row.Id, row.ReportId, row.Immediate, row.Attempts);
            }
        }
        finally
        {
            try
            {
                // Stopping, or the claim failed: record the last send on its own, or the row would be sent again
                // (with its same Message-ID) once its lease ran out.
                if (sent is not null)
                {
                    await store.MarkSentAsync(sent, timeProvider.GetUtcNow(), CancellationToken.None);
                }
            }
            finally
            {
                if (session is not null)
                {
                    await session.DisposeAsync();
                }
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (a connect or a send) while moving the row's lease on every half lease, so a server
    /// slower than the lease does not make another sender send the same row again meanwhile. Stops before returning,
    /// so the lease is never moved on after the outcome is recorded.
    /// </summary>
    private async Task<T> WhileLeasedAsync<T>(string rowId, TimeSpan lease, Func<Task<T>> work)
    {
        using var done = new CancellationTokenSource();
        var keeping = KeepLeaseAsync(rowId, lease, done.Token);
        try
        {
            return await work();
        }
        finally
        {
            await done.CancelAsync();
            await keeping;
        }
    }

    private async Task KeepLeaseAsync(string rowId, TimeSpan lease, CancellationToken done)
    {
        while (true)
        {
            try
            {
                await Task.Delay(lease / 2, timeProvider, done);
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                return;
            }
            try
            {
                // Not cancellable: a short write, finished before the sender goes on to record the outcome.
                await store.ExtendLeaseAsync(rowId, timeProvider.GetUtcNow() + lease, CancellationToken.None);
            }
            catch (Exception exception)
            {
                // The database refused this once; the lease still has half of its time, and the next turn tries again.
                LogLeaseNotExtended(exception, rowId);
            }
        }
    }

    /// <summary>Hands the row back for a retry, or fails it after MaxAttempts (see <see cref="RecordAsync"/>).</summary>
    private async Task RecordFailureAsync(OutboxMessage row, Exception exception, NotificationOptions settings, CancellationToken stoppingToken)
    {
        var error = Describe(exception);
        var failed = row.Attempts >= settings.MaxAttempts;
        await RecordAsync(row, settings, stoppingToken, () => failed
            ? store.MarkFailedAsync(row.Id, error, CancellationToken.None)
            : store.MarkRetryAsync(row.Id, timeProvider.GetUtcNow() + Backoff(row.Attempts, settings), error, CancellationToken.None));
        if (failed)
        {
            LogFailed(row.Id, row.ReportId, row.Immediate, row.Attempts, error);
            return;
        }
        LogRetry(row.Id, row.ReportId, row.Immediate, row.Attempts, IsPermanent(exception) ? "permanent" : "transient", error);
    }

    /// <summary>
    /// Hands the row back untried (the shared pause decides when the next connection is tried), and tells the log. Past StaleAfter the line is an
    /// error, as a failed alert's is: no alert gives up during an outage, so this is what keeps the operator told
    /// besides /healthz, and it says how long the alerts have waited.
    /// </summary>
    private async Task RecordUnreachableAsync(OutboxMessage row, Exception exception, Outage outage, NotificationOptions settings, CancellationToken stoppingToken)
    {
        var error = Describe(exception);
        await RecordAsync(row, settings, stoppingToken, () => store.ReleaseUntriedAsync(row.Id, error, CancellationToken.None));
        var wait = outage.RetryAt - timeProvider.GetUtcNow();
        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }
        if (outage.For > settings.StaleAfter)
        {
            LogUnreachableTooLong(outage.For, outage.Tries, error, wait);
            return;
        }
        LogUnreachable(outage.Tries, error, wait);
    }

    /// <summary>
    /// Runs <paramref name="write"/>, the outcome of a claimed row. Until that write commits the row is still leased
    /// to this sender, so a refused write (a disk that filled since the claim) must not end here: the row would sit
    /// out the rest of its lease, minutes, neither retried nor logged as an alert. The sender keeps the lease and
    /// tries again every poll interval; only a stop leaves the row to its lease, as a sender that died would.
    /// </summary>
    private Task RecordAsync(OutboxMessage row, NotificationOptions settings, CancellationToken stoppingToken, Func<Task> write) =>
        WhileLeasedAsync(row.Id, settings.Lease, async () =>
        {
            while (true)
            {
                try
                {
                    await write();
                    return true;
                }
                catch (Exception refused) when (!stoppingToken.IsCancellationRequested)
                {
                    LogOutcomeNotRecorded(refused, row.Id, row.ReportId, row.Immediate, row.Attempts);
                    await Task.Delay(settings.PollInterval, timeProvider, stoppingToken);
                }
            }
        });

    /// <summary>The run of failed connections so far: how many, for how long, and when the next try is due.</summary>
    private readonly record struct Outage(int Tries, TimeSpan For, DateTimeOffset RetryAt);

    private async Task<TimeSpan> NextWaitAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = timeProvider.GetUtcNow();
        var wake = now + settings.PollInterval;
        if (await store.NextDueAsync(cancellationToken) is { } due && due < wake)
        {
            wake = due;
        }
        DateTimeOffset pausedUntil;
        lock (_transport)
        {
            pausedUntil = _transportPausedUntil;
        }
        // A pause further off than the longest backoff was set by a clock since stepped back: it is over.
        if (pausedUntil > wake && pausedUntil - now <= settings.MaxBackoff)
        {
            wake = pausedUntil;
        }
        var wait = wake - now;
        // Never spin: a row that is due "now" is claimed by the next run anyway.
        return wait < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : wait;
    }

    /// <summary>InitialBackoff × 2^(attempt−1), capped at MaxBackoff, then scaled by a random 50–100% so retries spread out.</summary>
    internal static TimeSpan Backoff(int attempt, NotificationOptions settings)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(settings.MaxBackoff.TotalMilliseconds, settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() * 0.5));
    }

    internal static bool IsPermanent(Exception exception) =>
        exception is SmtpCommandException command && (int)command.StatusCode >= 500
        || exception is ParseException or ArgumentException or FormatException;

    /// <summary>
    /// The message as it goes out. Headers carry only our own values (addresses from configuration, the reference in
    /// the subject, our Message-ID); everything the reporter typed is in the bodies, which MimeKit encodes.
    /// </summary>
    internal static MimeMessage Build(OutboxMessage row, NotificationOptions settings, DateTimeOffset now)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(row.Recipient));
        message.Subject = row.Subject;
        message.MessageId = row.MessageId;
        message.Date = now;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        if (row.Immediate)
        {
            message.Importance = MessageImportance.High;
            message.Headers.Add(HeaderId.XPriority, "1");
        }
        message.Body = new BodyBuilder { TextBody = row.TextBody, HtmlBody = row.HtmlBody }.ToMessageBody();
        return message;
    }

    /// <summary>
    /// The alert's last error as one line: it goes into the log and `alerts failed` lists it, one line per alert, and a
    /// mail server's multi-line answer (or its escape codes) must not pose as another entry there.
    /// </summary>
    internal static string Describe(Exception exception) => FreeText.Clean(exception switch
    {
        SmtpCommandException command => $"SMTP {(int)command.StatusCode}: {command.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    }, singleLine: true);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {OutboxId} for report {ReportId} sent (immediate risk: {Immediate}, attempt {Attempt})")]
    private partial void LogSent(string outboxId, string reportId, bool immediate, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {OutboxId} for report {ReportId} not sent (immediate risk: {Immediate}, attempt {Attempt}, {Kind}): {Error}; will retry")]
    private partial void LogRetry(string outboxId, string reportId, bool immediate, int attempt, string kind, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert {OutboxId} for report {ReportId} FAILED after {Attempt} attempts (immediate risk: {Immediate}): {Error}. A duty officer must open the report from the console.")]
    private partial void LogFailed(string outboxId, string reportId, bool immediate, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail server unreachable (failed connection {Tries} in a row): {Error}; no alert's attempt is used up, every alert waits and the next connection is tried in {Wait}")]
    private partial void LogUnreachable(int tries, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail server unreachable for {Duration} (failed connection {Tries} in a row): {Error}. Duty officer alerts are waiting and none will give up; until the server is back a duty officer must watch the console. Next connection in {Wait}")]
    private partial void LogUnreachableTooLong(TimeSpan duration, int tries, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail server reachable again after {Duration} ({Tries} failed connection(s)); the waiting alerts are being sent, most urgent first")]
    private partial void LogReachableAgain(TimeSpan duration, int tries);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert {OutboxId} for report {ReportId} not sent (immediate risk: {Immediate}, attempt {Attempt}) and the database refused to record it; this sender holds the alert and tries again after the poll interval")]
    private partial void LogOutcomeNotRecorded(Exception exception, string outboxId, string reportId, bool immediate, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend the lease of alert {OutboxId} while it is being sent; trying again")]
    private partial void LogLeaseNotExtended(Exception exception, string outboxId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert dispatcher could not read the outbox; trying again after the poll interval")]
    private partial void LogDispatchError(Exception exception);
}
