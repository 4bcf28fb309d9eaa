using Egress.Airlock;
using Egress.Core;

namespace Egress.Web.Api;

// What the REST API sends and receives. Shaped here, not in the core, so the wire format stays stable
// when the domain grows; the CLI reads the same records.

/// <summary>The caller: who they are and which projects they belong to.</summary>
public sealed record MeDto(string Username, string DisplayName, Role Role, IReadOnlyList<string> Projects);

public sealed record RequestSummaryDto(long Id, string Project, string Requester, string Description, RequestState State, int Revision,
    DateTimeOffset Created, DateTimeOffset Updated)
{
    public static RequestSummaryDto From(ExportRequest r) => new(r.Id, r.Project, r.Requester, r.Description, r.State, r.Revision, r.Created, r.Updated);
}

/// <summary>A request with each file's verdict, reasons and votes (as far as the caller may see them).</summary>
public sealed record RequestDto(long Id, string Project, string Requester, string Description, RequestState State, int Revision,
    DateTimeOffset Created, DateTimeOffset Updated, IReadOnlyList<FileDto> Files, IReadOnlyList<HistoryDto> History)
{
    public static RequestDto From(RequestDetail d) => new(d.Request.Id, d.Request.Project, d.Request.Requester, d.Request.Description,
        d.Request.State, d.Request.Revision, d.Request.Created, d.Request.Updated, d.Files.Select(FileDto.From).ToList(),
        d.History.Select(h => new HistoryDto(h.At, h.Actor, h.Action, h.Details)).ToList());
}

public sealed record HistoryDto(DateTimeOffset At, string Actor, string Action, string Details);

public sealed record FileDto(long Id, string Name, string Sha256, long Bytes, FileState State, Verdict? Verdict, int ApprovalsNeeded,
    int Approvals, bool VotesHidden, bool CanVote, bool CanDownload, IReadOnlyList<FindingDto> Findings, IReadOnlyList<VoteDto> Votes)
{
    public static FileDto From(FileDetail f) => new(f.File.Id, f.File.Name, f.File.Sha256, f.File.Bytes, f.File.State, f.File.Verdict,
        f.File.ApprovalsNeeded, f.Approvals, f.VotesHidden, f.CanVote, f.CanDownload, f.Findings.Select(FindingDto.From).ToList(),
        f.Votes.Select(VoteDto.From).ToList());
}

/// <summary>One reason: rule, severity, where, what, how to fix. Locations, counts and bits only — never values.</summary>
public sealed record FindingDto(string Rule, Severity Severity, string Location, string Message, int Participants,
    IReadOnlyList<string> Projects, string? Guidance)
{
    public static FindingDto From(Finding f) => new(f.Rule, f.Severity, f.Location, f.Message, f.Participants, f.Projects, f.Guidance);
}

public sealed record VoteDto(string Checker, VoteDecision Decision, string Comment, DateTimeOffset At)
{
    public static VoteDto From(Vote v) => new(v.Checker, v.Decision, v.Comment, v.At);
}

public sealed record ReviewItemDto(long RequestId, string Project, string Requester, string Description, DateTimeOffset WaitingSince,
    int FilesToReview, int FilesVotedByMe)
{
    public static ReviewItemDto From(ReviewItem i) => new(i.RequestId, i.Project, i.Requester, i.Description, i.WaitingSince, i.FilesToReview, i.FilesVotedByMe);
}

/// <summary>A checker's bounded look at a file under review (withheld when it could show a participant's record).</summary>
public sealed record PreviewDto(long FileId, string Name, long Bytes, bool Shown, string? Text, bool Truncated, string? WithheldBecause);

public sealed record VoteRequest(VoteDecision Decision, string? Comment);

public sealed record VoteOutcomeDto(FileState FileState, RequestState RequestState);

public sealed record ReceiptDto(long RequestId, long FileId, string Name, string Sha256, long Bytes, string Project, string DownloadedBy, DateTimeOffset At)
{
    public static ReceiptDto From(DownloadReceipt r) => new(r.RequestId, r.FileId, r.Name, r.Sha256, r.Bytes, r.Project, r.DownloadedBy, r.At);
}

public sealed record UserDto(long Id, string Username, string DisplayName, Role Role, bool Active, bool MustChangePassword)
{
    public static UserDto From(User u) => new(u.Id, u.Username, u.DisplayName, u.Role, u.Active, u.MustChangePassword);
}

/// <summary>A password change: the current password and the new one twice (a typing mistake is caught before it locks anyone out).</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword, string? NewPasswordAgain);

public sealed record PasswordChangedDto(string Message);

/// <summary>An administrator's reset: the one-time password, shown this once and changed by its user at next sign-in.</summary>
public sealed record OneTimePasswordDto(long UserId, string Password);

public sealed record CreateUserRequest(string Username, string DisplayName, Role Role, string Password);

public sealed record SetActiveRequest(bool Active);

public sealed record ProjectDto(long Id, string Name, string Description, DateTimeOffset Created, IReadOnlyList<string> Members);

public sealed record CreateProjectRequest(string Name, string? Description);

public sealed record TokenDto(long Id, long UserId, string Name, string Prefix, DateTimeOffset Created, DateTimeOffset? Revoked,
    DateTimeOffset Expires, DateTimeOffset? LastUsed)
{
    public static TokenDto From(ApiTokenInfo t) => new(t.Id, t.UserId, t.Name, t.Prefix, t.Created, t.Revoked, t.Expires, t.LastUsed);
}

public sealed record CreateTokenRequest(string Name, string? Username);

/// <summary>A new token: <see cref="Token"/> is shown this once and never stored.</summary>
public sealed record NewTokenDto(TokenDto Info, string Token);

public sealed record AuditEventDto(long Seq, DateTimeOffset At, string Actor, string Action, string Subject, string DetailsJson, string Hash)
{
    public static AuditEventDto From(AuditEvent e) => new(e.Seq, e.At, e.Actor, e.Action, e.Subject, e.DetailsJson, e.Hash);
}

public sealed record AuditPageDto(IReadOnlyList<AuditEventDto> Events, long? Before);

public sealed record AuditVerificationDto(bool Ok, long Events, long? BrokenSeq, string Message);

public sealed record ExposureDto(string Project, int Participants, int ProjectSize, double Share);

/// <summary>Every error answer: the HTTP status and a message a person can act on.</summary>
public sealed record ErrorDto(int Status, string Error);
