namespace ClickCeop.Web.Officers;

/// <summary>What can happen to a duty officer's account; stored in officer_events as kebab-case codes.</summary>
public enum OfficerEvent
{
    Created,
    OneTimePasswordReset,
    Disabled,
    WrongPassword,
    WrongCode,
    LockedOut,
    /// <summary>A sign-in the account could not make (locked, disabled, or its one-time password expired).</summary>
    Refused,
    PasswordChosen,
    AuthenticatorSetUp,
    SignedIn,
    SignedOut,
    /// <summary>A well-formed reference searched for in the console that no report has: misses are what guessing leaves.</summary>
    ReferenceNotFound,
    /// <summary>A disabled account enabled again from the command line, with a new one-time password.</summary>
    Enabled,
}

public sealed record OfficerEventEntry(DateTimeOffset At, OfficerEvent Event, string? Detail);

/// <summary>For the console's front page: the sign-in before this one, and the failed attempts since it.</summary>
public sealed record LastSignIn(DateTimeOffset At, int FailedAttemptsSince);
