using System.Globalization;
using System.Security.Cryptography;
using ClickCeop.Web.Data;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ClickCeop.Web.Officers;

/// <summary>
/// Duty officer accounts in SQLite: made, reset, listed, disabled, a password chosen. The sign-in checks are in
/// OfficerStore.SignIn.cs and the server-side sessions in OfficerStore.Sessions.cs.
/// </summary>
public sealed partial class OfficerStore(Database database, TimeProvider time, IOptions<OfficersOptions> options, ILogger<OfficerStore> log)
{
    private static readonly PasswordHasher<DutyOfficer> Hasher = new();
    // Verified when the email is unknown (OfficerStore.SignIn.cs), so that path costs the same PBKDF2 work as a real
    // one. Beside Hasher: static initialisers in different parts of a partial class run in no set order.
    private static readonly string DecoyHash = Hasher.HashPassword(null!, "decoy-password-never-used-" + Guid.NewGuid());

    // resets and passwords_chosen: counted from the append-only events, read in the same statement as the password hash
    // they invalidate.
    private static readonly string Columns = $"""
        id, email, display_name, must_change_password, totp_secret IS NOT NULL AS enrolled, disabled, locked_until, created_at,
        {CountOf(OfficerEvent.OneTimePasswordReset, "officers.id")} AS resets,
        {CountOf(OfficerEvent.PasswordChosen, "officers.id")} AS passwords_chosen
        """;

    private OfficersOptions Options => options.Value;

