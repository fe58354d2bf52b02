using System.ComponentModel.DataAnnotations;

namespace ClickCeop.Web.Site;

/// <summary>
/// Every phone number and outside link the pages show, in one place (appsettings "Help"), so each can be
/// checked before it ships and changed without touching markup. Links must be https (a plain-http link out of the
/// service could be changed on its way to a child); numbers only digits, spaces and a leading +, as each becomes a
/// tel: link.
/// </summary>
public sealed class HelpOptions
{
    public const string Section = "Help";

    private const string PhoneNumber = @"^\+?[0-9][0-9 ]{1,19}$";
    private const string HttpsUrl = @"^https://[^\s/?#@]+(/\S*)?$";

    [Required, RegularExpression(PhoneNumber)] public string EmergencyNumber { get; set; } = "999";
    [Required, RegularExpression(PhoneNumber)] public string ChildlineNumber { get; set; } = "0800 1111";
    [Required, RegularExpression(HttpsUrl)] public string ChildlineUrl { get; set; } = "https://www.childline.org.uk/";
    [Required, RegularExpression(HttpsUrl)] public string IwfReportUrl { get; set; } = "https://report.iwf.org.uk/";
    [Required, RegularExpression(HttpsUrl)] public string ReportRemoveUrl { get; set; } = "https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/remove-nude-image-shared-online/report-remove/";
    [Required, RegularExpression(HttpsUrl)] public string ReportHarmfulContentUrl { get; set; } = "https://reportharmfulcontent.com/";
    /// <summary>
    /// The Childline link's words: its address as a child would type it ("childline.org.uk"), read from
    /// <see cref="ChildlineUrl"/> so the words never name a site the link no longer goes to.
    /// </summary>
    public string ChildlineSite
    {
        get
        {
            var host = new Uri(ChildlineUrl).Host;
            return host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
        }
    }

    [Required, RegularExpression(PhoneNumber)] public string NspccHelplineNumber { get; set; } = "0808 800 5000";
    [Required, RegularExpression(HttpsUrl)] public string NspccHelplineUrl { get; set; } = "https://www.nspcc.org.uk/keeping-children-safe/reporting-abuse/nspcc-helpline/";

    /// <summary>
    /// The confirmation's "how long": CEOP sets no fixed time (the risk decides), so the default promises none. An
    /// operator with a real service level writes it here.
    /// </summary>
    [Required] public string ReplyTime { get; set; } = "How soon they contact you depends on how urgent it is. Reports about someone in danger right now are read first.";

    /// <summary>The confirmation's way back to CEOP about this report. The default is the one this service itself offers.</summary>
    [Required] public string FollowUp { get; set; } = "If something else happens or you remember more, make a new report and put this reference number in it.";

    /// <summary>Where "Leave this site" lands after /exit has cleared the draft: somewhere neutral.</summary>
    [Required, RegularExpression(HttpsUrl)] public string ExitUrl { get; set; } = "https://www.bbc.co.uk/weather";
}
