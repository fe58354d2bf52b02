namespace ClickCeop.Web.Reports;

/// <summary>A report as the reporter submitted it. Free text is kept exactly as typed (after control characters are stripped).</summary>
public sealed record Report
{
    public required string Id { get; init; }
    public required string Reference { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public string Language { get; init; } = "en";
    public string? Partner { get; init; }
    public required ReporterRole ReporterRole { get; init; }
    public required IReadOnlyList<Category> Categories { get; init; }
    public required Danger Danger { get; init; }
    public bool ImmediateRisk => Danger == Danger.Yes;
    public required string Platform { get; init; }
    public required IReadOnlyList<string> OtherPersonIdentifiers { get; init; }
    public string? StartedWhen { get; init; }
    public required string Narrative { get; init; }
    /// <summary>Null when the reporter is the child.</summary>
    public ChildDetails? Child { get; init; }
    public required ReporterDetails Reporter { get; init; }
    public required ContactPreferences Contact { get; init; }
    public ReportStatus Status { get; init; } = ReportStatus.New;
}

public sealed record ChildDetails(string FirstName, int? Age);

public sealed record ReporterDetails(string Name, int? Age);

public sealed record ContactPreferences(string? Email, string? Phone, bool TextSafe, bool VoicemailSafe, string? SafeTimes);

public enum ReporterRole
{
    YoungPerson,
    ParentOrCarer,
    WorriedAdult,
    Professional,
    /// <summary>Under 18, worried about a friend: a child's words and own age, and the friend's details as the child's.</summary>
    YoungPersonForAFriend,
}

public static class ReporterRoles
{
    /// <summary>The reporter is under 18: asked their own age, never sent to the adults' helpline.</summary>
    public static bool IsUnder18(this ReporterRole role) => role is ReporterRole.YoungPerson or ReporterRole.YoungPersonForAFriend;
}

public enum Category
{
    AskedForSexualImages,
    SentSexualMessages,
    WantsToMeet,
    ThreatToShareImages,
    SexualTalk,
    Bullying,
    HackedOrFakeAccount,
    SawSexualImagesOfChildren,
    SomethingElse,
}

public enum Danger
{
    Yes,
    No,
    NotSure,
}

public enum ReportStatus
{
    New,
    Acknowledged,
    InProgress,
    Referred,
    Closed,
}
