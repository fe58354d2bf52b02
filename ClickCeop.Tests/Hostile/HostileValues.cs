using System.Text;

namespace ClickCeop.Tests.Hostile;

/// <summary>
/// One hostile value for one field, already in application/x-www-form-urlencoded form, so bytes no browser would
/// send (invalid UTF-8, lone surrogates) can be put on the wire as they are.
/// </summary>
/// <param name="Decoded">What the server should read from <paramref name="Encoded"/>; null when the bytes are not valid UTF-8.</param>
public sealed record HostileValue(string Label, byte[] Encoded, string? Decoded)
{
    public static HostileValue Text(string label, string value) => new(label, Encoding.ASCII.GetBytes(Uri.EscapeDataString(value)), value);

    /// <summary>Raw bytes in the body: "a", the bytes, "b".</summary>
    public static HostileValue Raw(string label, params byte[] bytes) => new(label, [(byte)'a', .. bytes, (byte)'b'], null);

    /// <summary>Percent escapes of bytes that are not UTF-8: "a%ED%A0%80b".</summary>
    public static HostileValue Escaped(string label, string escapes) => new(label, Encoding.ASCII.GetBytes("a" + escapes + "b"), null);

    public override string ToString() => Label;
}

public static class HostileValues
{
    public const string Script = "<script>alert(1)</script>";
    public const string BreakOut = "\"'><img src=x onerror=alert(1)>";
    public const string Sql = "'; DROP TABLE reports;--";
    public const string RightToLeft = "invoice\u202Egnp.exe";
    public const string HeaderInjection = "x\r\nBcc: evil@example.org\r\nSubject: hijacked";

    /// <summary>Every value sent to every field. <paramref name="limit"/> is the field's own length limit.</summary>
    public static IEnumerable<HostileValue> For(int limit)
    {
        yield return HostileValue.Text("empty", "");
        yield return HostileValue.Text($"overlong ({limit * 100} characters)", new string('a', limit * 100));
        yield return HostileValue.Text("NUL and C0 controls", "a\0b\u0001\u0007\u0008\u000B\u000C\u001B\u007Fc");
        yield return HostileValue.Raw("lone surrogate as raw bytes", 0xED, 0xA0, 0x80);
        yield return HostileValue.Escaped("lone surrogate as %ED%A0%80", "%ED%A0%80");
        yield return HostileValue.Raw("invalid UTF-8 bytes", 0xC3, 0x28, 0xFF, 0xFE, 0xC0, 0xAF);
        yield return HostileValue.Escaped("invalid UTF-8 escapes", "%C3%28%FF%C0%AF");
        yield return HostileValue.Text("CR/LF", HeaderInjection);
        yield return HostileValue.Text("right-to-left override", RightToLeft);
        yield return HostileValue.Text("<script>", Script);
        yield return HostileValue.Text("attribute-breaking quotes", BreakOut);
        yield return HostileValue.Text("SQL metacharacters", Sql);
    }
}
