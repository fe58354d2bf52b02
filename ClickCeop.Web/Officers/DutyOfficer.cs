namespace ClickCeop.Web.Officers;

/// <summary>A duty officer's account as the console needs it. The password hash and TOTP secrets never leave the store.</summary>
public sealed record DutyOfficer(
    string Id,
    string Email,
    string DisplayName,
    bool MustChangePassword,
    bool TotpEnrolled,
    bool Disabled,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    // How many times `officers reset` has run for the account: a sign-in begun before the latest one is void.
    long Resets,
    // How many passwords the officer has chosen: a sign-in begun with a one-time password since replaced is void.
    long PasswordsChosen);

/// <summary>Where a password check leaves the sign-in.</summary>
public enum PasswordCheck
{
    /// <summary>Wrong email, wrong password, locked or disabled: deliberately one answer, so nobody learns which.</summary>
    Rejected,
    Accepted,
}

public enum CodeCheck
{
    Rejected,
    Accepted,
}
