using Egress.Core;

namespace Egress.Airlock;

/// <summary>Where an export request is; <see cref="RequestTransitions"/> says which moves are allowed.</summary>
public enum RequestState
{
    Submitted,
    Checking,
    Released,
    AwaitingReview,
    Blocked,
    Approved,
    Rejected,
    Returned,
    Resubmitted,
    Withdrawn,
}

/// <summary>Where one file of a request is.</summary>
public enum FileState
{
    Pending,
    Checking,
    Released,
    Review,
    Blocked,
    Approved,
    Rejected,
}

public enum VoteDecision
{
    Approve,
    Reject,
    Return,
}

/// <summary>One export request: files a researcher wants to take out of a project, with a description for the checker.</summary>
public sealed record ExportRequest(long Id, string Project, long RequesterId, string Requester, string Description, RequestState State,
    int Revision, DateTimeOffset Created, DateTimeOffset Updated);

/// <summary>
/// One file of a request (of its current revision). ReportJson is the engine's report: locations, counts
/// and bits, never values. Verdict is null until checked.
/// </summary>
public sealed record RequestFile(long Id, long RequestId, int Revision, string Name, string Sha256, long Bytes, FileState State,
    Verdict? Verdict, string? ReportJson, int ApprovalsNeeded, DateTimeOffset Created);

/// <summary>A checker's decision on one file.</summary>
public sealed record Vote(long Id, long FileId, long CheckerId, string Checker, VoteDecision Decision, string Comment, DateTimeOffset At);

/// <summary>One file to submit: its name (no folders) and its content, read once.</summary>
public sealed record UploadFile(string Name, Stream Content);

/// <summary>
/// A file with what the viewer may see: findings from the engine and the airlock (exposure, differencing),
/// and the votes the viewer may see (a checker sees the other checker's vote only when both are in).
/// </summary>
public sealed record FileDetail(RequestFile File, IReadOnlyList<Finding> Findings, IReadOnlyList<Vote> Votes, int Approvals,
    bool VotesHidden, bool CanVote, bool CanDownload);

/// <summary>A request with its current files.</summary>
public sealed record RequestDetail(ExportRequest Request, IReadOnlyList<FileDetail> Files, IReadOnlyList<RequestHistoryEntry> History);

/// <summary>One step of a request's life, from the audit log.</summary>
public sealed record RequestHistoryEntry(DateTimeOffset At, string Actor, string Action, string Details);

/// <summary>A request in a checker's queue: oldest first.</summary>
public sealed record ReviewItem(long RequestId, string Project, string Requester, string Description, DateTimeOffset WaitingSince,
    int FilesToReview, int FilesVotedByMe);

/// <summary>A released file's content with its receipt; the caller disposes the stream.</summary>
public sealed record DownloadedFile(Stream Content, DownloadReceipt Receipt) : IDisposable
{
    public void Dispose() => Content.Dispose();
}

/// <summary>What a download hands over: the file's hash and size, its request and when.</summary>
public sealed record DownloadReceipt(long RequestId, long FileId, string Name, string Sha256, long Bytes, string Project,
    string DownloadedBy, DateTimeOffset At);

/// <summary>A bounded look at a file under review, for a checker.</summary>
public sealed record FilePreview(long FileId, string Name, string Text, bool Truncated, long Bytes);

/// <summary>A project's cumulative exposure: distinct participants whose IDs or records appeared in its exports.</summary>
public sealed record ProjectExposure(string Project, int Participants, int ProjectSize, double Share);

/// <summary>Outcome of a vote: the file's and the request's states afterwards.</summary>
public sealed record VoteOutcome(FileState FileState, RequestState RequestState);
