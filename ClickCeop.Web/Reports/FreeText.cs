using System.Text;

namespace ClickCeop.Web.Reports;

/// <summary>What the reporter typed, kept exactly, minus control characters (newline and tab stay).</summary>
public static class FreeText
{
    public static string Clean(string? value, bool singleLine)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                builder.Append(singleLine && (c == '\n' || c == '\t') ? ' ' : c);
            }
        }
        // A single-line answer loses the spaces around it; a narrative is kept as typed.
        return singleLine ? builder.ToString().Trim() : builder.ToString();
    }
}
