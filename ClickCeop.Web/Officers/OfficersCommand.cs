using System.Globalization;
using ClickCeop.Web.Data;
using ClickCeop.Web.Reports;

namespace ClickCeop.Web.Officers;

/// <summary>
/// `officers add|reset|disable|enable|list|history` from the command line, against the same configuration and database as the
/// service (migrations run first). Accounts are made here, not in the console, so no web page can create one.
/// </summary>
public static class OfficersCommand
{
    public const string Usage = """
        Usage:
          officers add --email <address> --name "<display name>"   creates an officer, prints a one-time password
          officers reset --email <address>                         a new one-time password (expired, or a lost authenticator)
          officers disable --email <address>                       disables the officer and ends their sessions
          officers enable --email <address>                        enables a disabled officer again, with a one-time password
          officers list                                            lists officers
          officers history --email <address> [--last <n>]          the account's last n events (50), newest first
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var action = args.ElementAtOrDefault(1);
        // What each action reads; anything else, or anything given twice, is a mistake to point out rather than act
        // on (a misspelt --lats, two --email of which only one would be disabled).
        string[] known = action switch
        {
            "add" => ["email", "name"],
            "reset" or "disable" or "enable" => ["email"],
            "history" => ["email", "last"],
            _ => [],
        };
        var options = Options(args.Skip(2));
        var last = 50;
        if (options is null || options.Keys.Except(known, StringComparer.OrdinalIgnoreCase).Any()
            || (options.TryGetValue("last", out var n) && !TryParseCount(n, out last)))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        return await CommandLine.RunAsync(error, () => RunAsync(args, action, options, last, output, error));
    }

    private static async Task<int> RunAsync(string[] args, string? action, Dictionary<string, string> options, int last, TextWriter output, TextWriter error)
    {
        var builder = CommandLine.CreateBuilder(args.Skip(2));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<OfficersOptions>().BindConfiguration(OfficersOptions.Section);
        builder.Services.AddSingleton<OfficerStore>();
        await using var app = builder.Build();
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        var store = app.Services.GetRequiredService<OfficerStore>();

        switch (action)
        {
            case "add" when options.TryGetValue("email", out var email) && options.TryGetValue("name", out var name):
                try
                {
                    var (officer, oneTime) = await store.CreateAsync(email, name);
                    await output.WriteLineAsync($"Created duty officer {officer.Email} ({officer.DisplayName}).");
                    await output.WriteLineAsync($"One-time password: {oneTime}");
                    await output.WriteLineAsync("Give it to the officer in person or by phone. At first sign-in they choose a new password and set up an authenticator app.");
                    return 0;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    await error.WriteLineAsync(e.Message);
                    return 1;
                }
            case "reset" when options.TryGetValue("email", out var email):
                if (await store.ResetAsync(email) is not { } newOneTime)
                {
                    await error.WriteLineAsync($"No officer has the email {email}.");
                    return 1;
                }
                // The reset still ends what a lost laptop held, but no sign-in of a disabled account succeeds: a
                // password to hand over would only send the operator and the officer round in circles.
                if (await store.FindByEmailAsync(email) is { Disabled: true })
                {
                    await output.WriteLineAsync($"Reset {email.Trim()}: their password and authenticator no longer work and their sessions have ended.");
                    await output.WriteLineAsync("The account is disabled and stays disabled, so no one-time password is given out.");
                    return 0;
                }
                await output.WriteLineAsync($"New one-time password for {email.Trim()}: {newOneTime}");
                await output.WriteLineAsync("Give it to the officer in person or by phone. At their next sign-in they choose a new password and set up their authenticator app again.");
                return 0;
            case "disable" when options.TryGetValue("email", out var email):
                switch (await store.DisableAsync(email))
                {
                    case null:
                        await error.WriteLineAsync($"No officer has the email {email}.");
                        return 1;
                    // What was asked is already so (a second operator, a script run again): not a failure, and
                    // nothing for the trail.
                    case false:
                        await output.WriteLineAsync($"{email.Trim()} is already disabled; nothing was changed.");
                        return 0;
                    case true:
                        await output.WriteLineAsync($"Disabled {email.Trim()}; their sessions have ended.");
                        return 0;
                }
            case "enable" when options.TryGetValue("email", out var email):
                switch (await store.EnableAsync(email))
                {
                    case null:
                        await error.WriteLineAsync($"No officer has the email {email}.");
                        return 1;
                    case "":
                        await error.WriteLineAsync($"{email.Trim()} is not disabled; nothing was changed. For a new one-time password use officers reset.");
                        return 1;
                    case var oneTime:
                        await output.WriteLineAsync($"Enabled {email.Trim()}. They are alerted about new reports again.");
                        await output.WriteLineAsync($"One-time password for {email.Trim()}: {oneTime}");
                        await output.WriteLineAsync("Give it to the officer in person or by phone. At their next sign-in they choose a new password and set up their authenticator app again.");
                        return 0;
                }
            case "list":
                foreach (var officer in await store.ListAsync())
                {
                    var state = officer.Disabled ? "disabled" : !officer.TotpEnrolled ? "not yet signed in" : "enabled";
                    await output.WriteLineAsync($"{officer.Email}\t{officer.DisplayName}\t{state}");
                }
                return 0;
            case "history" when options.TryGetValue("email", out var email):
                if (await store.FindByEmailAsync(email) is not { } account)
                {
                    await error.WriteLineAsync($"No officer has the email {email}.");
                    return 1;
                }
                foreach (var entry in await store.HistoryAsync(account.Id, last))
                {
                    await output.WriteLineAsync($"{OfficerStore.Iso(entry.At)}\t{Codes.Of(entry.Event)}\t{entry.Detail}".TrimEnd('\t'));
                }
                return 0;
            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>
    /// The "--key value" pairs ("--Key=value" items are configuration: CommandLine). An option with no value before
    /// the next one or the end gets "", which no action accepts. Null when an option is given twice or a value has
    /// no option before it.
    /// </summary>
    private static Dictionary<string, string>? Options(IEnumerable<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? key = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (key is not null && !options.TryAdd(key, ""))
                {
                    return null;
                }
                key = arg[2..];
            }
            else if (key is null || !options.TryAdd(key, arg))
            {
                return null;
            }
            else
            {
                key = null;
            }
        }
        return key is null || options.TryAdd(key, "") ? options : null;
    }

    /// <summary>A positive whole number; one larger than an int means all of it, not the default.</summary>
    private static bool TryParseCount(string text, out int count)
    {
        var parsed = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
        count = parsed ? (int)Math.Min(value, int.MaxValue) : 0;
        return parsed;
    }
}
