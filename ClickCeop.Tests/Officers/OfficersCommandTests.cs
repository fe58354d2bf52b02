using System.Net;
using ClickCeop.Tests.Infrastructure;
using ClickCeop.Web.Officers;

namespace ClickCeop.Tests.Officers;

public sealed class OfficersCommandTests
{
    [Fact]
    public async Task Add_prints_a_one_time_password_list_shows_the_officer_and_disable_disables()
    {
        var database = Path.Combine(TestFolders.NewTemporary("cli"), "cli.db");
        var config = $"--Data:ConnectionString=Data Source={database}";

        var output = new StringWriter();
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "add", "--email", "duty@example.org", "--name", "Dana Duty", config], output, TextWriter.Null));
        var line = output.ToString().Split('\n').Single(l => l.StartsWith("One-time password: ", StringComparison.Ordinal));
        Assert.Equal(20, line["One-time password: ".Length..].Trim().Length);

        Assert.Equal(1, await OfficersCommand.RunAsync(["officers", "add", "--email", "DUTY@example.org", "--name", "Twice", config], TextWriter.Null, TextWriter.Null));

        var reset = new StringWriter();
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "reset", "--email", "duty@example.org", config], reset, TextWriter.Null));
        var newLine = reset.ToString().Split('\n').Single(l => l.StartsWith("New one-time password for duty@example.org: ", StringComparison.Ordinal));
        Assert.NotEqual(line["One-time password: ".Length..].Trim(), newLine.Split(": ")[1].Trim());
        Assert.Equal(1, await OfficersCommand.RunAsync(["officers", "reset", "--email", "nobody@example.org", config], TextWriter.Null, TextWriter.Null));

        var list = new StringWriter();
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "list", config], list, TextWriter.Null));
        Assert.Contains("duty@example.org\tDana Duty\tnot yet signed in", list.ToString());

        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "disable", "--email", "duty@example.org", config], TextWriter.Null, TextWriter.Null));
        list = new StringWriter();
        await OfficersCommand.RunAsync(["officers", "list", config], list, TextWriter.Null);
        Assert.Contains("duty@example.org\tDana Duty\tdisabled", list.ToString());
        Assert.Equal(1, await OfficersCommand.RunAsync(["officers", "disable", "--email", "nobody@example.org", config], TextWriter.Null, TextWriter.Null));

        var history = new StringWriter();
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "history", "--email", "duty@example.org", config], history, TextWriter.Null));
        Assert.Equal(["disabled", "one-time-password-reset", "created"],
            history.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[1].Trim()));
        var last = new StringWriter();
        await OfficersCommand.RunAsync(["officers", "history", "--email", "duty@example.org", "--last", "1", config], last, TextWriter.Null);
        Assert.Single(last.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, await OfficersCommand.RunAsync(["officers", "history", "--email", "nobody@example.org", config], TextWriter.Null, TextWriter.Null));
        Assert.Equal(2, await OfficersCommand.RunAsync(["officers", "frobnicate", config], TextWriter.Null, TextWriter.Null));
    }

    /// <summary>
    /// An option the command cannot use is the operator's mistake, and is refused with the usage (exit code 2): a
    /// --last that is not a positive number, a --last with no value, a misspelt option, or an option given twice
    /// (only one of the two addresses would be acted on), or configuration without its "=" (it is not configuration,
    /// so the command would work on the default database, not the one named). Silently printing the default 50 events instead of what was
    /// asked, or disabling one of two officers, reads as success.
    /// </summary>
    [Theory]
    [InlineData("history", "--email", "duty@example.org", "--last", "0")]
    [InlineData("history", "--email", "duty@example.org", "--last", "-1")]
    [InlineData("history", "--email", "duty@example.org", "--last", "ten")]
    [InlineData("history", "--email", "duty@example.org", "--last")]
    [InlineData("history", "--email", "duty@example.org", "--lats", "5")]
    [InlineData("disable", "--email", "other@example.org", "--email", "duty@example.org")]
    [InlineData("list", "--disabled")]
    [InlineData("list", "--Data:ConnectionString", "Data Source=/srv/clickceop/data/clickceop.db")]
    public async Task An_option_the_command_cannot_use_prints_the_usage_and_changes_nothing(params string[] command)
    {
        var database = Path.Combine(TestFolders.NewTemporary("cli-options"), "cli.db");
        var config = $"--Data:ConnectionString=Data Source={database}";
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "add", "--email", "duty@example.org", "--name", "Dana Duty", config], TextWriter.Null, TextWriter.Null));

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await OfficersCommand.RunAsync(["officers", .. command, config], output, error);

        Assert.Equal(2, exit);
        Assert.Contains("Usage:", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
        var list = new StringWriter();
        await OfficersCommand.RunAsync(["officers", "list", config], list, TextWriter.Null);
        Assert.Contains("duty@example.org\tDana Duty\tnot yet signed in", list.ToString(), StringComparison.Ordinal);
    }

    /// <summary>`--last` larger than the history (or than an int) prints all of it, not the default 50.</summary>
    [Fact]
    public async Task History_with_a_last_larger_than_the_history_prints_all_of_it()
    {
        var database = Path.Combine(TestFolders.NewTemporary("cli-last"), "cli.db");
        var config = $"--Data:ConnectionString=Data Source={database}";
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "add", "--email", "duty@example.org", "--name", "Dana Duty", config], TextWriter.Null, TextWriter.Null));
        // 60 wrong passwords, as a guesser at the sign-in leaves them: disable, which made them here, records once now.
        await DatabaseFile.ExecuteAsync(database, """
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
            INSERT INTO officer_events (officer_id, event, at)
            SELECT officers.id, 'wrong-password', '2026-11-30T12:00:00.0000000Z' FROM officers, n
            """);

        var history = new StringWriter();
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "history", "--email", "duty@example.org", "--last", "99999999999", config], history, TextWriter.Null));

        Assert.Equal(61, history.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>
    /// A database the command cannot use (a newer version migrated it, or it is not a database) is the operator's
    /// to fix, and running.md says the command says so: one line naming the problem and exit code 1, not a stack
    /// trace and the runtime's abort code.
    /// </summary>
    [Theory]
    [InlineData("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_a_newer_version.sql', '2026-11-30')", "was migrated by a newer version")]
    [InlineData(null, "file is not a database")]
    public async Task A_database_the_command_cannot_use_is_one_clear_line_and_exit_code_1(string? sql, string says)
    {
        var database = Path.Combine(TestFolders.NewTemporary("cli-database"), "cli.db");
        var config = $"--Data:ConnectionString=Data Source={database}";
        if (sql is null)
        {
            await File.WriteAllTextAsync(database, "not a database, but a file of the same name that is long enough to have a header");
        }
        else
        {
            Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "list", config], TextWriter.Null, TextWriter.Null));
            await DatabaseFile.ExecuteAsync(database, sql);
        }

        var error = new StringWriter();
        var exit = await OfficersCommand.RunAsync(["officers", "list", config], TextWriter.Null, error);

        Assert.Equal(1, exit);
        Assert.Contains(says, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The display name is shown in `officers list`, in the console's queue and in every case's audit trail. A
    /// right-to-left override or isolate would reverse what follows it on that line (an audit entry, the account's
    /// state in the list), and an invisible or line-breaking character makes two names look alike or one look like
    /// two: refused like control characters, with exit code 1.
    /// </summary>
    [Theory]
    [InlineData("Eve\u202Eelbasid")]
    [InlineData("Eve \u2067Dana\u2069")]
    [InlineData("Dana\u200EDuty")]
    [InlineData("Dana\u200BDuty")]
    [InlineData("Dana\uFEFFDuty")]
    [InlineData("Dana\u2028Duty")]
    public async Task A_display_name_with_a_direction_override_or_invisible_character_is_refused(string name)
    {
        var database = Path.Combine(TestFolders.NewTemporary("cli-name"), "cli.db");
        var config = $"--Data:ConnectionString=Data Source={database}";

        var error = new StringWriter();
        var exit = await OfficersCommand.RunAsync(["officers", "add", "--email", "duty@example.org", "--name", name, config], TextWriter.Null, error);

        Assert.Equal(1, exit);
        Assert.Contains("display name", error.ToString(), StringComparison.Ordinal);
        var list = new StringWriter();
        await OfficersCommand.RunAsync(["officers", "list", config], list, TextWriter.Null);
        Assert.Equal("", list.ToString());
    }

    /// <summary>Names in any script are kept as typed, with the joiners Persian and Indic names need.</summary>
    [Theory]
    [InlineData("Siobhán O'Brien-Müller")]
    [InlineData("\u0645\u0647\u0631\u200C\u0646\u0627\u0632")]
    [InlineData("\u0915\u094D\u200D\u0937")]
    public async Task A_display_name_in_any_script_is_kept(string name)
    {
        var database = Path.Combine(TestFolders.NewTemporary("cli-name"), "cli.db");
        var config = $"--Data:ConnectionString=Data Source={database}";

        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "add", "--email", "duty@example.org", "--name", name, config], TextWriter.Null, TextWriter.Null));

        var list = new StringWriter();
        await OfficersCommand.RunAsync(["officers", "list", config], list, TextWriter.Null);
        Assert.Contains($"duty@example.org\t{name}\t", list.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// `reset` on a disabled account still does its work (the password and authenticator a lost laptop held stop
    /// working, its sessions end), but the account stays disabled, so the one-time password could never sign in: the
    /// command must say so, not print a password and tell the operator to hand it over for a sign-in that is refused.
    /// </summary>
    [Fact]
    public async Task Reset_of_a_disabled_account_says_it_stays_disabled_and_prints_no_password()
    {
        var database = Path.Combine(TestFolders.NewTemporary("cli-reset-disabled"), "cli.db");
        var config = $"--Data:ConnectionString=Data Source={database}";
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "add", "--email", "duty@example.org", "--name", "Dana Duty", config], TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "disable", "--email", "duty@example.org", config], TextWriter.Null, TextWriter.Null));

        var output = new StringWriter();
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "reset", "--email", "duty@example.org", config], output, TextWriter.Null));

        Assert.Contains("stays disabled", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("password for", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Give it to the officer", output.ToString(), StringComparison.Ordinal);
        var history = new StringWriter();
        await OfficersCommand.RunAsync(["officers", "history", "--email", "duty@example.org", "--last", "1", config], history, TextWriter.Null);
        Assert.Contains("\tone-time-password-reset", history.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// An officer disabled by mistake, or back from leave, is enabled again from the command line, as they were disabled.
    /// They start again as a new officer does: a one-time password handed over in person, then their own password and
    /// a new authenticator. The password and authenticator they had before stay useless: the account may have been
    /// disabled because a laptop or phone holding them was lost.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task Enable_gives_a_disabled_officer_a_new_start_and_leaves_their_old_password_useless()
    {
        using var host = new ConsoleHost();
        var officer = await host.EnrolledOfficerAsync();
        var config = $"--Data:ConnectionString=Data Source={host.DatabasePath}";
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "disable", "--email", officer.Email, config], TextWriter.Null, TextWriter.Null));

        var output = new StringWriter();
        var exit = await OfficersCommand.RunAsync(["officers", "enable", "--email", officer.Email, config], output, Console.Error);

        Assert.Equal(0, exit);
        var line = output.ToString().Split('\n').Single(l => l.StartsWith($"One-time password for {officer.Email}: ", StringComparison.Ordinal));
        var oneTime = line.Split(": ")[1].Trim();
        var client = host.CreateBrowserlessClient();
        using (var old = await ConsoleHost.PostPasswordAsync(client, officer.Email, ConsoleHost.Password))
        {
            Assert.NotEqual(HttpStatusCode.Redirect, old.StatusCode);
        }
        using (var fresh = await ConsoleHost.PostPasswordAsync(client, officer.Email, oneTime))
        {
            Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
            Assert.Equal("/officers/new-password", ConsoleHost.PathOf(fresh));
        }
        var list = new StringWriter();
        await OfficersCommand.RunAsync(["officers", "list", config], list, TextWriter.Null);
        Assert.Contains($"{officer.Email}\tDana Duty\tnot yet signed in", list.ToString());
        var history = new StringWriter();
        await OfficersCommand.RunAsync(["officers", "history", "--email", officer.Email, config], history, TextWriter.Null);
        // Newest first: the old password refused; the account enabled with a new one-time password, after it was disabled.
        Assert.Equal(["wrong-password", "one-time-password-reset", "enabled", "disabled"],
            history.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(4).Select(l => l.Split('\t')[1].Trim()));

        // Enabling an account that is not disabled is a mistake (the wrong address?): it changes nothing.
        var error = new StringWriter();
        Assert.Equal(1, await OfficersCommand.RunAsync(["officers", "enable", "--email", officer.Email, config], TextWriter.Null, error));
        Assert.Contains("is not disabled", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await OfficersCommand.RunAsync(["officers", "enable", "--email", "nobody@example.org", config], TextWriter.Null, TextWriter.Null));
    }

    /// <summary>
    /// `disable` run again on a disabled account (a second operator, a script run twice) has nothing to do: the account
    /// is already as asked, so it says so and exits 0, but records nothing, since a second "disabled" in the append-only
    /// trail reads as if the account had been enabled and disabled again in between. `enable` of an account that is not
    /// disabled likewise records nothing and gives out no password.
    /// </summary>
    [Fact]
    public async Task Disabling_a_disabled_account_says_so_and_records_nothing()
    {
        var database = Path.Combine(TestFolders.NewTemporary("cli-disable-twice"), "cli.db");
        var config = $"--Data:ConnectionString=Data Source={database}";
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "add", "--email", "duty@example.org", "--name", "Dana Duty", config], TextWriter.Null, TextWriter.Null));

        var enabled = new StringWriter();
        Assert.Equal(1, await OfficersCommand.RunAsync(["officers", "enable", "--email", "duty@example.org", config], enabled, TextWriter.Null));
        Assert.Equal(["created"], await EventsAsync("duty@example.org", config));
        Assert.Equal("", enabled.ToString());

        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "disable", "--email", "duty@example.org", config], TextWriter.Null, TextWriter.Null));
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await OfficersCommand.RunAsync(["officers", "disable", "--email", " duty@example.org", config], output, error);

        Assert.Equal(["disabled", "created"], await EventsAsync("duty@example.org", config));
        Assert.Equal(0, exit);
        Assert.Equal("duty@example.org is already disabled; nothing was changed.", output.ToString().Trim());
        Assert.Equal("", error.ToString());
    }

    /// <summary>The account's events, newest first, by their codes.</summary>
    private static async Task<string[]> EventsAsync(string email, string config)
    {
        var history = new StringWriter();
        Assert.Equal(0, await OfficersCommand.RunAsync(["officers", "history", "--email", email, config], history, TextWriter.Null));
        return history.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[1].Trim()).ToArray();
    }

    /// <summary>A Data:ConnectionString the command cannot use (a mistyped keyword, an empty value): one line and exit code 1.</summary>
    [Theory]
    [InlineData("--Data:ConnectionString=Data Sorce=/srv/clickceop/data/clickceop.db", "Data Sorce")]
    [InlineData("--Data:ConnectionString=", "ConnectionString")]
    public async Task A_connection_string_the_command_cannot_use_is_one_clear_line_and_exit_code_1(string config, string says)
    {
        var error = new StringWriter();
        var exit = await OfficersCommand.RunAsync(["officers", "list", config], TextWriter.Null, error);

        Assert.Equal(1, exit);
        Assert.Contains(says, error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Common_password_list_is_shipped_and_used()
    {
        Assert.True(PasswordRules.CommonPasswordCount >= 300);
        Assert.NotNull(PasswordRules.Problem("qwertyuiop123"));
        Assert.NotNull(PasswordRules.Problem("short"));
        Assert.Null(PasswordRules.Problem("violet kettle orbit sandal"));
    }

    [Theory]
    [InlineData("  qwertyuiop123  ")]
    [InlineData("QWERTYuiop123")]
    public void A_common_password_is_refused_in_any_case_and_with_spaces_around_it(string password) =>
        Assert.Equal("Password is too common. Choose a longer phrase that only you would use", PasswordRules.Problem(password));

    [Theory]
    [InlineData("bbbbbbbbbbbbbbbb")]
    [InlineData("abababababababab")]
    [InlineData("1234123412341234")]
    [InlineData("abcdefghijklmnop")]
    [InlineData("zyxwvutsrqponmlk")]
    public void A_password_that_repeats_a_few_characters_or_runs_in_order_is_refused(string password) =>
        Assert.StartsWith("Password is too easy to guess", PasswordRules.Problem(password));

    [Theory]
    [InlineData("violet kettle orbit sandal")]
    [InlineData("abcdefghijklmnoq")]
    [InlineData("tram 42 lantern")]
    public void A_phrase_of_twelve_characters_or_more_not_in_one_run_is_allowed(string password) =>
        Assert.Null(PasswordRules.Problem(password));
}
