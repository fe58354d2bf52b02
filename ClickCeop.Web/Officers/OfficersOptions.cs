using System.ComponentModel.DataAnnotations;

namespace ClickCeop.Web.Officers;

/// <summary>Session and lockout limits for the console (appsettings "Officers"). The defaults are what issue 5 asks for.</summary>
public sealed class OfficersOptions
{
    public const string Section = "Officers";

    /// <summary>At least 5 minutes: Chromium shows a report page left for about 3 minutes on Back without asking.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "04:00:00", ErrorMessage = "Officers:IdleTimeout must be between 00:05:00 and 04:00:00.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    [Range(typeof(TimeSpan), "00:05:00", "24:00:00")]
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(8);

    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "24:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Sign-in form posts (password, code, new password, enrolment) one client address may make per window, whatever
    /// the accounts: the lockout guards each account, this slows one place guessing at all of them or locking them out.
    /// </summary>
    [Range(5, 10_000)]
    public int SignInPostsPerAddress { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:01:00", "24:00:00")]
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a one-time password from `officers add` or `officers reset` opens the account.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan OneTimePasswordLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How long a browser an officer fully signed in on stays known (each sign-in on it starts the time again): its
    /// sign-ins count their own wrong attempts, so a lock-out by anyone else does not keep the officer out.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "400.00:00:00")]
    public TimeSpan KnownBrowserLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The name an authenticator app shows next to the code.</summary>
    /// <remarks>
    /// It goes twice, percent-encoded, into the otpauth link the set-up page draws as a QR code. Much longer and the
    /// link no longer fits in one, and the set-up page failed for every new officer.
    /// </remarks>
    [Required]
    [StringLength(64, ErrorMessage = "Officers:Issuer must be at most 64 characters: it goes into the authenticator's QR code.")]
    public string Issuer { get; set; } = "ClickCeop";
}
