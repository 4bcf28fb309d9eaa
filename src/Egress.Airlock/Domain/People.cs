namespace Egress.Airlock;

/// <summary>What a person may do in the airlock. One role per account.</summary>
public enum Role
{
    Researcher,
    Checker,
    Admin,
    Auditor,
}

/// <summary>An account. Passwords and tokens never leave the store; only this view does.</summary>
/// <param name="MustChangePassword">An administrator set the password: the user changes it before doing anything else.</param>
public sealed record User(long Id, string Username, string DisplayName, Role Role, bool Active, bool MustChangePassword = false);

/// <summary>
/// A signed-in user as a session cookie holds them: the actor, the account's security stamp when the session began
/// (a later password change, reset or deactivation bumps it and so ends the session), and whether the password
/// must be changed first.
/// </summary>
public sealed record Session(Actor Actor, long SecurityStamp, bool MustChangePassword);

/// <summary>
/// Who is acting: every service operation takes one and checks the role and project membership itself,
/// so the web pages and the REST API share one set of rules.
/// </summary>
public sealed record Actor(long UserId, string Username, Role Role)
{
    /// <summary>The service itself (seeding, workers): recorded in the audit log as "system"; not a user.</summary>
    public static Actor System { get; } = new(0, "system", Role.Admin) { IsSystem = true };

    /// <summary>
    /// The operator at the server's console (`egress users …` on the store itself): whoever can open the store holds
    /// everything in it already, so it acts as the system, but the audit log names it "operator-cli:" and the OS account.
    /// </summary>
    public static Actor OperatorCli(string osAccount) =>
        new(0, "operator-cli:" + (osAccount.Length <= 64 ? osAccount : osAccount[..64]), Role.Admin) { IsSystem = true };

    /// <summary>Only <see cref="System"/> and <see cref="OperatorCli"/> (settable here only): an actor built elsewhere with the same values is an unknown user.</summary>
    public bool IsSystem { get; private init; }
}

/// <summary>A research project: its name is the project's name in the cohort index (A, B, …).</summary>
public sealed record Project(long Id, string Name, string Description, DateTimeOffset Created);

/// <summary>A researcher's membership of a project.</summary>
public sealed record Membership(long ProjectId, string Project, long UserId, string Username, DateTimeOffset Since);

/// <summary>An API token's public face: its first characters, name and dates (the token itself is only shown once).</summary>
/// <param name="Expires">After this the token is refused (airlock.apiTokenDays from its creation).</param>
/// <param name="LastUsed">When it last authenticated a call (to within a minute), or null: never.</param>
public sealed record ApiTokenInfo(long Id, long UserId, string Name, string Prefix, DateTimeOffset Created, DateTimeOffset? Revoked,
    DateTimeOffset Expires, DateTimeOffset? LastUsed);

/// <summary>A freshly created token: <see cref="Token"/> is shown to its owner once and never stored.</summary>
public sealed record NewApiToken(ApiTokenInfo Info, string Token);
