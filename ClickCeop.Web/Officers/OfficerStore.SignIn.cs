using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using OtpNet;

namespace ClickCeop.Web.Officers;

/// <summary>
/// The sign-in checks: password, authenticator code, enrolment, and the lockout they share. Every failure path looks
/// the same from outside (same answer, a password hash verified either way), so the form never reveals whether an
/// email address has an account, is locked or is disabled.
/// </summary>
public sealed partial class OfficerStore
{
    private const int TotpStepSeconds = 30;

    /// <summary>
    /// The first sign-in step. A failure counts towards the lockout whichever step it happens at. Each check first
    /// takes one of the account's attempts (a short write), then verifies the hash outside any write lock (PBKDF2 is
    /// deliberately slow and reports must not wait on it), then gives the attempt back if the password was right: so
    /// however many guesses arrive at once, no more than MaxFailedAttempts are ever verified before the lock. From a
    /// known browser of the officer's (<paramref name="browserId"/>) the attempts are the browser's, not the account's.
    /// </summary>
    public async Task<(PasswordCheck Result, DutyOfficer? Officer)> CheckPasswordAsync(string? email, string? password, string? browserId = null,
        CancellationToken cancellationToken = default)
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
            // No issue time: made by a build from before migration 0007 (started on a newer database); such a password
            // counts from when the account was made, as 0007 counted it, rather than working for ever.
            command.CommandText = $"SELECT {Columns}, password_hash, COALESCE(one_time_password_issued_at, created_at) FROM officers WHERE email = $email";
            command.Parameters.AddWithValue("$email", email);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                officer = Read(reader);
                hash = reader.GetString(10);
                oneTimeIssuedAt = reader.IsDBNull(11) ? null : Parse(reader.GetString(11));
            }
        }

        var now = time.GetUtcNow();
        var expired = officer is { MustChangePassword: true } && oneTimeIssuedAt + Options.OneTimePasswordLifetime <= now;
        var attempts = officer is null ? null : await AttemptsAsync(connection, null, officer.Id, officer.LockedUntil, browserId, now, cancellationToken);
        var attempt = officer is null || attempts is null || expired ? null : await TakeAttemptAsync(connection, officer.Id, attempts, now, cancellationToken);
        // Verified on every path, a decoy when there is nothing to check, so no path is quicker than another.
        var verified = Hasher.VerifyHashedPassword(null!, attempt is null ? DecoyHash : hash!, password) != PasswordVerificationResult.Failed;
        if (officer is null)
        {
            log.LogInformation("Officer sign-in refused: no account has that email address");
            return (PasswordCheck.Rejected, null);
        }
        if (expired)
        {
            await RecordAsync(connection, officer.Id, OfficerEvent.Refused, "one-time password expired", cancellationToken);
            log.LogWarning("Officer sign-in refused for {OfficerId}: the one-time password has expired (officers reset gives a new one)", officer.Id);
            return (PasswordCheck.Rejected, null);
        }
        if (attempt is null || attempts is null)
        {
            await RecordAsync(connection, officer.Id, OfficerEvent.Refused, Refusal(officer.Disabled, attempts?.LockedUntil, now) ?? "locked", cancellationToken);
            log.LogWarning("Officer sign-in refused for {OfficerId}: the account is locked or disabled", officer.Id);
            return (PasswordCheck.Rejected, null);
        }
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        if (verified)
        {
            await GiveBackAttemptAsync(connection, transaction, attempts, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            log.LogInformation("Officer {OfficerId} passed the password step", officer.Id);
            return (PasswordCheck.Accepted, officer);
        }
        await RecordAsync(connection, transaction, officer.Id, OfficerEvent.WrongPassword, now, cancellationToken, AttemptDetail(attempt.Value, attempts));
        if (attempt >= Options.MaxFailedAttempts)
        {
            await LockAsync(connection, transaction, officer.Id, attempts, now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        log.LogWarning("Officer sign-in refused for {OfficerId}: wrong password (attempt {Attempt} of {MaxFailedAttempts})",
            officer.Id, attempt, Options.MaxFailedAttempts);
        return (PasswordCheck.Rejected, null);
    }

    /// <summary>
    /// The second step: a current TOTP code (one step of drift either way), accepted once only. Failures count
    /// towards the same lockout as wrong passwords: the known browser's, from one (<paramref name="browserId"/>).
    /// </summary>
    public async Task<CodeCheck> CheckCodeAsync(string officerId, string? code, string? browserId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var now = time.GetUtcNow();
        if (await CodeSecretAsync(connection, transaction, officerId, enrolling: false, browserId, now, cancellationToken) is not { } secret)
        {
            return CodeCheck.Rejected;
        }
        var step = MatchStep(secret.Secret, code, now);
        if (step is null || step <= secret.LastStep)
        {
            await RecordFailureAsync(connection, transaction, officerId, secret.Attempts, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return CodeCheck.Rejected;
        }
        await ExecuteAsync(connection, transaction, "UPDATE officers SET last_totp_step = $step, failed_attempts = 0 WHERE id = $id",
            cancellationToken, ("$step", step.Value), ("$id", officerId));
        if (secret.Attempts.KnownBrowser)
        {
            await ExecuteAsync(connection, transaction, "UPDATE officer_browsers SET failed_attempts = 0 WHERE id = $id", cancellationToken, ("$id", secret.Attempts.Id));
        }
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
        var now = time.GetUtcNow();
        // Only a first sign-in or one after a reset sets up an app, and no browser is known to either.
        if (await CodeSecretAsync(connection, transaction, officerId, enrolling: true, browserId: null, now, cancellationToken) is not { } pending)
        {
            return CodeCheck.Rejected;
        }
        var step = MatchStep(pending.Secret, code, now);
        if (step is null)
        {
            await RecordFailureAsync(connection, transaction, officerId, pending.Attempts, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return CodeCheck.Rejected;
        }
        await ExecuteAsync(connection, transaction, """
            UPDATE officers SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, last_totp_step = $step, failed_attempts = 0
             WHERE id = $id
            """, cancellationToken, ("$step", step.Value), ("$id", officerId));
        await RecordAsync(connection, transaction, officerId, OfficerEvent.AuthenticatorSetUp, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        log.LogInformation("Officer {OfficerId} set up an authenticator app", officerId);
        return CodeCheck.Accepted;
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

    private async Task RecordFailureAsync(SqliteConnection connection, SqliteTransaction transaction, string officerId, Attempts attempts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE {attempts.Table} SET failed_attempts = failed_attempts + 1 WHERE id = $id RETURNING failed_attempts";
        command.Parameters.AddWithValue("$id", attempts.Id);
        var attempt = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await RecordAsync(connection, transaction, officerId, OfficerEvent.WrongCode, now, cancellationToken, AttemptDetail(attempt, attempts));
        log.LogWarning("Officer sign-in refused for {OfficerId}: wrong authenticator code (attempt {Attempt} of {MaxFailedAttempts})",
            officerId, attempt, Options.MaxFailedAttempts);
        if (attempt >= Options.MaxFailedAttempts)
        {
            await LockAsync(connection, transaction, officerId, attempts, now, cancellationToken);
        }
    }

    private static string? Refusal(bool disabled, DateTimeOffset? lockedUntil, DateTimeOffset now) =>
        disabled ? "disabled" : lockedUntil > now ? "locked" : null;

    /// <summary>
    /// The secret a code is checked against: the app's, or the one being set up when <paramref name="enrolling"/>.
    /// Null when the account may not take a code now; a known account's refusal is recorded and committed. With the
    /// secret, where the code's wrong attempts are counted.
    /// </summary>
    private static async Task<(string Secret, long LastStep, Attempts Attempts)?> CodeSecretAsync(SqliteConnection connection, SqliteTransaction transaction,
        string officerId, bool enrolling, string? browserId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await ReadSecretsAsync(connection, transaction, officerId, cancellationToken) is not { } state)
        {
            return null;
        }
        var secret = enrolling ? state.PendingSecret : state.Secret;
        var attempts = await AttemptsAsync(connection, transaction, officerId, state.LockedUntil, browserId, now, cancellationToken);
        var refusal = Refusal(state.Disabled, attempts.LockedUntil, now);
        if (refusal is null && secret is not null)
        {
            return (secret, state.LastStep, attempts);
        }
        await RecordAsync(connection, transaction, officerId, OfficerEvent.Refused, now, cancellationToken,
            refusal ?? (enrolling ? "no authenticator being set up" : "no authenticator set up"));
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    private async Task LockAsync(SqliteConnection connection, SqliteTransaction transaction, string officerId, Attempts attempts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var until = Iso(now + Options.LockoutDuration);
        await ExecuteAsync(connection, transaction, $"UPDATE {attempts.Table} SET locked_until = $until, failed_attempts = 0 WHERE id = $id",
            cancellationToken, ("$until", until), ("$id", attempts.Id));
        await RecordAsync(connection, transaction, officerId, OfficerEvent.LockedOut, now, cancellationToken, (attempts.KnownBrowser ? "known browser, until " : "until ") + until);
        log.LogWarning("Officer {OfficerId} locked out{Where} for {LockoutDuration} after {MaxFailedAttempts} failed attempts",
            officerId, attempts.KnownBrowser ? " on a known browser" : "", Options.LockoutDuration, Options.MaxFailedAttempts);
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
}
