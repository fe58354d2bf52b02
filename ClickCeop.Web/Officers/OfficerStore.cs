using System.Globalization;
using System.Security.Cryptography;
using ClickCeop.Web.Data;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OtpNet;

namespace ClickCeop.Web.Officers;

/// <summary>
/// Duty officer accounts, sign-in checks and server-side sessions in SQLite. Every failure path of a sign-in looks
/// the same from outside (same answer, a password hash verified either way), so the form never reveals whether an
/// email address has an account, is locked or is disabled.
/// </summary>
public sealed class OfficerStore(Database database, TimeProvider time, IOptions<OfficersOptions> options, ILogger<OfficerStore> log)
{
    private const int TotpStepSeconds = 30;
    private static readonly PasswordHasher<DutyOfficer> Hasher = new();
    // Verified when the email is unknown, so that path costs the same PBKDF2 work as a real one.
    private static readonly string DecoyHash = Hasher.HashPassword(null!, "decoy-password-never-used-" + Guid.NewGuid());

    private const string Columns = "id, email, display_name, must_change_password, totp_secret IS NOT NULL AS enrolled, disabled, locked_until, created_at";

    private OfficersOptions Options => options.Value;

    /// <summary>Creates an account and returns the one-time password to hand over; the first sign-in must replace it.</summary>
    public async Task<(DutyOfficer Officer, string OneTimePassword)> CreateAsync(string email, string displayName, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        displayName = displayName.Trim();
        if (email.Length is 0 or > 254 || !email.Contains('@') || email.Any(char.IsControl))
        {
            throw new ArgumentException("An officer needs a valid email address.", nameof(email));
        }
        if (displayName.Length is 0 or > 100 || displayName.Any(char.IsControl))
        {
            throw new ArgumentException("An officer needs a display name of 1 to 100 characters.", nameof(displayName));
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
            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new InvalidOperationException($"An officer with the email {email} already exists.", e);
        }
        return (new DutyOfficer(id, email, displayName, true, false, false, null, now), oneTime);
    }

