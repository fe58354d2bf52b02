using System.Net;
using System.Text.RegularExpressions;
using ClickCeop.Tests.Infrastructure;
using MimeKit;

namespace ClickCeop.Tests.Pages.Report;

/// <summary>
/// The build asks for invariant globalization, but DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 in the environment (a
/// container image, a service unit) overrides it, and the process then takes the machine's LANG as its culture; a
/// Welsh version of the form will need cultures on in any case. Turkish is the hard case: "i" upper-cases to "İ" and
/// thousands are grouped with a dot. The service's words, codes, references, times and alerts must not change with it.
/// </summary>
public sealed partial class ServerCultureTests
{
    private static async Task<(AppProcess App, string Folder)> StartTurkishAsync()
    {
        var folder = TestFolders.NewTemporary("culture");
        var app = await AppProcess.StartAsync(new Dictionary<string, string?>
        {
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0",
            ["LANG"] = "tr_TR.UTF-8",
            ["LC_ALL"] = "tr_TR.UTF-8",
            ["Data:ConnectionString"] = $"Data Source={Path.Combine(folder, "clickceop.db")}",
            ["Notifications:PickupFolder"] = Path.Combine(folder, "mail-pickup"),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        return (app, folder);
    }

    private static JourneyClient NewClient(AppProcess app) =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = app.BaseAddress });

    private static async Task UpToWhatHappenedAsync(JourneyClient journey)
    {
        await journey.StartAsync(partner: "example-social");
        await journey.AnswerAsync("/report/who-are-you", ("role", "young-person"));
        await journey.AnswerAsync("/report/what-is-happening", ("categories", "asked-for-sexual-images"), ("categories", "sexual-talk"));
        await journey.AnswerAsync("/report/in-danger", ("danger", "yes"));
        await journey.AnswerWhereWhoWhenAsync("Instagram", "@ivi_iki\nhttps://example.social/u/İlkin", "İlk hafta");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_Turkish_server_says_the_limits_of_long_answers_as_the_hint_does()
    {
        var (app, _) = await StartTurkishAsync();
        await using var _app = app;
        var journey = NewClient(app);
        await UpToWhatHappenedAsync(journey);

        var question = await journey.GetAsync("/report/what-happened");
        var page = await journey.AnswerWronglyAsync("/report/what-happened", ("narrative", new string('a', 5001)));

        Assert.Contains("You can write up to 5,000 characters.", question.TextOf("#narrative-hint").Squash());
        Assert.Equal("What happened must be 5,000 characters or fewer. You have 5,001.", page.TextOf(".error-summary__list a"));
        var usernames = await journey.AnswerWronglyAsync("/report/other-person", ("other-person", new string('a', 2001)));
        Assert.Equal("Usernames and links must be 2,000 characters or fewer", usernames.TextOf(".error-summary__list a"));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_Turkish_server_stores_and_alerts_the_same_codes_reference_and_times()
    {
        var (app, folder) = await StartTurkishAsync();
        await using var _app = app;
        var journey = NewClient(app);
        await UpToWhatHappenedAsync(journey);
        await journey.AnswerAsync("/report/what-happened", ("narrative", "İ ı I i"));
        await journey.AnswerAsync("/report/about-you", ("reporter-name", "İsmail"), ("reporter-age", "13"));
        await journey.AnswerAsync("/report/contact", ("email", "ismail@example.org"), ("text-safe", "true"));
        var check = await journey.GetAsync("/report/check-answers");
        using (var sent = await journey.Client.SubmitAsync(check)) Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        var reference = (await journey.GetAsync("/report/confirmation")).TextOf("#reference");

        var row = Assert.Single(JourneyClient.ReportRows(Path.Combine(folder, "clickceop.db")));
        Assert.Matches(Reference(), reference);
        Assert.Equal(reference, row["reference"]);
        Assert.Equal("young-person", row["reporter_role"]);
        Assert.Equal("""["asked-for-sexual-images","sexual-talk"]""", row["categories"]);
        Assert.Equal("yes", row["danger"]);
        Assert.Equal("new", row["status"]);
        Assert.Equal("en", row["language"]);
        Assert.Equal("Instagram", row["platform"]);
        Assert.Equal("İsmail", row["reporter_name"]);
        Assert.Matches(IsoUtc(), (string)row["received_at"]!);

        var pickup = Path.Combine(folder, "mail-pickup");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((!Directory.Exists(pickup) || Directory.GetFiles(pickup, "*.eml").Length == 0) && DateTime.UtcNow < deadline) await Task.Delay(100);
        var message = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(pickup, "*.eml")));
        Assert.Equal($"[IMMEDIATE RISK] CEOP report {reference}", message.Subject);
        Assert.Matches(EnglishDate(), message.Headers[HeaderId.Date]);
        Assert.Contains("/officers/reports/" + (string)row["id"]!, message.TextBody);
        Assert.Contains("Categories: Asked for sexual images, Sexual talk", message.TextBody);
        Assert.Matches(@"Received: \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} UTC", message.TextBody);
    }

    [GeneratedRegex(@"\ACEOP-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}\z")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z\z")]
    private static partial Regex IsoUtc();

    [GeneratedRegex(@"\A ?(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} ")]
    private static partial Regex EnglishDate();
}
