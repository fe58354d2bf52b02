using System.Text.RegularExpressions;
using ClickCeop.Web.Reports;
using Microsoft.AspNetCore.Mvc;

namespace ClickCeop.Web.Pages.Report;

/// <summary>CEOP takes no anonymous reports: it must be able to check the child is safe, so one way to reach the reporter is required.</summary>
public sealed partial class ContactModel(DraftStore drafts) : JourneyPageModel(drafts)
{
    public const int MaxEmail = 254;
    public const int MaxPhone = 25;
    public const int MaxSafeTimes = 200;

    protected override Step Step => Step.Contact;

    /// <summary>Who CEOP makes sure is safe, in the reporter's own terms.</summary>
    public static string WhoIsSafe(DraftAnswers a) => a.IsYoungPerson ? "you are" : a.IsForAFriend ? "your friend is" : "the child is";

    [BindProperty(Name = "email")] public string? Email { get; set; }
    [BindProperty(Name = "phone")] public string? Phone { get; set; }
    [BindProperty(Name = "text-safe")] public bool TextSafe { get; set; }
    [BindProperty(Name = "voicemail-safe")] public bool VoicemailSafe { get; set; }
    [BindProperty(Name = "safe-times")] public string? SafeTimes { get; set; }

    public void OnGet()
    {
        Email = Answers.Email;
        Phone = Answers.Phone;
        TextSafe = Answers.TextSafe ?? false;
        VoicemailSafe = Answers.VoicemailSafe ?? false;
        SafeTimes = Answers.SafeTimes;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Email = FreeText.Clean(Email, singleLine: true);
        Phone = FreeText.Clean(Phone, singleLine: true);
        SafeTimes = FreeText.Clean(SafeTimes, singleLine: true);

        if (Email.Length == 0 && Phone.Length == 0)
        {
            AddError("email", $"Enter an email address or a phone number, so we can make sure {WhoIsSafe(Answers)} safe");
        }
        if (Email.Length > MaxEmail || (Email.Length > 0 && !EmailShape().IsMatch(Email)))
        {
            AddError("email", "Enter an email address in the correct format, like name@example.com");
        }
        if (Phone.Length > 0 && (Phone.Length > MaxPhone || !PhoneShape().IsMatch(Phone) || Phone.Count(char.IsAsciiDigit) < 7))
        {
            AddError("phone", "Enter a phone number in the correct format, like 07700 900 982");
        }
        if (SafeTimes.Length > MaxSafeTimes)
        {
            AddError("safe-times", $"When it is safe to call must be {MaxSafeTimes} characters or fewer");
        }
        if (Errors.Count > 0) return Invalid();

        Answers.Email = Email.Length == 0 ? null : Email;
        Answers.Phone = Phone.Length == 0 ? null : Phone;
        Answers.TextSafe = TextSafe;
        Answers.VoicemailSafe = VoicemailSafe;
        Answers.SafeTimes = SafeTimes.Length == 0 ? null : SafeTimes;
        Answers.ContactDone = true;
        return await SaveAndContinueAsync();
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^\+?[0-9 ()-]+$")]
    private static partial Regex PhoneShape();
}
