using ClickCeop.Web.Reports;

namespace ClickCeop.Tests.Reports;

/// <summary>
/// The codes reports, drafts, forms and the audit trail hold. Each is made from its C# member's name, so this list is
/// what keeps them: renaming a member would otherwise leave every stored row unreadable (Codes.Parse throws in the
/// console) and every draft in flight without its answer. A new member adds a line here; an old code never changes.
/// </summary>
public sealed class CodesTests
{
    [Fact]
    public void Stored_codes_never_change()
    {
        Assert.Equal(["young-person", "parent-or-carer", "worried-adult", "professional", "young-person-for-a-friend"], CodesOf<ReporterRole>());
        Assert.Equal(
            ["asked-for-sexual-images", "sent-sexual-messages", "wants-to-meet", "threat-to-share-images", "sexual-talk",
             "bullying", "hacked-or-fake-account", "saw-sexual-images-of-children", "something-else"],
            CodesOf<Category>());
        Assert.Equal(["yes", "no", "not-sure"], CodesOf<Danger>());
        Assert.Equal(["new", "acknowledged", "in-progress", "referred", "closed"], CodesOf<ReportStatus>());
    }

    [Fact]
    public void Every_code_reads_back_as_its_value_and_nothing_else_does()
    {
        foreach (var role in Enum.GetValues<ReporterRole>()) Assert.Equal(role, Codes.Parse<ReporterRole>(Codes.Of(role)));
        Assert.False(Codes.TryParse<ReporterRole>("YoungPerson", out _));
        Assert.False(Codes.TryParse<Category>("0", out _));
        Assert.Throws<FormatException>(() => Codes.Parse<Danger>("maybe"));
    }

    private static string[] CodesOf<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Codes.Of).ToArray();
}
