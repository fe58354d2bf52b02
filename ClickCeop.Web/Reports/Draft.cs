using System.Security.Cryptography;
using System.Text;

namespace ClickCeop.Web.Reports;

/// <summary>A report being written. Lives server-side; the browser holds only its random id in a session cookie.</summary>
public sealed class Draft
{
    public required string Id { get; init; }
    public string? Partner { get; init; }
    public DraftAnswers Answers { get; set; } = new();
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set once the report is committed; the answers are wiped at the same time.</summary>
    public string? SubmittedReference { get; set; }

    /// <summary>
    /// Names this draft in the hidden field of each question's form, so an answer from a tab still showing an older
    /// draft is not saved into this one. A hash, not the id: the id in the cookie opens the answers, and a page's
    /// source is no place for it; the hash opens nothing and cannot be turned back into the id.
    /// </summary>
    public string Marker => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Id)))[..16];
}

/// <summary>Answers as the reporter gave them, exactly as typed (after control characters are stripped). Codes are kebab-case.</summary>
public sealed class DraftAnswers
{
    public string? Role { get; set; }
    public List<string>? Categories { get; set; }
    public bool AdviceSeen { get; set; }
    public bool IwfSeen { get; set; }
    public string? Danger { get; set; }
    public string? Platform { get; set; }
    public List<string>? OtherPerson { get; set; }
    public string? StartedWhen { get; set; }
    public bool StartedWhenDone { get; set; }
    public string? Narrative { get; set; }
    public string? ChildFirstName { get; set; }
    public int? ChildAge { get; set; }
    public string? ReporterName { get; set; }
    public int? ReporterAge { get; set; }
    public bool AboutYouDone { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public bool? TextSafe { get; set; }
    public bool? VoicemailSafe { get; set; }
    public string? SafeTimes { get; set; }
    public bool ContactDone { get; set; }

    /// <summary>A young person reporting about themselves: "you" is the child the report is about.</summary>
    public bool IsYoungPerson => Role == Codes.Of(ReporterRole.YoungPerson);

    /// <summary>A young person reporting about a friend: the friend is the child.</summary>
    public bool IsForAFriend => Role == Codes.Of(ReporterRole.YoungPersonForAFriend);

    public bool IsUnder18 => IsYoungPerson || IsForAFriend;

    public bool InDanger => Danger == Codes.Of(Reports.Danger.Yes);

    public IReadOnlyList<Category> ParsedCategories() =>
        (Categories ?? []).Select(c => Codes.TryParse<Category>(c, out var v) ? (Category?)v : null).OfType<Category>().ToList();

    /// <summary>The report these answers make, once the journey is complete.</summary>
    public Report ToReport(string? partner, DateTimeOffset receivedAt, string language) => new()
    {
        Id = ReferenceNumber.NewId(),
        Reference = ReferenceNumber.New(),
        ReceivedAt = receivedAt,
        Language = language,
        Partner = partner,
        ReporterRole = Codes.Parse<ReporterRole>(Role!),
        Categories = ParsedCategories(),
        Danger = Codes.Parse<Danger>(Danger!),
        Platform = Platform!,
        OtherPersonIdentifiers = OtherPerson ?? [],
        StartedWhen = StartedWhen,
        Narrative = Narrative!,
        Child = IsYoungPerson ? null : new ChildDetails(ChildFirstName!, ChildAge),
        Reporter = new ReporterDetails(ReporterName!, IsUnder18 ? ReporterAge : null),
        Contact = new ContactPreferences(Email, Phone, TextSafe ?? false, VoicemailSafe ?? false, SafeTimes),
    };
}
