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
public sealed record User(long Id, string Username, string DisplayName, Role Role, bool Active);

/// <summary>
/// Who is acting: every service operation takes one and checks the role and project membership itself,
/// so the web pages and the REST API share one set of rules.
/// </summary>
public sealed record Actor(long UserId, string Username, Role Role)
{
    /// <summary>The service itself (seeding, workers): recorded in the audit log as "system"; not a user.</summary>
    public static Actor System { get; } = new(0, "system", Role.Admin);

    /// <summary>Only the one <see cref="System"/> instance: an actor built elsewhere with the same values is an unknown user.</summary>
    public bool IsSystem => ReferenceEquals(this, System);
}

/// <summary>A research project: its name is the project's name in the cohort index (A, B, …).</summary>
public sealed record Project(long Id, string Name, string Description, DateTimeOffset Created);

/// <summary>A researcher's membership of a project.</summary>
public sealed record Membership(long ProjectId, string Project, long UserId, string Username, DateTimeOffset Since);

/// <summary>An API token's public face: its first characters, name and dates (the token itself is only shown once).</summary>
public sealed record ApiTokenInfo(long Id, long UserId, string Name, string Prefix, DateTimeOffset Created, DateTimeOffset? Revoked);

/// <summary>A freshly created token: <see cref="Token"/> is shown to its owner once and never stored.</summary>
public sealed record NewApiToken(ApiTokenInfo Info, string Token);
