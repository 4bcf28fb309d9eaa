using System.CommandLine;
using Egress.Airlock;

namespace Egress.Cli.Commands;

/// <summary>
/// `egress users add | list | deactivate | reset-password`: accounts, straight on the airlock's store (the operator at
/// the server's console, e.g. for the first administrator). Each change is audited with the actor
/// "operator-cli:USER@HOST". A password made up here is printed once and must be changed at first sign-in;
/// --password-stdin reads one line instead (for `add`, the operator's own choice, not forced to change).
/// </summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var users = new Command("users", "Accounts on the airlock's store: add (e.g. the first admin), list, deactivate, reset-password.");
        users.Subcommands.Add(CreateAdd());
        users.Subcommands.Add(CreateList());
        users.Subcommands.Add(CreateDeactivate());
        users.Subcommands.Add(CreateResetPassword());
        return users;
    }

    private static Option<string> Data() => StoreOptions.Data("The airlock's data folder (egress.db for SQLite), as given to `egress serve`.");

    private static Option<bool> PasswordStdin() =>
        new("--password-stdin") { Description = "Read the password from the first line of standard input instead of printing a one-time password." };

    private static Command CreateAdd()
    {
        var username = new Argument<string>("username") { Description = "2-32 lower-case letters, digits, '.', '_' or '-', starting with a letter." };
        var role = new Option<string>("--role") { Description = $"One of: {RoleNames.Valid}.", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (default: the username)." };
        var projects = new Option<string[]>("--project")
        {
            Description = "A project the user belongs to (researchers: where they may submit; checkers: a project they never review). Repeat for several.",
            AllowMultipleArgumentsPerToken = false,
        };
        var stdin = PasswordStdin();
        var data = Data();
        var database = StoreOptions.Database();
        var add = new Command("add", "Create an account (the first admin too); prints a one-time password, changed at first sign-in.")
        {
            username, role, name, projects, stdin, data, database,
        };
        add.SetAction(parse =>
        {
            var user = parse.GetValue(username)!.Trim();
            var roleValue = RoleNames.Parse(parse.GetValue(role)!);
            var memberOf = (parse.GetValue(projects) ?? []).Select(p => p.Trim()).Distinct(StringComparer.Ordinal).ToList();
            if (memberOf.Count > 0 && roleValue is not (Role.Researcher or Role.Checker))
                throw new UsageException($"--project is for researchers and checkers, not for the role {RoleNames.Name(roleValue)}");
            var fromStdin = parse.GetValue(stdin);
            var password = fromStdin ? ReadPassword() : OneTimePasswords.New();
            var dir = parse.GetValue(data)!;
            var conn = parse.GetValue(database);
            var fresh = conn is null && !File.Exists(Path.Combine(dir, "egress.db"));
            return WithStore(dir, conn, airlock =>
            {
                var actor = Operator();
                var known = airlock.ListProjectsAsync(actor).GetAwaiter().GetResult().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                // Checked before the account exists, so a wrong project name leaves nothing half made.
                foreach (var p in memberOf)
                    if (!known.Contains(p))
                        throw new UsageException(known.Count == 0
                            ? $"there is no project {p}: the store has no projects yet (an admin creates them on the Projects page once the index is built)"
                            : $"there is no project {p}: the projects are {string.Join(", ", known.Order(StringComparer.Ordinal))}");
                var created = airlock.CreateUserAsync(actor, user, parse.GetValue(name) ?? user, roleValue, password, mustChangePassword: !fromStdin)
                    .GetAwaiter().GetResult();
                foreach (var p in memberOf) airlock.AddMemberAsync(actor, p, created.Id).GetAwaiter().GetResult();
                if (fresh) Console.WriteLine($"created a new airlock store in {Path.GetFullPath(dir)}");
                Console.WriteLine($"added {created.Username} ({RoleNames.Name(created.Role)}){(memberOf.Count > 0 ? ", member of " + string.Join(", ", memberOf) : "")}");
                if (!fromStdin)
                    Console.WriteLine($"one-time password: {password}\n  (shown only now; {created.Username} chooses their own at first sign-in)");
                if (roleValue == Role.Researcher && memberOf.Count == 0)
                    Console.WriteLine($"note: {created.Username} belongs to no project yet, so cannot submit: add --project next time, or use the Projects page");
                return 0;
            });
        });
        return add;
    }

    private static Command CreateList()
    {
        var data = Data();
        var database = StoreOptions.Database();
        var list = new Command("list", "Every account: username, role, active, whether the password must be changed, projects.") { data, database };
        list.SetAction(parse =>
        {
            var dir = parse.GetValue(data)!;
            var conn = parse.GetValue(database);
            StoreOptions.RequireExisting(dir, conn);
            return WithStore(dir, conn, airlock =>
            {
                var actor = Operator();
                var all = airlock.ListUsersAsync(actor).GetAwaiter().GetResult();
                var members = airlock.ListMembershipsAsync(actor).GetAwaiter().GetResult().ToLookup(m => m.UserId, m => m.Project);
                if (all.Count == 0)
                {
                    Console.WriteLine("no users yet: egress users add NAME --role admin" + StoreArguments(dir, conn));
                    return 0;
                }
                Console.WriteLine($"{"username",-20} {"role",-10} {"active",-7} {"must-change",-12} projects");
                foreach (var u in all)
                    Console.WriteLine($"{u.Username,-20} {RoleNames.Name(u.Role),-10} {(u.Active ? "yes" : "no"),-7} {(u.MustChangePassword ? "yes" : "no"),-12} {string.Join(",", members[u.Id])}");
                return 0;
            });
        });
        return list;
    }

    private static Command CreateDeactivate()
    {
        var username = new Argument<string>("username") { Description = "The account to deactivate." };
        var data = Data();
        var database = StoreOptions.Database();
        var deactivate = new Command("deactivate", "Deactivate an account: it cannot sign in, its sessions end and its API tokens are revoked.") { username, data, database };
        deactivate.SetAction(parse =>
        {
            var dir = parse.GetValue(data)!;
            var conn = parse.GetValue(database);
            StoreOptions.RequireExisting(dir, conn);
            return WithStore(dir, conn, airlock =>
            {
                var user = Find(airlock, parse.GetValue(username)!);
                airlock.SetUserActiveAsync(Operator(), user.Id, active: false).GetAwaiter().GetResult();
                Console.WriteLine($"deactivated {user.Username}: it cannot sign in, its sessions have ended and its API tokens are revoked");
                return 0;
            });
        });
        return deactivate;
    }

    private static Command CreateResetPassword()
    {
        var username = new Argument<string>("username") { Description = "The account whose password to reset." };
        var stdin = PasswordStdin();
        var data = Data();
        var database = StoreOptions.Database();
        var reset = new Command("reset-password",
            "Set a new password (printed once, or read with --password-stdin); the user must change it at next sign-in. Their sessions end and API tokens are revoked.")
        {
            username, stdin, data, database,
        };
        reset.SetAction(parse =>
        {
            var dir = parse.GetValue(data)!;
            var conn = parse.GetValue(database);
            StoreOptions.RequireExisting(dir, conn);
            var fromStdin = parse.GetValue(stdin);
            var password = fromStdin ? ReadPassword() : OneTimePasswords.New();
            return WithStore(dir, conn, airlock =>
            {
                var user = Find(airlock, parse.GetValue(username)!);
                airlock.SetPasswordAsync(Operator(), user.Id, password, mustChange: true).GetAwaiter().GetResult();
                Console.WriteLine($"reset the password of {user.Username}: their sessions have ended and their API tokens are revoked");
                if (!fromStdin) Console.WriteLine($"one-time password: {password}");
                Console.WriteLine($"  {user.Username} must choose their own at next sign-in{(user.Active ? "" : " (the account is deactivated)")}");
                return 0;
            });
        });
        return reset;
    }

    /// <summary>Opens the store, runs the action, and turns the core's refusals (a taken name, a short password) into usage errors.</summary>
    private static int WithStore(string dataDir, string? database, Func<AirlockService, int> action)
    {
        try
        {
            using var airlock = AirlockService.Open(new AirlockOptions { DataDir = dataDir, Database = database });
            return action(airlock);
        }
        catch (AirlockException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Whoever runs this can open the store and so holds everything in it: the operator acts as the system, named in the audit log.</summary>
    private static Actor Operator() => Actor.OperatorCli($"{Environment.UserName}@{Environment.MachineName}");

    private static User Find(AirlockService airlock, string username)
    {
        var name = username.Trim();
        return airlock.ListUsersAsync(Operator()).GetAwaiter().GetResult().FirstOrDefault(u => u.Username == name)
               ?? throw new UsageException($"there is no user {name} (egress users list shows them)");
    }

    /// <summary>One line of standard input, without its line ending; the core checks the rules.</summary>
    private static string ReadPassword()
    {
        var line = Console.In.ReadLine();
        if (string.IsNullOrEmpty(line)) throw new UsageException("--password-stdin: standard input held no password (one line expected)");
        return line.TrimEnd('\r', '\n');
    }

    /// <summary>The --data/--database arguments to repeat in a printed command (the PostgreSQL address is not echoed: it may hold a password).</summary>
    public static string StoreArguments(string dataDir, string? database) =>
        (dataDir == StoreOptions.DefaultDataDir ? "" : $" --data {Quote(dataDir)}") + (database is null ? "" : " --database '<as given to egress serve>'");

    private static string Quote(string s) => s.All(ch => char.IsLetterOrDigit(ch) || ch is '/' or '.' or '_' or '-') ? s : "'" + s.Replace("'", "'\\''") + "'";
}

/// <summary>Role names as people type them: researcher, checker (or output-checker), auditor, admin.</summary>
public static class RoleNames
{
    public const string Valid = "researcher, checker (or output-checker), auditor, admin";

    public static Role Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "researcher" => Role.Researcher,
        "checker" or "output-checker" => Role.Checker,
        "auditor" => Role.Auditor,
        "admin" => Role.Admin,
        _ => throw new UsageException($"unknown role '{text}': the roles are {Valid}"),
    };

    public static string Name(Role role) => role.ToString().ToLowerInvariant();
}
