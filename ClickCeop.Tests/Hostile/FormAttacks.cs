using System.Net;
using System.Text;
using ClickCeop.Tests.Infrastructure;

namespace ClickCeop.Tests.Hostile;

/// <summary>
/// The attacks every form that is not the journey's gets: each field given every hostile value and repeated, then
/// whole-request attacks (tokens, unknown fields, 2 MB). The journey's own suite adds checks of what it stores.
/// </summary>
public static class FormAttacks
{
    public const string Utf7 = "application/x-www-form-urlencoded; charset=utf-7";

    /// <param name="path">The page the form is on, fetched afresh for its token and current fields.</param>
    /// <param name="baseline">Values that make the rest of the form valid, so that each attack is about one field.</param>
    /// <param name="allowed">The statuses an answer may have (a 5xx never is).</param>
    /// <param name="selector">Which of the page's forms.</param>
    public static async Task RunAsync(
        Findings findings, HttpClient client, string path, Dictionary<string, string> baseline, HttpStatusCode[] allowed, string selector = "main form")
    {
        var page = await client.GetDocumentAsync(path);
        var form = RawForm.Of(page, selector);
        Assert.Contains(RawForm.Antiforgery, form.Names);
        foreach (var (name, value) in baseline) form.Set(name, value);
        var where = $"POST {form.Action}";
        foreach (var name in form.Names.Concat(baseline.Keys).Distinct())
        {
            foreach (var value in HostileValues.For(form.MaxLengths.GetValueOrDefault(name, 100)))
            {
                using var response = await form.Copy().Set(name, value.Encoded).PostAsync(client);
                await findings.CheckAsync($"{where} {name} = {value.Label}", response, allowed);
            }
            if (name != RawForm.Antiforgery)
            {
                using var repeated = await form.Copy().Add(name, HostileValues.Script).PostAsync(client);
                await findings.CheckAsync($"{where} {name} repeated", repeated, allowed);
            }
        }
        var cases = new (string What, RawForm Form)[]
        {
            ("without an antiforgery token", form.Copy().Remove(RawForm.Antiforgery)),
            ("with a wrong antiforgery token", form.Copy().Set(RawForm.Antiforgery, "CfDJ8" + new string('A', 150))),
            ("with the antiforgery token repeated", form.Copy().Add(RawForm.Antiforgery, form.ValueOf(RawForm.Antiforgery)!)),
            ("without a token, with extra fields code=999", form.Copy().Remove(RawForm.Antiforgery).Add("code", "999").Add("unexpected", HostileValues.Script)),
            ("with unknown extra fields", form.Copy().Add("unexpected", HostileValues.BreakOut).Add("code", "999").Add("returnUrl", "https://evil.example/")),
        };
        foreach (var (what, attack) in cases)
        {
            using var response = await attack.PostAsync(client);
            await findings.CheckAsync($"{where} {what}", response, allowed);
        }
        // The form's own valid token with a method no page takes: refused as such, readably, nothing logged.
        foreach (var method in new[] { "PAGE", "FOO" })
        {
            using var odd = await form.Copy().SendAsync(client, method);
            await findings.CheckAsync($"{method} {form.Action} with the form", odd, HttpStatusCode.MethodNotAllowed);
        }
        // A charset .NET refuses to decode (NotSupportedException from the form reader): unreadable, so refused.
        using (var utf7 = await form.Copy().SendAsync(client, "POST", contentType: Utf7))
        {
            await findings.CheckAsync($"{where} in charset UTF-7", utf7, HttpStatusCode.BadRequest);
        }
        // Refused by its size before a byte of it is read.
        var filler = form.Names.FirstOrDefault(n => n != RawForm.Antiforgery) ?? "filler";
        using (var huge = await form.Copy().Set(filler, Encoding.ASCII.GetBytes(new string('a', 2 * 1024 * 1024))).PostAsync(client))
        {
            await findings.CheckAsync($"{where} with a 2 MB body", huge, HttpStatusCode.RequestEntityTooLarge);
        }
    }
}
