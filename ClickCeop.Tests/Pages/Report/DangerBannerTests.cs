using Bunit;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Pages.Report;

namespace ClickCeop.Tests.Pages.Report;

public sealed class DangerBannerTests
{
    [Fact]
    public void A_child_in_danger_gets_the_emergency_number_first()
    {
        var html = Html.Render(new DangerBanner(childInDanger: true, emergencyNumber: "999"));

        html.MarkupMatches("""
            <div class="danger-banner">
              <div class="width-container">
                <p>A child is in danger right now: call 999 now. You can finish this report after.</p>
              </div>
            </div>
            """);
    }

    [Fact]
    public void No_danger_no_banner()
    {
        Assert.Equal("", Html.Render(new DangerBanner(childInDanger: false, emergencyNumber: "999")));
    }

    [Fact]
    public void The_number_is_encoded_as_text()
    {
        var html = Html.Render(new DangerBanner(true, "<b>112</b>"));

        Assert.Contains("call &lt;b&gt;112&lt;/b&gt; now", html, StringComparison.Ordinal);
    }
}
