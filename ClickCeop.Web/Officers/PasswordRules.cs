using System.Reflection;

namespace ClickCeop.Web.Officers;

/// <summary>
/// Length over complexity (NCSC / NIST 800-63B): at least 12 characters and not one of the common passwords
/// shipped in Officers/common-passwords.txt, nor repetitive or sequential (800-63B names "aaaaaa" and "1234abcd"):
/// twelve characters of one key, a pattern of a few, or a run like "abcdefghijkl". No composition rules, which only
/// produce "Password1!".
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 256;

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public static int CommonPasswordCount => Common.Value.Count;

    /// <summary>Null when acceptable, else the message to show next to the field.</summary>
    public static string? Problem(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Enter a new password";
        }
        if (password.Length < MinimumLength)
        {
            return $"Password must be {MinimumLength} characters or more";
        }
        if (password.Length > MaximumLength)
        {
            return $"Password must be {MaximumLength} characters or fewer";
        }
        if (IsCommon(password))
        {
            return "Password is too common. Choose a longer phrase that only you would use";
        }
        if (IsRepetitiveOrSequential(password))
        {
            return "Password is too easy to guess: it repeats a few characters or runs in order. Choose a longer phrase that only you would use";
        }
        if (email is not null && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
        {
            return "Password must not contain your email address";
        }
        return null;
    }

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    /// <summary>Fewer than five different characters, or every character one step on from the last (up or down).</summary>
    public static bool IsRepetitiveOrSequential(string password)
    {
        if (password.Distinct().Count() < 5)
        {
            return true;
        }
        var step = password[1] - password[0];
        if (step is not (1 or -1))
        {
            return false;
        }
        for (var i = 2; i < password.Length; i++)
        {
            if (password[i] - password[i - 1] != step) return false;
        }
        return true;
    }

    private static HashSet<string> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream("ClickCeop.Web.Officers.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-passwords list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line);
            }
        }
        return set;
    }
}
