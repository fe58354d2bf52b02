namespace ClickCeop.Web.Reports;

public enum Step
{
    WhoAreYou,
    WhatIsHappening,
    Advice,
    SexualImagesOfChildren,
    InDanger,
    Where,
    OtherPerson,
    WhenItStarted,
    WhatHappened,
    AboutTheChild,
    AboutYou,
    Contact,
    CheckAnswers,
}

/// <summary>
/// The order of the questions and the routing between them, decided from the answers alone, so a page reached
/// out of order (an old bookmark, a replayed POST) is sent to the first question still unanswered.
/// </summary>
public static class Journey
{
    public const string Start = "/report";
    public const string Confirmation = "/report/confirmation";
    public const string AnswersDeleted = "/report/answers-deleted";
    public const string StartedAgain = "/report/started-again";

    /// <summary>
    /// Where a page goes when the browser's draft is not found: the start page for a browser that never began one, a
    /// page that says the answers were deleted for one whose cookie names a draft that expired or was deleted.
    /// </summary>
    public static string WithoutDraft(string? draftCookie) => string.IsNullOrEmpty(draftCookie) ? Start : AnswersDeleted;

    private static readonly Category[] CeopCategories =
    [
        Category.AskedForSexualImages, Category.SentSexualMessages, Category.WantsToMeet, Category.ThreatToShareImages,
        Category.SexualTalk, Category.SomethingElse,
    ];

    public static string PathOf(Step step) => "/report/" + Codes.Of(step);

    public static string ChangePathOf(Step step) => PathOf(step) + "/change";

    /// <summary>Nothing for CEOP ticked, but bullying or a hacked/fake account: advice first, with a way on.</summary>
    public static bool NeedsAdvice(DraftAnswers a)
    {
        var categories = a.ParsedCategories();
        return categories.Count > 0 && !categories.Any(CeopCategories.Contains)
            && (categories.Contains(Category.Bullying) || categories.Contains(Category.HackedOrFakeAccount));
    }

    /// <summary>Only "I saw sexual pictures of children online": that is for the IWF, with a way on.</summary>
    public static bool NeedsIwf(DraftAnswers a) =>
        a.ParsedCategories() is [Category.SawSexualImagesOfChildren];

    /// <summary>Whether the step is part of this reporter's journey at all.</summary>
    public static bool Applies(Step step, DraftAnswers a) => step switch
    {
        Step.Advice => NeedsAdvice(a),
        Step.SexualImagesOfChildren => NeedsIwf(a),
        Step.AboutTheChild => !a.IsYoungPerson,
        _ => true,
    };

    public static bool IsAnswered(Step step, DraftAnswers a) => step switch
    {
        Step.WhoAreYou => a.Role is not null,
        Step.WhatIsHappening => a.Categories is { Count: > 0 },
        Step.Advice => a.AdviceSeen,
        Step.SexualImagesOfChildren => a.IwfSeen,
        Step.InDanger => a.Danger is not null,
        Step.Where => a.Platform is not null,
        Step.OtherPerson => a.OtherPerson is { Count: > 0 },
        Step.WhenItStarted => a.StartedWhenDone,
        Step.WhatHappened => a.Narrative is not null,
        Step.AboutTheChild => a.ChildFirstName is not null,
        Step.AboutYou => a.AboutYouDone && a.ReporterName is not null && (!a.IsUnder18 || a.ReporterAge is not null),
        Step.Contact => a.ContactDone && (a.Email is not null || a.Phone is not null),
        Step.CheckAnswers => false,
        _ => false,
    };

    /// <summary>The first step of this journey still unanswered; CheckAnswers when all are.</summary>
    public static Step FirstUnanswered(DraftAnswers a) =>
        Enum.GetValues<Step>().First(step => Applies(step, a) && !IsAnswered(step, a));

    /// <summary>A step may be shown once every step before it is answered, and only if it applies.</summary>
    public static bool CanShow(Step step, DraftAnswers a) => Applies(step, a) && step <= FirstUnanswered(a);

    public static Step Next(Step step, DraftAnswers a) =>
        Enum.GetValues<Step>().First(s => s > step && Applies(s, a));

    /// <summary>Where the back link goes: the previous step of this journey, or the start page.</summary>
    public static string BackPathOf(Step step, DraftAnswers a)
    {
        var previous = Enum.GetValues<Step>().Where(s => s < step && Applies(s, a)).ToList();
        return previous.Count == 0 ? Start : PathOf(previous[^1]);
    }

    /// <summary>
    /// After a change from check answers: back there, unless the change opened a question not yet answered, which is
    /// asked as a change too, so answering it goes back to check answers rather than through the journey again.
    /// </summary>
    public static string AfterChange(DraftAnswers a)
    {
        var next = FirstUnanswered(a);
        return next == Step.CheckAnswers ? PathOf(next) : ChangePathOf(next);
    }

    /// <summary>
    /// Where a change page's back link goes: check answers, or, on a question a change opened (check answers cannot
    /// be shown yet), the change page of the question before it.
    /// </summary>
    public static string ChangeBackPathOf(Step step, DraftAnswers a)
    {
        if (FirstUnanswered(a) == Step.CheckAnswers) return PathOf(Step.CheckAnswers);
        var previous = Enum.GetValues<Step>().Where(s => s < step && Applies(s, a)).ToList();
        return previous.Count == 0 ? Start : ChangePathOf(previous[^1]);
    }
}
