using System.Security.Cryptography;

namespace ClickCeop.Web.Reports;

/// <summary>
/// Reference numbers like CEOP-7KQ4-M2XD: eight random characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L, U), about 39 bits, so they are short to read out on the phone yet not guessable or sequential.
/// </summary>
public static class ReferenceNumber
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> chars = stackalloc char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return $"CEOP-{chars[..4]}-{chars[4..]}";
    }

    public static bool IsWellFormed(string? value) =>
        value is { Length: 14 }
        && value.StartsWith("CEOP-", StringComparison.Ordinal)
        && value[9] == '-'
        && value.AsSpan(5, 4).IndexOfAnyExcept(Alphabet) < 0
        && value.AsSpan(10, 4).IndexOfAnyExcept(Alphabet) < 0;

    /// <summary>
    /// A reference as someone read it out or typed it: any case, with or without "CEOP", spaces or dashes
    /// ("ceop 7kq4 m2xd", "7KQ4M2XD"). Null when it cannot be a reference.
    /// </summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null || typed.Length > 40)
        {
            return null;
        }
        var compact = string.Concat(typed.Where(c => !char.IsWhiteSpace(c) && c != '-')).ToUpperInvariant();
        if (compact.StartsWith("CEOP", StringComparison.Ordinal))
        {
            compact = compact[4..];
        }
        var reference = compact.Length == 8 ? $"CEOP-{compact[..4]}-{compact[4..]}" : null;
        return IsWellFormed(reference) ? reference : null;
    }

    /// <summary>A random id for links (console, receipts): 128 bits, URL-safe, never derived from a row number.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
