using ClickCeop.Web.Data;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ClickCeop.Web.Notifications;

/// <summary>
/// The embedded default when no SMTP host is configured: each alert becomes an .eml file in the pickup folder,
/// written to a temporary name first and then renamed, so a reader never sees half a message. Folder and files are the
/// service user's only (<see cref="PrivateFiles"/>): with IncludeDetails a message holds the child's story.
/// </summary>
public sealed class PickupFolderMailTransport(IOptionsMonitor<NotificationOptions> options, IHostEnvironment environment) : IMailTransport
{
    public string Folder => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.CurrentValue.PickupFolder));

    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        PrivateFiles.CreateFolder(Folder);
        return Task.FromResult<IMailSession>(new Session(Folder));
    }

    private sealed class Session(string folder) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            // The Message-ID is ours (a GUID at our domain): safe as a file name, and a resend overwrites the same file.
            var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '@'));
            var final = Path.Combine(folder, name + ".eml");
            var temporary = final + ".tmp";
            await using (var stream = PrivateFiles.Create(temporary))
            {
                await message.WriteToAsync(stream, cancellationToken);
            }
            File.Move(temporary, final, overwrite: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
