using System.Text.RegularExpressions;
using Egress.Airlock;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Airlock;

/// <summary>`egress users add | list | deactivate | reset-password` as real processes on a real store (SQLite files, PostgreSQL).</summary>
public sealed partial class UsersCliTests
{
    [Fact]
    public async Task Users_add_creates_the_first_admin_on_a_fresh_store_with_a_one_time_password_changed_at_first_sign_in()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("egress-users-").FullName, "airlock");
        try
        {
            var add = await EgressProcess.RunAsync(["users", "add", "root", "--role", "admin", "--data", dir]);
            Assert.Equal(0, add.ExitCode);
            Assert.Contains("created a new airlock store", add.Output);
            Assert.Contains("added root (admin)", add.Output);
            var password = OneTimePassword().Match(add.Output).Groups[1].Value;
            Assert.Equal(16, password.Length);

            using var airlock = AirlockService.Open(new AirlockOptions { DataDir = dir });
            var session = await airlock.StartSessionAsync("root", password);
            Assert.NotNull(session);
            Assert.True(session.MustChangePassword);
            var created = (await airlock.AuditLogAsync(Actor.System)).Events.Single(e => e.Action == "user.created");
            Assert.StartsWith("operator-cli:", created.Actor);
            Assert.DoesNotContain(password, created.DetailsJson);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }

    [Fact]
    public async Task Users_add_reads_the_password_from_stdin_and_makes_a_researcher_a_member_of_its_projects()
    {
        await using var h = await AirlockHarness.CreateAsync(postgres: false);
        var add = await EgressProcess.RunWithInputAsync(["users", "add", "rita", "--role", "researcher", "--project", "A", "--project", "B",
            "--name", "Rita Researcher", "--password-stdin", "--data", h.DataDir], "rita's own passphrase\n");
        Assert.Equal(0, add.ExitCode);
        Assert.DoesNotContain("one-time password", add.Output);
        var session = await h.Service.StartSessionAsync("rita", "rita's own passphrase");
        Assert.NotNull(session);
        // The operator chose this password: it is not forced to change.
        Assert.False(session.MustChangePassword);
        Assert.Equal(["A", "B"], (await h.Service.MyProjectsAsync(session.Actor)).Select(p => p.Name));

        var list = await EgressProcess.RunAsync(["users", "list", "--data", h.DataDir]);
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"rita\s+researcher\s+yes\s+no\s+A,B", list.Output);
        Assert.Matches(@"carol\s+checker\s+yes", list.Output);
    }

    [Fact]
    public async Task Users_add_refuses_unknown_roles_projects_taken_names_and_short_passwords_with_one_sentence()
    {
        await using var h = await AirlockHarness.CreateAsync(postgres: false);
        var role = await EgressProcess.RunAsync(["users", "add", "zed", "--role", "boss", "--data", h.DataDir]);
        Assert.Equal(2, role.ExitCode);
        Assert.Contains("unknown role 'boss': the roles are researcher, checker (or output-checker), auditor, admin", role.Output);

        var project = await EgressProcess.RunAsync(["users", "add", "zed", "--role", "researcher", "--project", "Q", "--data", h.DataDir]);
        Assert.Equal(2, project.ExitCode);
        Assert.Contains("there is no project Q: the projects are A, B, C", project.Output);

        var auditorInProject = await EgressProcess.RunAsync(["users", "add", "zed", "--role", "auditor", "--project", "A", "--data", h.DataDir]);
        Assert.Equal(2, auditorInProject.ExitCode);

        var taken = await EgressProcess.RunAsync(["users", "add", "alice", "--role", "output-checker", "--data", h.DataDir]);
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("the username alice is taken", taken.Output);

        var weak = await EgressProcess.RunWithInputAsync(["users", "add", "zed", "--role", "checker", "--password-stdin", "--data", h.DataDir], "short\n");
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains($"a password has at least {AirlockService.MinPasswordLength} characters", weak.Output);

        foreach (var r in new[] { role, project, auditorInProject, taken, weak }) Assert.DoesNotContain("   at ", r.Output);
        Assert.DoesNotContain(await h.Service.ListUsersAsync(Actor.System), u => u.Username == "zed");

        var checker = await EgressProcess.RunAsync(["users", "add", "zed", "--role", "output-checker", "--data", h.DataDir]);
        Assert.Equal(0, checker.ExitCode);
        Assert.Contains(await h.Service.ListUsersAsync(Actor.System), u => u.Username == "zed" && u.Role == Role.Checker && u.MustChangePassword);
    }

    [Fact]
    public Task Users_deactivate_and_reset_password_end_sessions_and_tokens_on_sqlite() => DeactivateAndReset(postgres: false);

    [PostgresFact]
    public Task Users_deactivate_and_reset_password_end_sessions_and_tokens_on_postgresql() => DeactivateAndReset(postgres: true);

    private static async Task DeactivateAndReset(bool postgres)
    {
        await using var h = await AirlockHarness.CreateAsync(postgres);
        string[] store = postgres ? ["--data", h.DataDir, "--database", h.DatabaseConnection!] : ["--data", h.DataDir];
        var bobToken = (await h.Service.CreateTokenAsync(h["bob"], "laptop")).Token;
        var bobSession = (await h.Service.StartSessionAsync("bob", AirlockHarness.Password))!;

        var reset = await EgressProcess.RunAsync(["users", "reset-password", "bob", .. store]);
        Assert.Equal(0, reset.ExitCode);
        var password = OneTimePassword().Match(reset.Output).Groups[1].Value;
        Assert.Null(await h.Service.SignInAsync("bob", AirlockHarness.Password));
        Assert.Null(await h.Service.AuthenticateTokenAsync(bobToken));
        Assert.Null(await h.Service.ResumeSessionAsync(bobSession.Actor.UserId, bobSession.SecurityStamp));
        var afterReset = (await h.Service.StartSessionAsync("bob", password))!;
        Assert.True(afterReset.MustChangePassword);
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.MyProjectsAsync(afterReset.Actor));

        var resetStdin = await EgressProcess.RunWithInputAsync(["users", "reset-password", "bob", "--password-stdin", .. store], "chosen by the operator\n");
        Assert.Equal(0, resetStdin.ExitCode);
        Assert.True((await h.Service.StartSessionAsync("bob", "chosen by the operator"))!.MustChangePassword);

        var carolToken = (await h.Service.CreateTokenAsync(h["carol"], "laptop")).Token;
        var deactivate = await EgressProcess.RunAsync(["users", "deactivate", "carol", .. store]);
        Assert.Equal(0, deactivate.ExitCode);
        Assert.Null(await h.Service.SignInAsync("carol", AirlockHarness.Password));
        Assert.Null(await h.Service.AuthenticateTokenAsync(carolToken));
        var list = await EgressProcess.RunAsync(["users", "list", .. store]);
        Assert.Matches(@"carol\s+checker\s+no", list.Output);
        Assert.Matches(@"bob\s+researcher\s+yes\s+yes\s+B", list.Output);

        var unknown = await EgressProcess.RunAsync(["users", "deactivate", "nobody", .. store]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("there is no user nobody", unknown.Output);
        var noStore = await EgressProcess.RunAsync(["users", "list", "--data", Path.Combine(h.DataDir, "nothing-here")]);
        Assert.Equal(2, noStore.ExitCode);

        var events = (await h.Service.AuditLogAsync(h["audrey"], limit: 1000)).Events;
        Assert.Contains(events, e => e.Action == "user.password-set" && e.Actor.StartsWith("operator-cli:", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Action == "user.deactivated" && e.Actor.StartsWith("operator-cli:", StringComparison.Ordinal));
        Assert.True((await h.Service.VerifyAuditAsync(h["audrey"])).Ok);
    }

    [GeneratedRegex(@"one-time password: (\S+)")]
    private static partial Regex OneTimePassword();
}
