using ClickCeop.Web.Reports;

namespace ClickCeop.Tests.Infrastructure;

/// <summary>Complete, valid reports for tests that need one without walking the journey.</summary>
public static class SampleReports
{
    public static Report YoungPerson(Danger danger = Danger.No, string? partner = "example-social") => new()
    {
        Id = ReferenceNumber.NewId(),
        Reference = ReferenceNumber.New(),
        ReceivedAt = new DateTimeOffset(2026, 11, 28, 16, 5, 0, TimeSpan.Zero),
        Partner = partner,
        ReporterRole = ReporterRole.YoungPerson,
        Categories = [Category.AskedForSexualImages, Category.WantsToMeet],
        Danger = danger,
        Platform = "Example Social",
        OtherPersonIdentifiers = ["@stranger_42", "https://example.social/u/stranger_42"],
        StartedWhen = "Last week",
        Narrative = "He keeps asking me for pictures and says he will come to my school.",
        Reporter = new ReporterDetails("Sam", 12),
        Contact = new ContactPreferences("sam@example.org", null, TextSafe: false, VoicemailSafe: false, SafeTimes: "After 4pm on weekdays"),
    };

    public static Report Parent(Danger danger = Danger.NotSure) => YoungPerson(danger) with
    {
        ReporterRole = ReporterRole.ParentOrCarer,
        Child = new ChildDetails("Alex", 11),
        Reporter = new ReporterDetails("Jo Bloggs", null),
        Contact = new ContactPreferences(null, "07700 900123", TextSafe: true, VoicemailSafe: true, SafeTimes: null),
    };
}
