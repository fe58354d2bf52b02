using Bunit;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Pages.Report;
using ClickCeop.Web.Reports;

namespace ClickCeop.Tests.Pages.Report;

public sealed class DangerBannerTests
{
    [Fact]
    public void A_child_in_danger_gets_the_emergency_number_first()
    {
        var html = Html.Render(DangerBanner.For(new DraftAnswers { Role = "parent-or-carer", Danger = "yes" }, "999", Html.EnglishWords));

        html.MarkupMatches("""
            <div class="danger-banner">
              <p>A child is in danger right now: call 999 now. You can finish this report after.</p>
            </div>
            """);
    }

    [Fact]
    public void A_young_person_in_danger_is_spoken_to_as_you()
    {
        var html = Html.Render(DangerBanner.For(new DraftAnswers { Role = "young-person", Danger = "yes" }, "999", Html.EnglishWords));

        Assert.Contains("<p>You said you are in danger right now: call 999 now. You can finish this report after.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_report_is_sent_it_says_not_to_wait_for_ceop()
    {
        var html = Html.Render(DangerBanner.For(SampleReports.Parent(Danger.Yes), "999", Html.EnglishWords));

        Assert.Contains("<p>A child is in danger right now: call 999 now. Do not wait for CEOP to contact you.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void No_danger_no_banner()
    {
        Assert.Equal("", Html.Render(DangerBanner.For(new DraftAnswers { Role = "young-person", Danger = "not-sure" }, "999", Html.EnglishWords)));
        Assert.Equal("", Html.Render(DangerBanner.For(SampleReports.Parent(Danger.No), "999", Html.EnglishWords)));
        Assert.Equal("", Html.Render(DangerBanner.For((ClickCeop.Web.Reports.Report?)null, "999", Html.EnglishWords)));
    }

    [Fact]
    public void The_number_is_encoded_as_text()
    {
        var html = Html.Render(DangerBanner.For(new DraftAnswers { Danger = "yes" }, "<b>112</b>", Html.EnglishWords));

        Assert.Contains("call &lt;b&gt;112&lt;/b&gt; now", html, StringComparison.Ordinal);
    }
}
