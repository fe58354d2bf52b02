using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Tests.Officers;
using ClickCeop.Tests.Pages.Report;

namespace ClickCeop.Tests.Site;

/// <summary>
/// No answer in a URL (a shared device's history, a proxy's log): a form's fields are taken from its body only, so an
/// answer or a password put in the address of a POST is not taken, whoever sent it.
/// </summary>
public sealed class FormFieldsOnlyTests : IDisposable
{
    private readonly ConsoleHost _host = new();

    [Fact]
    public async Task An_answer_in_the_address_of_a_post_is_not_taken()
    {
        var journey = new JourneyClient(_host.CreateBrowserlessClient());
        await journey.StartAsync();
        var page = await journey.GetAsync("/report/who-are-you");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var response = await journey.Client.PostAsync("/report/who-are-you?role=young-person",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // as if no answer was given
        Assert.Equal([""], await DatabaseFile.ColumnAsync(_host.DatabasePath, "SELECT json_extract(answers, '$.role') FROM drafts"));
    }

    [Fact]
    public async Task A_password_in_the_address_of_a_sign_in_is_not_taken()
    {
        var officer = await _host.EnrolledOfficerAsync();
        var client = _host.CreateBrowserlessClient();
        var page = await client.GetDocumentAsync("/officers/sign-in");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var response = await client.PostAsync($"/officers/sign-in?password={Uri.EscapeDataString(ConsoleHost.Password)}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("email", officer.Email)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter your password", (await Html.ParseAsync(response)).TextOf(".error-summary"));
    }

    public void Dispose() => _host.Dispose();
}