    /// <summary>
    /// A new one-time password for an existing account, for an officer whose one-time password expired or who lost
    /// their authenticator: the next sign-in chooses a new password and sets up the app again. Sessions end, the
    /// lockout is cleared; a disabled account stays disabled. Null when no officer has the email.
    /// </summary>
    public async Task<string?> ResetAsync(string email, CancellationToken cancellationToken = default)
    {
        var oneTime = NewOneTimePassword();
        var hash = Hasher.HashPassword(null!, oneTime); // deliberately slow: not inside the write transaction
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE officers SET password_hash = $hash, must_change_password = 1, one_time_password_issued_at = $now,
                   totp_secret = NULL, totp_pending_secret = NULL, failed_attempts = 0, locked_until = NULL
             WHERE email = $email
            RETURNING id
            """;
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$now", Iso(time.GetUtcNow()));
        command.Parameters.AddWithValue("$email", email.Trim());
        if (await command.ExecuteScalarAsync(cancellationToken) is not string id)
        {
            return null;
        }
        await ExecuteAsync(connection, transaction, "UPDATE officer_sessions SET ended_at = $now WHERE ended_at IS NULL AND officer_id = $id",
            cancellationToken, ("$now", Iso(time.GetUtcNow())), ("$id", id));
        await transaction.CommitAsync(cancellationToken);
        log.LogWarning("Officer {OfficerId} was given a new one-time password; their authenticator must be set up again", id);
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
    public async Task<DutyOfficer?> FindAbleToSignInAsync(string id, CancellationToken cancellationToken = default) =>
        await FindByIdAsync(id, cancellationToken) is { Disabled: false } officer && !(officer.LockedUntil > time.GetUtcNow()) ? officer : null;

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

    /// <summary>Disables the account and ends every session it has, at once.</summary>
    public async Task<bool> DisableAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE officers SET disabled = 1 WHERE email = $email;
            UPDATE officer_sessions SET ended_at = $now
             WHERE ended_at IS NULL AND officer_id = (SELECT id FROM officers WHERE email = $email);
            SELECT EXISTS (SELECT 1 FROM officers WHERE email = $email);
            """;
        command.Parameters.AddWithValue("$email", email.Trim());
        command.Parameters.AddWithValue("$now", Iso(time.GetUtcNow()));
        var found = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    /// <summary>
    /// The first sign-in step. A failure counts towards the lockout whichever step it happens at. Each check first
    /// takes one of the account's attempts (a short write), then verifies the hash outside any write lock (PBKDF2 is
    /// deliberately slow and reports must not wait on it), then gives the attempt back if the password was right: so
    /// however many guesses arrive at once, no more than MaxFailedAttempts are ever verified before the lock.
    /// </summary>
    public async Task<(PasswordCheck Result, DutyOfficer? Officer)> CheckPasswordAsync(string? email, string? password, CancellationToken cancellationToken = default)
    {
        email = (email ?? "").Trim();
        password ??= "";
        await using var connection = await database.OpenAsync(cancellationToken);
        string? hash = null;
        DutyOfficer? officer = null;
        DateTimeOffset? oneTimeIssuedAt = null;
        if (email.Length is > 0 and <= 254)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns}, password_hash, one_time_password_issued_at FROM officers WHERE email = $email";
            command.Parameters.AddWithValue("$email", email);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                officer = Read(reader);
                hash = reader.GetString(8);
                oneTimeIssuedAt = reader.IsDBNull(9) ? null : Parse(reader.GetString(9));
            }
        }

        var now = time.GetUtcNow();
        var expired = officer is { MustChangePassword: true } && oneTimeIssuedAt + Options.OneTimePasswordLifetime <= now;
        var attempt = officer is null || expired ? null : await TakeAttemptAsync(connection, officer.Id, now, cancellationToken);
        // Verified on every path, a decoy when there is nothing to check, so no path is quicker than another.
        var verified = Hasher.VerifyHashedPassword(null!, attempt is null ? DecoyHash : hash!, password) != PasswordVerificationResult.Failed;
        if (officer is null)
        {
            log.LogInformation("Officer sign-in refused: no account has that email address");
            return (PasswordCheck.Rejected, null);
        }
        if (expired)
        {
            log.LogWarning("Officer sign-in refused for {OfficerId}: the one-time password has expired (officers reset gives a new one)", officer.Id);
            return (PasswordCheck.Rejected, null);
        }
        if (attempt is null)
        {
            log.LogWarning("Officer sign-in refused for {OfficerId}: the account is locked or disabled", officer.Id);
            return (PasswordCheck.Rejected, null);
        }
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        if (verified)
        {
            await ExecuteAsync(connection, transaction, "UPDATE officers SET failed_attempts = MAX(failed_attempts - 1, 0) WHERE id = $id",
                cancellationToken, ("$id", officer.Id));
            await transaction.CommitAsync(cancellationToken);
            log.LogInformation("Officer {OfficerId} passed the password step", officer.Id);
            return (PasswordCheck.Accepted, officer);
        }
        if (attempt >= Options.MaxFailedAttempts)
        {
            await LockAsync(connection, transaction, officer.Id, now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        log.LogWarning("Officer sign-in refused for {OfficerId}: wrong password (attempt {Attempt} of {MaxFailedAttempts})",
            officer.Id, attempt, Options.MaxFailedAttempts);
        return (PasswordCheck.Rejected, null);
    }

    /// <summary>The number of this attempt, counted as a failure until it succeeds; null when the account is locked, disabled or out of attempts.</summary>
    private async Task<long?> TakeAttemptAsync(SqliteConnection connection, string officerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE officers SET failed_attempts = failed_attempts + 1
             WHERE id = $id AND disabled = 0 AND failed_attempts < $max AND (locked_until IS NULL OR locked_until <= $now)
            RETURNING failed_attempts
            """;
        command.Parameters.AddWithValue("$id", officerId);
        command.Parameters.AddWithValue("$max", Options.MaxFailedAttempts);
        command.Parameters.AddWithValue("$now", Iso(now));
        var attempt = await command.ExecuteScalarAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return attempt is null ? null : Convert.ToInt64(attempt, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The second step: a current TOTP code (one step of drift either way), accepted once only. Failures count
    /// towards the same lockout as wrong passwords.
    /// </summary>
    public async Task<CodeCheck> CheckCodeAsync(string officerId, string? code, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var state = await ReadSecretsAsync(connection, transaction, officerId, cancellationToken);
        var now = time.GetUtcNow();
        if (state is null || state.Value.Disabled || state.Value.LockedUntil > now || state.Value.Secret is null)
        {
            return CodeCheck.Rejected;
        }
        var step = MatchStep(state.Value.Secret, code, now);
        if (step is null || step <= state.Value.LastStep)
        {
            await RecordFailureAsync(connection, transaction, officerId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return CodeCheck.Rejected;
        }
        await ExecuteAsync(connection, transaction, "UPDATE officers SET last_totp_step = $step, failed_attempts = 0 WHERE id = $id",
            cancellationToken, ("$step", step.Value), ("$id", officerId));
        await transaction.CommitAsync(cancellationToken);
        log.LogInformation("Officer {OfficerId} passed the authenticator step", officerId);
        return CodeCheck.Accepted;
    }

    /// <summary>The secret to show during enrolment; the same one until it is confirmed, so a reload does not invalidate a scan.</summary>
    public async Task<string> BeginEnrolmentAsync(string officerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var state = await ReadSecretsAsync(connection, transaction, officerId, cancellationToken)
            ?? throw new InvalidOperationException("No such officer.");
        if (state.PendingSecret is { } pending)
        {
            return pending;
        }
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        await ExecuteAsync(connection, transaction, "UPDATE officers SET totp_pending_secret = $secret WHERE id = $id",
            cancellationToken, ("$secret", secret), ("$id", officerId));
        await transaction.CommitAsync(cancellationToken);
        return secret;
    }

    /// <summary>Confirms enrolment with a code from the app; only then does the secret become the officer's.</summary>
    public async Task<CodeCheck> ConfirmEnrolmentAsync(string officerId, string? code, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var state = await ReadSecretsAsync(connection, transaction, officerId, cancellationToken);
        var now = time.GetUtcNow();
        if (state is null || state.Value.Disabled || state.Value.LockedUntil > now || state.Value.PendingSecret is null)
        {
            return CodeCheck.Rejected;
        }
        var step = MatchStep(state.Value.PendingSecret, code, now);
        if (step is null)
        {
            await RecordFailureAsync(connection, transaction, officerId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return CodeCheck.Rejected;
        }
        await ExecuteAsync(connection, transaction, """
            UPDATE officers SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, last_totp_step = $step, failed_attempts = 0
             WHERE id = $id
            """, cancellationToken, ("$step", step.Value), ("$id", officerId));
        await transaction.CommitAsync(cancellationToken);
        log.LogInformation("Officer {OfficerId} set up an authenticator app", officerId);
        return CodeCheck.Accepted;
    }

    /// <summary>
    /// Replaces the password; false (nothing changed) when the new one is the password it replaces, which for a
    /// first sign-in is the one-time password someone read out over the phone.
    /// </summary>
    public async Task<bool> ChangePasswordAsync(string officerId, string newPassword, CancellationToken cancellationToken = default)
    {
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
            return false;
        }
        var hash = Hasher.HashPassword(null!, newPassword);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, "UPDATE officers SET password_hash = $hash, must_change_password = 0, one_time_password_issued_at = NULL WHERE id = $id AND disabled = 0",
            cancellationToken, ("$hash", hash), ("$id", officerId));
        await transaction.CommitAsync(cancellationToken);
        log.LogInformation("Officer {OfficerId} chose a new password", officerId);
        return true;
    }

    /// <summary>A new server-side session (a new random id on every sign-in, so a planted id is worthless).</summary>
    public async Task<string> StartSessionAsync(string officerId, CancellationToken cancellationToken = default)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = Iso(time.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, "INSERT INTO officer_sessions (id, officer_id, created_at, last_seen_at) VALUES ($id, $officer, $now, $now)",
            cancellationToken, ("$id", id), ("$officer", officerId), ("$now", now));
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// True while the session is live: not ended, the officer still enabled, seen within the idle timeout and
    /// younger than the absolute timeout. A live session's last-seen time moves on; a dead one is ended for good.
    /// </summary>
    public async Task<bool> TouchSessionAsync(string sessionId, string officerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT s.created_at, s.last_seen_at, s.ended_at, o.disabled
              FROM officer_sessions s JOIN officers o ON o.id = s.officer_id
             WHERE s.id = $id AND s.officer_id = $officer
            """;
        command.Parameters.AddWithValue("$id", sessionId);
        command.Parameters.AddWithValue("$officer", officerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }
        var created = Parse(reader.GetString(0));
        var lastSeen = Parse(reader.GetString(1));
        var ended = !reader.IsDBNull(2);
        var disabled = reader.GetInt64(3) == 1;
        await reader.DisposeAsync();
        if (ended)
        {
            return false;
        }
        var now = time.GetUtcNow();
        var live = !disabled && now - lastSeen <= Options.IdleTimeout && now - created <= Options.AbsoluteTimeout;
        await ExecuteAsync(connection, transaction,
            live ? "UPDATE officer_sessions SET last_seen_at = $now WHERE id = $id" : "UPDATE officer_sessions SET ended_at = $now WHERE id = $id",
            cancellationToken, ("$now", Iso(now)), ("$id", sessionId));
        await transaction.CommitAsync(cancellationToken);
        return live;
    }

    public async Task EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, "UPDATE officer_sessions SET ended_at = $now WHERE id = $id AND ended_at IS NULL",
            cancellationToken, ("$now", Iso(time.GetUtcNow())), ("$id", sessionId));
        await transaction.CommitAsync(cancellationToken);
    }

    private long? MatchStep(string secret, string? code, DateTimeOffset now)
    {
        code = new string((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }
        var totp = new Totp(Base32Encoding.ToBytes(secret), step: TotpStepSeconds);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    private async Task RecordFailureAsync(SqliteConnection connection, SqliteTransaction transaction, string officerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, """
            UPDATE officers
               SET locked_until = CASE WHEN failed_attempts + 1 >= $max THEN $until ELSE locked_until END,
                   failed_attempts = CASE WHEN failed_attempts + 1 >= $max THEN 0 ELSE failed_attempts + 1 END
             WHERE id = $id
            """, cancellationToken, ("$max", Options.MaxFailedAttempts), ("$until", Iso(now + Options.LockoutDuration)), ("$id", officerId));
        log.LogWarning("Officer sign-in refused for {OfficerId}: wrong authenticator code", officerId);
        if (await ReadSecretsAsync(connection, transaction, officerId, cancellationToken) is { LockedUntil: { } until } && until > now)
        {
            log.LogWarning("Officer {OfficerId} locked out for {LockoutDuration} after {MaxFailedAttempts} failed attempts", officerId, Options.LockoutDuration, Options.MaxFailedAttempts);
        }
    }

    private async Task LockAsync(SqliteConnection connection, SqliteTransaction transaction, string officerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "UPDATE officers SET locked_until = $until, failed_attempts = 0 WHERE id = $id",
            cancellationToken, ("$until", Iso(now + Options.LockoutDuration)), ("$id", officerId));
        log.LogWarning("Officer {OfficerId} locked out for {LockoutDuration} after {MaxFailedAttempts} failed attempts", officerId, Options.LockoutDuration, Options.MaxFailedAttempts);
    }

    private static async Task<(string? Secret, string? PendingSecret, long LastStep, bool Disabled, DateTimeOffset? LockedUntil)?> ReadSecretsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string officerId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT totp_secret, totp_pending_secret, last_totp_step, disabled, locked_until FROM officers WHERE id = $id";
        command.Parameters.AddWithValue("$id", officerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
            reader.GetInt64(3) == 1, reader.IsDBNull(4) ? null : Parse(reader.GetString(4)));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
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
        r.IsDBNull(6) ? null : Parse(r.GetString(6)), Parse(r.GetString(7)));

    internal static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
