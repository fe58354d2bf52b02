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

/// <summary>What choosing a new password did.</summary>
public enum PasswordChange
{
    Changed,
    /// <summary>The new password is the one it would replace: for a first sign-in, the one-time password read out over the phone.</summary>
    SameAsBefore,
    /// <summary>Reset, disabled or given another password since the sign-in was checked: nothing saved.</summary>
    AccountChanged,
}

public enum CodeCheck
{
    Rejected,
    Accepted,
}
