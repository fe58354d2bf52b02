using ClickCeop.Web.Reports;

namespace ClickCeop.Tests.Reports;

public sealed class ReportWordingTests
{
    /// <summary>A value without its own words would reach an officer as a bare code (or, with a catch-all, as another value).</summary>
    [Fact]
    public void Every_category_and_role_has_its_own_words_for_officers()
    {
        var categories = Enum.GetValues<Category>().Select(ReportWording.Of).ToList();
        var roles = Enum.GetValues<ReporterRole>().Select(ReportWording.Of).ToList();

        Assert.Equal(categories.Count, categories.Distinct().Count());
        Assert.Equal(roles.Count, roles.Distinct().Count());
        Assert.All(Enum.GetValues<Category>(), category => Assert.NotEqual(Codes.Of(category), ReportWording.Of(category)));
        Assert.All(Enum.GetValues<ReporterRole>(), role => Assert.NotEqual(Codes.Of(role), ReportWording.Of(role)));
    }
}
