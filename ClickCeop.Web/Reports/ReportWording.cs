namespace ClickCeop.Web.Reports;

/// <summary>
/// How a report's answers are named to duty officers, in the console and in the alert alike, so an officer matching
/// an email to the queue reads the same words. Every value has its own words (ReportWordingTests): a catch-all would
/// name a category or role added later as some other one.
/// </summary>
public static class ReportWording
{
    public static string Of(Category category) => category switch
    {
        Category.AskedForSexualImages => "Asked for sexual images",
        Category.SentSexualMessages => "Sent sexual messages",
        Category.WantsToMeet => "Wants to meet",
        Category.ThreatToShareImages => "Threat to share images",
        Category.SexualTalk => "Sexual talk",
        Category.Bullying => "Bullying",
        Category.HackedOrFakeAccount => "Hacked or fake account",
        Category.SawSexualImagesOfChildren => "Saw sexual images of children",
        Category.SomethingElse => "Something else",
        _ => Codes.Of(category),
    };

    public static string Of(ReporterRole role) => role switch
    {
        ReporterRole.YoungPerson => "Young person (about themselves)",
        ReporterRole.YoungPersonForAFriend => "Young person (about a friend)",
        ReporterRole.ParentOrCarer => "Parent or carer",
        ReporterRole.WorriedAdult => "Worried adult",
        ReporterRole.Professional => "Professional",
        _ => Codes.Of(role),
    };
}
