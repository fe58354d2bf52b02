using ClickCeop.Web.Reports;

namespace ClickCeop.Tests.Reports;

public sealed class JourneyRoutingTests
{
    private static DraftAnswers With(string role, params Category[] categories) =>
        new() { Role = Codes.Of(Enum.Parse<ReporterRole>(role)), Categories = categories.Select(Codes.Of).ToList() };

    [Theory]
    [InlineData(new[] { Category.Bullying }, Step.Advice)]
    [InlineData(new[] { Category.HackedOrFakeAccount, Category.Bullying }, Step.Advice)]
    [InlineData(new[] { Category.Bullying, Category.WantsToMeet }, Step.InDanger)]
    [InlineData(new[] { Category.SawSexualImagesOfChildren }, Step.SexualImagesOfChildren)]
    [InlineData(new[] { Category.SawSexualImagesOfChildren, Category.AskedForSexualImages }, Step.InDanger)]
    [InlineData(new[] { Category.SomethingElse }, Step.InDanger)]
    public void What_is_happening_routes_to_advice_the_iwf_or_on(Category[] categories, Step expected)
    {
        Assert.Equal(expected, Journey.Next(Step.WhatIsHappening, With(nameof(ReporterRole.YoungPerson), categories)));
    }

    [Fact]
    public void About_the_child_is_skipped_only_for_the_child()
    {
        Assert.Equal(Step.AboutYou, Journey.Next(Step.WhatHappened, With(nameof(ReporterRole.YoungPerson), Category.WantsToMeet)));
        Assert.Equal(Step.AboutTheChild, Journey.Next(Step.WhatHappened, With(nameof(ReporterRole.ParentOrCarer), Category.WantsToMeet)));
        Assert.Equal("/report/what-happened", Journey.BackPathOf(Step.AboutYou, With(nameof(ReporterRole.YoungPerson), Category.WantsToMeet)));
    }

    [Fact]
    public void A_step_after_the_first_unanswered_cannot_be_shown()
    {
        var answers = With(nameof(ReporterRole.YoungPerson), Category.WantsToMeet);
        Assert.Equal(Step.InDanger, Journey.FirstUnanswered(answers));
        Assert.True(Journey.CanShow(Step.WhoAreYou, answers));
        Assert.True(Journey.CanShow(Step.InDanger, answers));
        Assert.False(Journey.CanShow(Step.Where, answers));
        Assert.False(Journey.CanShow(Step.Advice, answers));
        Assert.Equal(Step.WhoAreYou, Journey.FirstUnanswered(new DraftAnswers()));
    }

    [Fact]
    public void Where_who_and_when_are_asked_one_at_a_time_and_an_empty_when_counts_as_answered()
    {
        var answers = With(nameof(ReporterRole.YoungPerson), Category.WantsToMeet);
        answers.Danger = Codes.Of(Danger.No);
        Assert.Equal(Step.Where, Journey.FirstUnanswered(answers));
        answers.Platform = "Gamez";
        Assert.Equal(Step.OtherPerson, Journey.FirstUnanswered(answers));
        Assert.Equal("/report/where", Journey.BackPathOf(Step.OtherPerson, answers));
        answers.OtherPerson = ["xX_bad_Xx"];
        Assert.Equal(Step.WhenItStarted, Journey.FirstUnanswered(answers));
        Assert.False(Journey.CanShow(Step.WhatHappened, answers));
        answers.StartedWhenDone = true;
        Assert.Null(answers.StartedWhen);
        Assert.Equal(Step.WhatHappened, Journey.FirstUnanswered(answers));
        Assert.Equal("/report/when-it-started", Journey.BackPathOf(Step.WhatHappened, answers));
    }
}
