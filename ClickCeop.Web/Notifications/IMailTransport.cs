using MimeKit;

namespace ClickCeop.Web.Notifications;

/// <summary>Where alerts leave the service: an SMTP server, or a pickup folder when none is configured.</summary>
public interface IMailTransport
{
    /// <summary>Opens one connection (or equivalent) for a run of messages. Failing here means the server is unreachable.</summary>
    Task<IMailSession> OpenAsync(CancellationToken cancellationToken);
}

public interface IMailSession : IAsyncDisposable
{
    /// <summary>Returns once the server has accepted the message (SMTP 250 after DATA).</summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
