using Egress.Core;

namespace Egress.Airlock.Storage;

// Rows as Dapper reads them (every number a long, enums as their names), turned into the domain's records.

internal sealed class UserRow
{
    public long Id { get; set; }
    public string Username { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public long Active { get; set; }
    public string PasswordHash { get; set; } = "";
    public long SecurityStamp { get; set; }
    public long MustChangePassword { get; set; }

    /// <summary>The stored role by its exact name; anything else (a number, an unknown name) is an undefined value every access check refuses.</summary>
    public Role RoleValue => Enum.TryParse<Role>(Role, out var r) && Enum.IsDefined(r) && r.ToString() == Role ? r : (Role)(-1);
    public User ToUser() => new(Id, Username, DisplayName, RoleValue, Active != 0, MustChangePassword != 0);
    public Actor ToActor() => new(Id, Username, RoleValue);
    public Session ToSession() => new(ToActor(), SecurityStamp, MustChangePassword != 0);

    public const string Columns = "id, username, display_name, role, active, password_hash, security_stamp, must_change_password";
}

internal sealed class ProjectRow
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public long Created { get; set; }

    public Project ToProject() => new(Id, Name, Description, Ms.At(Created));
}

internal sealed class RequestRow
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public string Project { get; set; } = "";
    public long RequesterId { get; set; }
    public string Requester { get; set; } = "";
    public string Description { get; set; } = "";
    public string State { get; set; } = "";
    public long Revision { get; set; }
    public long Created { get; set; }
    public long Updated { get; set; }

    public RequestState StateValue => Enum.Parse<RequestState>(State);

    public ExportRequest ToRequest() => new(Id, Project, RequesterId, Requester, Description, StateValue, (int)Revision, Ms.At(Created), Ms.At(Updated));

    public const string Select = """
        SELECT r.id, r.project_id, p.name AS project, r.requester_id, u.username AS requester, r.description, r.state, r.revision, r.created, r.updated
        FROM requests r JOIN projects p ON p.id = r.project_id JOIN users u ON u.id = r.requester_id
        """;
}

internal sealed class FileRow
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public long Revision { get; set; }
    public string Name { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public long Bytes { get; set; }
    public string State { get; set; } = "";
    public string? Verdict { get; set; }
    public string? ReportJson { get; set; }
    public long ApprovalsNeeded { get; set; }
    public long Created { get; set; }

    public FileState StateValue => Enum.Parse<FileState>(State);

    public RequestFile ToFile() => new(Id, RequestId, (int)Revision, Name, Sha256, Bytes, StateValue,
        Verdict is null ? null : Enum.Parse<Verdict>(Verdict), ReportJson, (int)ApprovalsNeeded, Ms.At(Created));

    public const string Columns = "id, request_id, revision, name, sha256, bytes, state, verdict, report_json, approvals_needed, created";
}

internal sealed class VoteRow
{
    public long Id { get; set; }
    public long FileId { get; set; }
    public long CheckerId { get; set; }
    public string Checker { get; set; } = "";
    public string Decision { get; set; } = "";
    public string Comment { get; set; } = "";
    public long At { get; set; }

    public Vote ToVote() => new(Id, FileId, CheckerId, Checker, Enum.Parse<VoteDecision>(Decision), Comment, Ms.At(At));

    public const string Select = "SELECT v.id, v.file_id, v.checker_id, u.username AS checker, v.decision, v.comment, v.at FROM votes v JOIN users u ON u.id = v.checker_id";
}

internal sealed class TokenRow
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public long Created { get; set; }
    public long? Revoked { get; set; }
    public long Expires { get; set; }
    public long? LastUsed { get; set; }

    /// <summary>The columns, with a token made before expiry existed expiring <paramref name="maxAgeMs"/> after its creation.</summary>
    public static string Columns(long maxAgeMs) =>
        $"id, user_id, name, prefix, created, revoked, COALESCE(expires, created + {maxAgeMs}) AS expires, last_used";

    public ApiTokenInfo ToInfo() => new(Id, UserId, Name, Prefix, Ms.At(Created), Revoked is { } r ? Ms.At(r) : null, Ms.At(Expires),
        LastUsed is { } u ? Ms.At(u) : null);
}

internal sealed class AuditRow
{
    public long Seq { get; set; }
    public long At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string Subject { get; set; } = "";
    public string DetailsJson { get; set; } = "";
    public string PrevHash { get; set; } = "";
    public string Hash { get; set; } = "";

    public AuditEvent ToEvent() => new(Seq, Ms.At(At), Actor, Action, Subject, DetailsJson, PrevHash, Hash);
}
