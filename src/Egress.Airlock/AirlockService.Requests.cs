using System.Data.Common;
using Dapper;
using Egress.Airlock.Limits;
using Egress.Airlock.Storage;
using Egress.Core;

namespace Egress.Airlock;

// Researchers: submit, list, see, withdraw, resubmit, download.
public sealed partial class AirlockService
{
    public const int MaxDescriptionLength = 4000;
    private UploadLimits Limits => new(Policy);

    /// <summary>
    /// Submits files for export from a project the researcher belongs to. Limits (per-file size, daily
    /// volume and file counts) are checked before a byte is stored: an upload is read into a capped
    /// temporary file and refused the moment it passes a limit. The files go to quarantine (content-addressed)
    /// before the request is committed, so a stored request always has its files; a check is queued for each.
    /// </summary>
    public async Task<ExportRequest> SubmitAsync(Actor actor, string project, string description, IReadOnlyList<UploadFile> files,
        CancellationToken ct = default)
    {
        description = RequireText(description, "description", MaxDescriptionLength);
        var names = FileNames(files);
        if (Index is null) throw new InvalidInputException("the airlock has no cohort index yet, so nothing can be checked");
        var (projectId, left) = await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor, Role.Researcher);
            var pid = await ProjectIdAsync(c, null, project);
            if (!await IsMemberAsync(c, null, pid, me.Id)) throw new AccessDeniedException($"you are not a member of project {project}");
            var allowance = await Limits.RemainingAsync(c, null, pid, me.Id, Now);
            Limits.RequireFiles(allowance, files.Count);
            return (pid, allowance);
        }, ct);
        var staged = await StageAsync(files, names, left, ct);
        try
        {
            return await Database.WriteAsync(async (c, tx) =>
            {
                var me = await RequireAsync(c, tx, actor, Role.Researcher);
                if (!await IsMemberAsync(c, tx, projectId, me.Id)) throw new AccessDeniedException($"you are not a member of project {project}");
                await LockProjectAsync(c, tx, projectId);
                var allowance = await Limits.RemainingAsync(c, tx, projectId, me.Id, Now);
                Limits.RequireFiles(allowance, files.Count);
                Limits.RequireBytes(allowance, staged.Sum(s => s.Bytes));
                var now = NowMs;
                var requestId = await c.ExecuteScalarAsync<long>(
                    "INSERT INTO requests (project_id, requester_id, description, state, revision, created, updated) " +
                    "VALUES (@projectId, @user, @description, @state, 1, @now, @now) RETURNING id",
                    new { projectId, user = me.Id, description, state = nameof(RequestState.Submitted), now }, tx);
                await AuditAsync(c, tx, actor, "request.submitted", $"request/{requestId}",
                    new { project, revision = 1, files = staged.Select((s, i) => new { name = names[i], sha256 = s.Sha256, bytes = s.Bytes }) });
                for (var i = 0; i < staged.Count; i++)
                    await AddFileAsync(c, tx, requestId, 1, names[i], staged[i].Sha256, staged[i].Bytes, uploaded: true);
                return (await LoadRequestAsync(c, tx, requestId)).ToRequest();
            }, ct);
        }
        finally
        {
            foreach (var s in staged) s.Dispose();
        }
    }

    /// <summary>The actor's own requests (a checker: those of projects they may review; admins and auditors: all), newest 500.</summary>
    public Task<IReadOnlyList<ExportRequest>> ListRequestsAsync(Actor actor, CancellationToken ct = default) => ListRequestsAsync(actor, null, 500, ct);

    /// <summary>The same, a page at a time: requests with an id below <paramref name="before"/> (null: the newest), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ExportRequest>> ListRequestsAsync(Actor actor, long? before, int limit, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor);
            var where = me.RoleValue switch
            {
                Role.Researcher => " WHERE r.requester_id = @id",
                Role.Checker => " WHERE r.requester_id <> @id AND r.project_id NOT IN (SELECT project_id FROM memberships WHERE user_id = @id)",
                Role.Admin or Role.Auditor => " WHERE 1 = 1",
                _ => throw new AccessDeniedException("unknown role"),
            };
            var rows = await c.QueryAsync<RequestRow>(RequestRow.Select + where + " AND r.id < @before ORDER BY r.id DESC LIMIT @limit",
                new { id = me.Id, before = before ?? long.MaxValue, limit = (long)Math.Clamp(limit, 1, 1000) });
            return (IReadOnlyList<ExportRequest>)rows.Select(r => r.ToRequest()).ToList();
        }, ct);

    /// <summary>A request with its current files, their findings, the votes the actor may see, and its history.</summary>
    public async Task<RequestDetail> GetRequestAsync(Actor actor, long requestId, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor);
            var request = await LoadRequestAsync(c, null, requestId);
            await RequireCanSeeAsync(c, me, request);
            var files = new List<FileDetail>();
            foreach (var f in await CurrentFilesAsync(c, null, request)) files.Add(await DetailAsync(c, me, request, f));
            // Votes appear in the files' details, with their visibility rules; the history leaves them out.
            var hideVotes = me.RoleValue is Role.Checker or Role.Researcher;
            var history = await c.QueryAsync<AuditRow>(
                "SELECT seq, at, actor, action, subject, details_json, prev_hash, hash FROM audit_events " +
                "WHERE (subject = @subject OR subject LIKE @prefix) AND (@hide = 0 OR action <> 'file.vote') ORDER BY seq",
                new { subject = $"request/{requestId}", prefix = $"request/{requestId}/%", hide = hideVotes ? 1 : 0 });
            return new RequestDetail(request.ToRequest(), files,
                history.Select(h => new RequestHistoryEntry(Ms.At(h.At), h.Actor, h.Action, h.DetailsJson)).ToList());
        }, ct);

    /// <summary>The requester withdraws a request that is not final; its queued checks are cancelled.</summary>
    public async Task<ExportRequest> WithdrawAsync(Actor actor, long requestId, CancellationToken ct = default) =>
        await Database.WriteAsync(async (c, tx) =>
        {
            var me = await RequireAsync(c, tx, actor, Role.Researcher);
            var request = await LoadRequestAsync(c, tx, requestId, forUpdate: true);
            if (request.RequesterId != me.Id) throw new NotFoundException($"no request {requestId}");
            RequestTransitions.Require(request.StateValue, RequestState.Withdrawn);
            await c.ExecuteAsync("UPDATE check_jobs SET state = 'cancelled', finished = @now WHERE state = 'queued' AND file_id IN " +
                                 "(SELECT id FROM request_files WHERE request_id = @requestId)", new { now = NowMs, requestId }, tx);
            await TransitionAsync(c, tx, request, RequestState.Withdrawn, AuditName(actor));
            return request.ToRequest();
        }, ct);

    /// <summary>
    /// The requester resubmits a returned or blocked request as a new revision: the current files minus
    /// <paramref name="removeFileIds"/>, plus <paramref name="addFiles"/> (limits apply as to a submission);
    /// every file of the new revision is checked again.
    /// </summary>
    public async Task<ExportRequest> ResubmitAsync(Actor actor, long requestId, string? description, IReadOnlyList<long> removeFileIds,
        IReadOnlyList<UploadFile> addFiles, CancellationToken ct = default)
    {
        if (description is not null) description = RequireText(description, "description", MaxDescriptionLength);
        var names = addFiles.Count == 0 ? [] : FileNames(addFiles);
        var (request, left) = await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor, Role.Researcher);
            var r = await LoadRequestAsync(c, null, requestId);
            if (r.RequesterId != me.Id) throw new NotFoundException($"no request {requestId}");
            RequestTransitions.Require(r.StateValue, RequestState.Resubmitted);
            var allowance = await Limits.RemainingAsync(c, null, r.ProjectId, me.Id, Now);
            if (addFiles.Count > 0) Limits.RequireFiles(allowance, addFiles.Count);
            return (r, allowance);
        }, ct);
        var staged = await StageAsync(addFiles, names, left, ct);
        try
        {
            return await Database.WriteAsync(async (c, tx) =>
            {
                var me = await RequireAsync(c, tx, actor, Role.Researcher);
                var current = await LoadRequestAsync(c, tx, requestId, forUpdate: true);
                if (current.RequesterId != me.Id || current.Revision != request.Revision)
                    throw new InvalidTransitionException($"request {requestId} changed meanwhile; try again");
                var files = await CurrentFilesAsync(c, tx, current);
                var unknown = removeFileIds.Where(id => files.All(f => f.Id != id)).ToList();
                if (unknown.Count > 0) throw new NotFoundException($"request {requestId} has no file {unknown[0]} in its current revision");
                var kept = files.Where(f => !removeFileIds.Contains(f.Id)).ToList();
                var allNames = kept.Select(f => f.Name).Concat(names).ToList();
                if (allNames.Count == 0) throw new InvalidInputException("a resubmitted request needs at least one file");
                if (allNames.Distinct(StringComparer.Ordinal).Count() != allNames.Count) throw new InvalidInputException("two files of the request have the same name");
                await LockProjectAsync(c, tx, current.ProjectId);
                if (staged.Count > 0)
                {
                    var allowance = await Limits.RemainingAsync(c, tx, current.ProjectId, me.Id, Now);
                    Limits.RequireFiles(allowance, staged.Count);
                    Limits.RequireBytes(allowance, staged.Sum(s => s.Bytes));
                }
                var revision = current.Revision + 1;
                await c.ExecuteAsync("UPDATE requests SET revision = @revision, description = @description WHERE id = @requestId",
                    new { revision, description = description ?? current.Description, requestId }, tx);
                current.Revision = revision;
                await TransitionAsync(c, tx, current, RequestState.Resubmitted, AuditName(actor), new
                {
                    removed = removeFileIds,
                    kept = kept.Select(f => f.Id),
                    added = staged.Select((s, i) => new { name = names[i], sha256 = s.Sha256, bytes = s.Bytes }),
                });
                foreach (var f in kept) await AddFileAsync(c, tx, requestId, revision, f.Name, f.Sha256, f.Bytes, uploaded: false);
                for (var i = 0; i < staged.Count; i++) await AddFileAsync(c, tx, requestId, revision, names[i], staged[i].Sha256, staged[i].Bytes, uploaded: true);
                return (await LoadRequestAsync(c, tx, requestId)).ToRequest();
            }, ct);
        }
        finally
        {
            foreach (var s in staged) s.Dispose();
        }
    }

    /// <summary>
    /// A released file's content and receipt: only its requester and auditors, only once the whole request is
    /// released or approved, only the current revision. Anything else is never served from quarantine.
    /// </summary>
    public async Task<DownloadedFile> DownloadAsync(Actor actor, long fileId, CancellationToken ct = default)
    {
        var (file, request) = await DownloadableAsync(actor, fileId, ct);
        // Released is final: nothing can make the file unreleased between the check and here. The hash is
        // checked before anything is handed over, and the download is recorded only once it can happen.
        var stream = await Quarantine.OpenVerifiedAsync(file.Sha256, ct);
        try
        {
            var at = Now;
            await Database.WriteAsync((c, tx) => AuditAsync(c, tx, actor, "file.downloaded", FileSubject(request.Id, file.Id), new { sha256 = file.Sha256, bytes = file.Bytes }), ct);
            return new DownloadedFile(stream, new DownloadReceipt(request.Id, file.Id, file.Name, file.Sha256, file.Bytes, request.Project, actor.Username, at));
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A released file's receipt without its content, for the same people as <see cref="DownloadAsync"/>; audited as
    /// "file.receipt-viewed" (not as a download: looking at a receipt hands nothing over).
    /// </summary>
    public async Task<DownloadReceipt> ReceiptAsync(Actor actor, long fileId, CancellationToken ct = default)
    {
        var (file, request) = await DownloadableAsync(actor, fileId, ct);
        var at = Now;
        await Database.WriteAsync((c, tx) => AuditAsync(c, tx, actor, "file.receipt-viewed", FileSubject(request.Id, file.Id), new { sha256 = file.Sha256 }), ct);
        return new DownloadReceipt(request.Id, file.Id, file.Name, file.Sha256, file.Bytes, request.Project, actor.Username, at);
    }

    /// <summary>A file the actor may download now: its requester or an auditor, released, the current revision.</summary>
    private async Task<(FileRow File, RequestRow Request)> DownloadableAsync(Actor actor, long fileId, CancellationToken ct) =>
        await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor, Role.Researcher, Role.Auditor);
            var f = await LoadFileAsync(c, null, fileId);
            var r = await LoadRequestAsync(c, null, f.RequestId);
            if (me.RoleValue == Role.Researcher && r.RequesterId != me.Id) throw new NotFoundException($"no file {fileId}");
            if (!IsDownloadable(r, f)) throw new InvalidTransitionException($"file {fileId} is not released");
            return (f, r);
        }, ct);

    internal static bool IsDownloadable(RequestRow r, FileRow f) =>
        RequestTransitions.IsReleased(r.StateValue) && f.Revision == r.Revision && f.StateValue is FileState.Released or FileState.Approved;

    // ---- Shared pieces ----

    /// <summary>What a worker needs to check a file: its name, content address and project.</summary>
    internal async Task<(string Name, string Sha256, string Project)> FileForCheckAsync(long fileId, CancellationToken ct) =>
        await Database.ReadAsync(async c =>
        {
            var f = await LoadFileAsync(c, null, fileId);
            var r = await LoadRequestAsync(c, null, f.RequestId);
            return (f.Name, f.Sha256, r.Project);
        }, ct);

    /// <summary>
    /// The files of the request a file belongs to (its revision), in order, for a check of the request's files together;
    /// the file's own place among them.
    /// </summary>
    internal async Task<(IReadOnlyList<(long Id, string Name, string Sha256, long Bytes)> Files, int Own)> RequestFilesForCheckAsync(long fileId, CancellationToken ct) =>
        await Database.ReadAsync(async c =>
        {
            var f = await LoadFileAsync(c, null, fileId);
            var files = (await c.QueryAsync<FileRow>($"SELECT {FileRow.Columns} FROM request_files WHERE request_id = @r AND revision = @v ORDER BY id",
                new { r = f.RequestId, v = f.Revision })).Select(x => (x.Id, x.Name, x.Sha256, x.Bytes)).ToList();
            return ((IReadOnlyList<(long, string, string, long)>)files, files.FindIndex(x => x.Id == fileId));
        }, ct);

    private async Task AddFileAsync(DbConnection c, DbTransaction tx, long requestId, long revision, string name, string sha256, long bytes, bool uploaded)
    {
        var now = NowMs;
        var fileId = await c.ExecuteScalarAsync<long>(
            "INSERT INTO request_files (request_id, revision, name, sha256, bytes, state, approvals_needed, uploaded, created) " +
            "VALUES (@requestId, @revision, @name, @sha256, @bytes, @state, 1, @uploaded, @now) RETURNING id",
            new { requestId, revision, name, sha256, bytes, state = nameof(FileState.Pending), uploaded = uploaded ? 1 : 0, now }, tx);
        await c.ExecuteAsync("INSERT INTO check_jobs (file_id, state, attempts, created) VALUES (@fileId, 'queued', 0, @now)", new { fileId, now }, tx);
    }

    /// <summary>Serialises uploads of one project on PostgreSQL, so two at once cannot both pass the last of an allowance.</summary>
    private Task LockProjectAsync(DbConnection c, DbTransaction tx, long projectId) =>
        c.ExecuteAsync("SELECT id FROM projects WHERE id = @projectId" + Database.Dialect.ForUpdate, new { projectId }, tx);

    /// <summary>Reads every upload into a capped temporary file and moves it into quarantine; nothing stays of a refused upload.</summary>
    private async Task<List<Storage.Quarantine.Staged>> StageAsync(IReadOnlyList<UploadFile> files, IReadOnlyList<string> names, Allowance left, CancellationToken ct)
    {
        var staged = new List<Storage.Quarantine.Staged>();
        try
        {
            long sum = 0;
            for (var i = 0; i < files.Count; i++)
            {
                var (cap, refusal) = Limits.CapFor(names[i], left, sum);
                var s = await Quarantine.StageAsync(files[i].Content, cap, refusal, ct);
                staged.Add(s);
                sum += s.Bytes;
            }
            // Into quarantine before the request is committed: a stored request always has its files.
            foreach (var s in staged) Quarantine.Commit(s);
            return staged;
        }
        catch
        {
            foreach (var s in staged) s.Dispose();
            throw;
        }
    }

    /// <summary>File names as given, without folders; empty, control characters and duplicates refused.</summary>
    private List<string> FileNames(IReadOnlyList<UploadFile> files)
    {
        if (files.Count == 0) throw new InvalidInputException("a request needs at least one file");
        if (files.Count > Policy.Airlock.MaxFilesPerRequest)
            throw new LimitExceededException($"a request holds at most {Policy.Airlock.MaxFilesPerRequest} files (airlock.maxFilesPerRequest)");
        var names = new List<string>();
        foreach (var f in files)
        {
            var name = Path.GetFileName((f.Name ?? "").Replace('\\', '/')).Trim();
            if (name.Length == 0 || name is "." or ".." || name.Length > 200 || name.Any(char.IsControl))
                throw new InvalidInputException($"'{f.Name}' is not a usable file name");
            if (HasInvisibleCharacters(name))
                throw new InvalidInputException($"the file name '{Escaped(name)}' holds invisible or direction-changing characters: rename the file");
            if (names.Contains(name, StringComparer.Ordinal)) throw new InvalidInputException($"two files are named {name}");
            names.Add(name);
        }
        return names;
    }

    /// <summary>
    /// Characters that change how a name reads without showing (Unicode format characters such as right-to-left
    /// overrides and zero-width joiners, line and paragraph separators, unpaired surrogates): "evil\u202Egnp.csv"
    /// shows as "evilvsc.png".
    /// </summary>
    internal static bool HasInvisibleCharacters(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            var ch = name[i];
            if (char.IsHighSurrogate(ch) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1])) { i++; continue; }
            if (char.IsSurrogate(ch)) return true;
            if (char.GetUnicodeCategory(ch) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator
                or System.Globalization.UnicodeCategory.ParagraphSeparator) return true;
        }
        return false;
    }

    /// <summary>A name with its invisible characters written as \uXXXX, for a message.</summary>
    private static string Escaped(string name) =>
        string.Concat(name.Select(ch => HasInvisibleCharacters(ch.ToString()) ? $"\\u{(int)ch:X4}" : ch.ToString()));

    /// <summary>
    /// Who may see a request: its requester, checkers without a conflict of interest, admins and auditors. Anyone else
    /// is told it does not exist (404, like a missing id: ids do not reveal what exists), and a role this does not
    /// know sees nothing.
    /// </summary>
    private static async Task RequireCanSeeAsync(DbConnection c, UserRow me, RequestRow request)
    {
        var visible = me.RoleValue switch
        {
            Role.Researcher => request.RequesterId == me.Id,
            Role.Checker => !await HasConflictAsync(c, null, me, request),
            Role.Admin or Role.Auditor => true,
            _ => false,
        };
        if (!visible) throw new NotFoundException($"no request {request.Id}");
    }

    internal static async Task<bool> HasConflictAsync(DbConnection c, DbTransaction? tx, UserRow me, RequestRow request) =>
        request.RequesterId == me.Id || await IsMemberAsync(c, tx, request.ProjectId, me.Id);
}