    /// <summary>Creates an account and returns the one-time password to hand over; the first sign-in must replace it.</summary>
    public async Task<(DutyOfficer Officer, string OneTimePassword)> CreateAsync(string email, string displayName, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        displayName = displayName.Trim();
        if (!IsPlainAddress(email))
        {
            throw new ArgumentException("An officer needs a valid email address.", nameof(email));
        }
        if (displayName.Length is 0 or > 100 || !displayName.All(ShowsAsTyped))
        {
            throw new ArgumentException("An officer needs a display name of 1 to 100 characters, with no control, direction or invisible ones.", nameof(displayName));
        }
        var oneTime = NewOneTimePassword();
        var id = ReferenceNumber.NewId();
        var now = time.GetUtcNow();
        var hash = Hasher.HashPassword(null!, oneTime); // deliberately slow: not inside the write transaction
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO officers (id, email, display_name, password_hash, must_change_password, one_time_password_issued_at, created_at)
            VALUES ($id, $email, $name, $hash, 1, $now, $now)
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$email", email);
        command.Parameters.AddWithValue("$name", displayName);
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$now", Iso(now));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            await RecordAsync(connection, transaction, id, OfficerEvent.Created, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new InvalidOperationException($"An officer with the email {email} already exists.", e);
        }
        return (new DutyOfficer(id, email, displayName, true, false, false, null, now, 0, 0), oneTime);
    }

    /// <summary>
    /// A character of a display name that shows as itself. The name is shown in `officers list`, the console's queue
    /// and every case's audit trail: a direction override, isolate or mark would reorder what follows it on that line,
    /// and an invisible character or a line or paragraph separator makes two names look alike or one look like two.
    /// The zero-width non-joiner and joiner stay: Persian and Indic names need them.
    /// </summary>
    private static bool ShowsAsTyped(char c) => c is '\u200C' or '\u200D'
        || CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);

    /// <summary>
    /// One bare address, printable ASCII, exactly as MimeKit reads it back: the stored email becomes every alert's To
    /// header and SMTP recipient, so a display name ("Boss &lt;other@example.org&gt;" alerts other@), a second
    /// address (no alert ever builds) or an invisible or right-to-left character must not get into the table.
    /// </summary>
    internal static bool IsPlainAddress(string email) =>
        email.Length is > 0 and <= 254
        && email.All(c => c is > ' ' and < '\u007f')
        && MimeKit.MailboxAddress.TryParse(email, out var mailbox)
        && string.IsNullOrEmpty(mailbox.Name)
        && mailbox.Address == email
        && mailbox.Address.Contains('@', StringComparison.Ordinal);

    /// <summary>
    /// A new one-time password for an existing account, for an officer whose one-time password expired or who lost
    /// their authenticator: the next sign-in chooses a new password and sets up the app again. Sessions end, the
    /// lockout is cleared; a disabled account stays disabled. Null when no officer has the email.
    /// </summary>
    public Task<string?> ResetAsync(string email, CancellationToken cancellationToken = default) =>
        ResetAsync(email, enable: false, cancellationToken);

    /// <summary>
    /// Enables a disabled account again as a new start, with what <see cref="ResetAsync(string, CancellationToken)"/>
    /// does: a new one-time password, no authenticator, no lock-out, no remembered browser. What the officer held
    /// before stays useless, since an account is often disabled because a laptop or phone holding it was lost. Null
    /// when no officer has the email; "" when the account is not disabled (nothing changes).
    /// </summary>
    public async Task<string?> EnableAsync(string email, CancellationToken cancellationToken = default) =>
        await ResetAsync(email, enable: true, cancellationToken)
        ?? (await FindByEmailAsync(email, cancellationToken) is null ? null : "");

    private async Task<string?> ResetAsync(string email, bool enable, CancellationToken cancellationToken)
    {
        var oneTime = NewOneTimePassword();
        var hash = Hasher.HashPassword(null!, oneTime); // deliberately slow: not inside the write transaction
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE officers SET password_hash = $hash, must_change_password = 1, one_time_password_issued_at = $now,
                   totp_secret = NULL, totp_pending_secret = NULL, failed_attempts = 0, locked_until = NULL,
                   disabled = CASE WHEN $enable THEN 0 ELSE disabled END
             WHERE email = $email AND (NOT $enable OR disabled = 1)
            RETURNING id
            """;
        var at = time.GetUtcNow();
        var now = Iso(at);
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$email", email.Trim());
        command.Parameters.AddWithValue("$enable", enable);
        if (await command.ExecuteScalarAsync(cancellationToken) is not string id)
        {
            return null;
        }
        await ExecuteAsync(connection, transaction, "UPDATE officer_sessions SET ended_at = $now WHERE ended_at IS NULL AND officer_id = $id",
            cancellationToken, ("$now", now), ("$id", id));
        if (enable)
        {
            await RecordAsync(connection, transaction, id, OfficerEvent.Enabled, at, cancellationToken);
        }
        // Counted as a reset too: browsers remembered before it, and sign-ins begun before it, no longer count.
        await RecordAsync(connection, transaction, id, OfficerEvent.OneTimePasswordReset, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        log.LogWarning(enable
            ? "Officer {OfficerId} was enabled again with a new one-time password; their authenticator must be set up again"
            : "Officer {OfficerId} was given a new one-time password; their authenticator must be set up again", id);
        return oneTime;
    }

    /// <summary>20 characters from the reference alphabet: about 98 bits, and easy to read out or type.</summary>
    private static string NewOneTimePassword() => string.Create(20, 0, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++) span[i] = ReferenceNumber.Alphabet[RandomNumberGenerator.GetInt32(ReferenceNumber.Alphabet.Length)];
    });

    public async Task<IReadOnlyList<DutyOfficer>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM officers ORDER BY email";
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<DutyOfficer?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM officers WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The officer, unless disabled or locked out now.</summary>
    public async Task<DutyOfficer?> FindAbleToSignInAsync(string id, string? browserId = null, CancellationToken cancellationToken = default)
    {
        if (await FindByIdAsync(id, cancellationToken) is not { Disabled: false } officer)
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (browserId is null)
        {
            return officer.LockedUntil > now ? null : officer;
        }
        // From a known browser, the browser's lock-out is the one that counts.
        await using var connection = await database.OpenAsync(cancellationToken);
        var attempts = await AttemptsAsync(connection, null, officer.Id, officer.LockedUntil, browserId, now, cancellationToken);
        return attempts.LockedUntil > now ? null : officer;
    }

    public async Task<DutyOfficer?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM officers WHERE email = $email";
        command.Parameters.AddWithValue("$email", email.Trim());
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// The addresses duty-officer alerts go to: every enabled officer. Runs inside the caller's transaction so an
    /// alert and its outbox rows see one consistent list.
    /// </summary>
    public static async Task<IReadOnlyList<string>> EnabledEmailsAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT email FROM officers WHERE disabled = 0 ORDER BY email";
        var emails = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            emails.Add(reader.GetString(0));
        }
        return emails;
    }

    /// <summary>
    /// Disables the account and ends every session it has, at once: true. False when it was already disabled, which
    /// changes and records nothing: the trail is append-only, and a second "disabled" would read as if the account had
    /// been enabled in between. It has no session to end, since none starts or stays live for a disabled account. Null
    /// when no officer has the email.
    /// </summary>
    public async Task<bool?> DisableAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE officers SET disabled = 1 WHERE email = $email AND disabled = 0 RETURNING id";
        command.Parameters.AddWithValue("$email", email.Trim());
        if (await command.ExecuteScalarAsync(cancellationToken) is not string id)
        {
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM officers WHERE email = $email)";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1 ? false : null;
        }
        var at = time.GetUtcNow();
        await RecordAsync(connection, transaction, id, OfficerEvent.Disabled, at, cancellationToken);
        await ExecuteAsync(connection, transaction, "UPDATE officer_sessions SET ended_at = $now WHERE ended_at IS NULL AND officer_id = $id",
            cancellationToken, ("$now", Iso(at)), ("$id", id));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Replaces the password of <paramref name="officer"/> as the sign-in read it. Nothing changes when the new one is
    /// the password it replaces, or when the account was reset, disabled or given another password since that read:
    /// the hash takes a while, and a reset landing meanwhile must win over a sign-in begun before it.
    /// </summary>
    public async Task<PasswordChange> ChangePasswordAsync(DutyOfficer officer, string newPassword, CancellationToken cancellationToken = default)
    {
        var officerId = officer.Id;
        if (PasswordRules.Problem(newPassword) is { } problem)
        {
            throw new ArgumentException(problem, nameof(newPassword));
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        string current;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT password_hash FROM officers WHERE id = $id";
            command.Parameters.AddWithValue("$id", officerId);
            current = (string?)await command.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidOperationException("No such officer.");
        }
        // Both deliberately slow: not inside the write transaction.
        if (Hasher.VerifyHashedPassword(null!, current, newPassword) != PasswordVerificationResult.Failed)
        {
            return PasswordChange.SameAsBefore;
        }
        var hash = Hasher.HashPassword(null!, newPassword);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var changed = await ExecuteAsync(connection, transaction, $"""
            UPDATE officers SET password_hash = $hash, must_change_password = 0, one_time_password_issued_at = NULL
             WHERE id = $id AND {StillAsRead}
            """, cancellationToken, ("$hash", hash), ("$id", officerId), ("$resets", officer.Resets), ("$chosen", officer.PasswordsChosen));
        if (changed == 0)
        {
            log.LogWarning("Officer {OfficerId}: a new password was not saved, the account was reset, disabled or given another password meanwhile", officerId);
            return PasswordChange.AccountChanged;
        }
        await RecordAsync(connection, transaction, officerId, OfficerEvent.PasswordChosen, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        log.LogInformation("Officer {OfficerId} chose a new password", officerId);
        return PasswordChange.Changed;
    }

    /// <summary>
    /// SQL: the officers row (as `officers`) is still enabled, with the reset and password-chosen counts $resets and
    /// $chosen that a sign-in read: nobody reset it or chose another password since.
    /// </summary>
    private static readonly string StillAsRead =
        $"disabled = 0 AND {CountOf(OfficerEvent.OneTimePasswordReset, "officers.id")} = $resets AND {CountOf(OfficerEvent.PasswordChosen, "officers.id")} = $chosen";

    /// <summary>Runs one statement in the transaction; returns the rows it changed.</summary>
    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<DutyOfficer>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<DutyOfficer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(Read(reader));
        return list;
    }

    private static DutyOfficer Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3) == 1, r.GetInt64(4) == 1, r.GetInt64(5) == 1,
        r.IsDBNull(6) ? null : Parse(r.GetString(6)), Parse(r.GetString(7)), r.GetInt64(8), r.GetInt64(9));

    internal static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
