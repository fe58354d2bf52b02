using Bunit;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Pages.Shared;

namespace ClickCeop.Tests.Pages.Shared;

/// <summary>The error summary and error message every form shares, rendered as the pages render them (the
/// app's HTML encoder) and compared as markup.</summary>
public sealed class ErrorComponentsTests
{
    private const string Hostile = "<script>alert(1)</script>\" onfocus=\"x";

    [Fact]
    public void The_summary_links_each_error_to_its_field_in_order()
    {
        var html = Html.Render(new ErrorSummary([("role", "Select who you are"), ("contact-email", "Enter an email address")], Html.EnglishWords));

        html.MarkupMatches("""
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
              <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
              <ul class="error-summary__list">
                <li><a href="#role">Select who you are</a></li>
                <li><a href="#contact-email">Enter an email address</a></li>
              </ul>
            </div>
            """);
    }

    [Fact]
    public void A_form_without_errors_has_no_summary_and_no_messages()
    {
        Assert.Equal("", Html.Render(new ErrorSummary([], Html.EnglishWords)));
        Assert.Equal("", Html.Render(new ErrorMessage("role", null, Html.EnglishWords)));
    }

    [Fact]
    public void The_message_has_the_id_its_field_is_described_by()
    {
        var html = Html.Render(new ErrorMessage("when", "Enter the date it happened", Html.EnglishWords));

        html.MarkupMatches("""<p class="error-message" id="when-error"><span class="visually-hidden">Error:</span> Enter the date it happened</p>""");
    }

    [Fact]
    public void Fields_and_messages_are_encoded_as_text()
    {
        var summary = Html.Parse(Html.Render(new ErrorSummary([(Hostile, Hostile)], Html.EnglishWords)));
        var message = Html.Parse(Html.Render(new ErrorMessage(Hostile, Hostile, Html.EnglishWords)));

        Assert.Empty(summary.QuerySelectorAll("script"));
        Assert.Empty(message.QuerySelectorAll("script"));
        var link = summary.QuerySelector(".error-summary__list a")!;
        Assert.Equal(Hostile, link.TextContent);
        Assert.Equal("#" + Hostile, link.GetAttribute("href"));
        Assert.Null(link.GetAttribute("onfocus"));
        var paragraph = message.QuerySelector("p.error-message")!;
        Assert.Equal(Hostile + "-error", paragraph.Id);
        Assert.Equal("Error: " + Hostile, paragraph.TextContent);
    }
}
