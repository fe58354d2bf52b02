using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Pages.Report;
using ClickCeop.Web.Pages.Report;

namespace ClickCeop.Tests.Reports;

/// <summary>The journey's limits are checked at start: none may refuse an answer the form itself invites.</summary>
public sealed class JourneyOptionsTests
{
    [Theory]
    // The narrative takes 5,000 characters; 1,024 bytes refused a story of about 1,000 letters with the 413 page.
    [InlineData("1024")]
    public void A_body_limit_below_the_longest_story_the_form_takes_stops_the_app_at_start(string maxBodyBytes)
    {
        Assert.Contains("MaxBodyBytes", StartFailure.RefusalOf("Journey:MaxBodyBytes", maxBodyBytes), StringComparison.Ordinal);
    }

    [Theory]
    // At 1 a child who spent 90 seconds writing what happened posted it to a forgotten draft and was sent to "your
    // answers were deleted". The README already asked for 5 or more: Chromium shows a page left for about 3 minutes
    // again on Back without asking the server, so a shorter lifetime ends before that page is dropped.
    [InlineData("1")]
    [InlineData("4")]
    public void A_draft_lifetime_under_five_minutes_stops_the_app_at_start(string minutes)
    {
        Assert.Contains("DraftLifetimeMinutes", StartFailure.RefusalOf("Journey:DraftLifetimeMinutes", minutes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_the_lowest_body_limit_the_longest_story_in_the_costliest_characters_is_taken()
    {
        using var host = new AppHost(new Dictionary<string, string?> { ["Journey:MaxBodyBytes"] = "49152" });
        var journey = new JourneyClient(host.CreateBrowserlessClient());
        await journey.StartAsync();
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        await journey.AnswerAsync("/report/what-is-happening", ("categories", "wants-to-meet"));
        await journey.AnswerAsync("/report/in-danger", ("danger", "no"));
        await journey.AnswerWhereWhoWhenAsync("Gamez", "xX_bad_Xx");
        var page = await journey.GetAsync("/report/what-happened");

        // Three bytes in UTF-8, nine once form-encoded (%E2%82%AC): the most a character the form counts as one costs.
        using var response = await journey.Client.SubmitAsync(page, FormPost.Fields(("narrative", new string('€', WhatHappenedModel.MaxNarrative))));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }
}
