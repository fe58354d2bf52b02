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
            // Who CEOP makes sure is safe, in the reporter's own terms: a whole sentence for each.
            AddError("email", Answers.IsYoungPerson ? Words["Enter an email address or a phone number, so we can make sure you are safe"]
                : Answers.IsForAFriend ? Words["Enter an email address or a phone number, so we can make sure your friend is safe"]
                : Words["Enter an email address or a phone number, so we can make sure the child is safe"]);
        }
        if (Email.Length > MaxEmail || (Email.Length > 0 && !EmailShape().IsMatch(Email)))
        {
            AddError("email", Words["Enter an email address in the correct format, like name@example.com"]);
        }
        if (Phone.Length > 0 && (Phone.Length > MaxPhone || !PhoneShape().IsMatch(Phone) || Phone.Count(char.IsAsciiDigit) < 7))
        {
            AddError("phone", Words["Enter a phone number in the correct format, like 07700 900 982"]);
        }
        if (SafeTimes.Length > MaxSafeTimes)
        {
            AddError("safe-times", Words["When it is safe to call must be {0} characters or fewer", MaxSafeTimes]);
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
