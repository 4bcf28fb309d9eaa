using Egress.Airlock.Checking;
using Egress.Core;

namespace Egress.Airlock;

/// <summary>
/// Every operation of the airlock, for the web pages, the REST API and the CLI alike. Each takes the
/// acting user and checks role and project membership itself, throwing <see cref="AccessDeniedException"/>,
/// <see cref="NotFoundException"/>, <see cref="InvalidTransitionException"/>, <see cref="LimitExceededException"/>
/// or <see cref="InvalidInputException"/>. Thread-safe: one instance serves every request of a process.
/// </summary>
public sealed class AirlockService : IDisposable
{
    private AirlockService(AirlockOptions options) => Options = options;

    public AirlockOptions Options { get; }

    public Policy Policy => Options.Policy;

    /// <summary>Opens (and creates or migrates) the store, the quarantine and the index under the data folder.</summary>
    public static AirlockService Open(AirlockOptions options) => throw new NotImplementedException();

    /// <summary>Starts <paramref name="count"/> in-process check workers; dispose the result to stop them.</summary>
    public CheckWorkerPool StartWorkers(int count) => throw new NotImplementedException();

    // ---- Sign-in and tokens ----

    /// <summary>The actor for a username and password, or null (wrong password, unknown or inactive user). Audited.</summary>
    public Task<Actor?> SignInAsync(string username, string password, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The actor for a bearer token, or null (unknown, revoked, or its user inactive).</summary>
    public Task<Actor?> AuthenticateTokenAsync(string token, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The actor for a user id still active (a cookie's user), or null.</summary>
    public Task<Actor?> FindActorAsync(long userId, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<User> GetUserAsync(Actor actor, long userId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>A new token for the actor; the token text is returned once.</summary>
    public Task<NewApiToken> CreateTokenAsync(Actor actor, string name, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The actor's tokens (an admin: every token).</summary>
    public Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(Actor actor, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Revokes one of the actor's tokens (an admin: anyone's).</summary>
    public Task RevokeTokenAsync(Actor actor, long tokenId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Changes the actor's own password after checking the current one.</summary>
    public Task ChangePasswordAsync(Actor actor, string currentPassword, string newPassword, CancellationToken ct = default) => throw new NotImplementedException();

    // ---- Researchers ----

    /// <summary>Projects the actor belongs to (researcher), or every project (other roles).</summary>
    public Task<IReadOnlyList<Project>> MyProjectsAsync(Actor actor, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>
    /// Submits files for export from a project the researcher belongs to. Limits (per-file size, daily
    /// volume and file counts) are checked before a byte is stored; the files go to quarantine and a
    /// check is queued for each.
    /// </summary>
    public Task<ExportRequest> SubmitAsync(Actor actor, string project, string description, IReadOnlyList<UploadFile> files,
        CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The actor's own requests, newest first (an auditor or admin: every request).</summary>
    public Task<IReadOnlyList<ExportRequest>> ListRequestsAsync(Actor actor, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>A request with its files, findings and the votes the actor may see.</summary>
    public Task<RequestDetail> GetRequestAsync(Actor actor, long requestId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The requester withdraws a request that is not final.</summary>
    public Task<ExportRequest> WithdrawAsync(Actor actor, long requestId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>
    /// The requester resubmits a returned or blocked request: drops <paramref name="removeFileIds"/>, adds
    /// <paramref name="addFiles"/>, may change the description; every file of the new revision is checked again.
    /// </summary>
    public Task<ExportRequest> ResubmitAsync(Actor actor, long requestId, string? description, IReadOnlyList<long> removeFileIds,
        IReadOnlyList<UploadFile> addFiles, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>A released file's content and receipt: only its requester and auditors, only once the request is released.</summary>
    public Task<DownloadedFile> DownloadAsync(Actor actor, long fileId, CancellationToken ct = default) => throw new NotImplementedException();

    // ---- Checkers ----

    /// <summary>Requests awaiting review that the checker may review (not their project's, not their own), oldest first.</summary>
    public Task<IReadOnlyList<ReviewItem>> ReviewQueueAsync(Actor actor, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>One file with its findings and the votes the actor may see.</summary>
    public Task<FileDetail> GetFileAsync(Actor actor, long fileId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The start of a file under review as text (at most maxBytes), for the checker deciding on it. Audited.</summary>
    public Task<FilePreview> PreviewFileAsync(Actor actor, long fileId, int maxBytes = 256 * 1024, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>A checker's vote on a file under review; when enough votes are in, the file and request move on.</summary>
    public Task<VoteOutcome> VoteAsync(Actor actor, long fileId, VoteDecision decision, string comment, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>A project's cumulative exposure (checkers, admins, auditors; researchers for their own projects).</summary>
    public Task<ProjectExposure> GetExposureAsync(Actor actor, string project, CancellationToken ct = default) => throw new NotImplementedException();

    // ---- Admins ----

    public Task<IReadOnlyList<User>> ListUsersAsync(Actor actor, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<User> CreateUserAsync(Actor actor, string username, string displayName, Role role, string password, CancellationToken ct = default) =>
        throw new NotImplementedException();

    public Task SetUserActiveAsync(Actor actor, long userId, bool active, CancellationToken ct = default) => throw new NotImplementedException();

    public Task SetPasswordAsync(Actor actor, long userId, string password, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>Every project (admins, checkers, auditors).</summary>
    public Task<IReadOnlyList<Project>> ListProjectsAsync(Actor actor, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>A project; its name must be a project of the cohort index.</summary>
    public Task<Project> CreateProjectAsync(Actor actor, string name, string description, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<IReadOnlyList<Membership>> ListMembershipsAsync(Actor actor, string? project = null, CancellationToken ct = default) =>
        throw new NotImplementedException();

    public Task AddMemberAsync(Actor actor, string project, long userId, CancellationToken ct = default) => throw new NotImplementedException();

    public Task RemoveMemberAsync(Actor actor, string project, long userId, CancellationToken ct = default) => throw new NotImplementedException();

    /// <summary>The policy in force as JSON (admins, checkers and auditors).</summary>
    public string PolicyJson(Actor actor) => throw new NotImplementedException();

    // ---- Auditors ----

    /// <summary>Audit events newest first, before a sequence number (null: from the newest), at most limit.</summary>
    public Task<AuditPage> AuditLogAsync(Actor actor, long? before = null, int limit = 100, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>Walks the whole chain (auditors and admins).</summary>
    public Task<AuditVerification> VerifyAuditAsync(Actor actor, CancellationToken ct = default) => throw new NotImplementedException();

    public void Dispose() { }
}
