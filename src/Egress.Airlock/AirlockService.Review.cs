using System.Data.Common;
using System.Text;
using Dapper;
using Egress.Airlock.Storage;
using Egress.Core;

namespace Egress.Airlock;

// Checkers: the queue, a file's findings, a look at its content, votes; and a project's exposure.
public sealed partial class AirlockService
{
    /// <summary>Requests awaiting review that the checker may review (not their project's, not their own), oldest first.</summary>
    public async Task<IReadOnlyList<ReviewItem>> ReviewQueueAsync(Actor actor, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor, Role.Checker);
            var rows = await c.QueryAsync<QueueRow>("""
                SELECT r.id AS request_id, p.name AS project, u.username AS requester, r.description, r.updated AS waiting_since,
                  (SELECT COUNT(*) FROM request_files f WHERE f.request_id = r.id AND f.revision = r.revision AND f.state = 'Review') AS files_to_review,
                  (SELECT COUNT(*) FROM votes v JOIN request_files f ON f.id = v.file_id
                    WHERE f.request_id = r.id AND f.revision = r.revision AND v.checker_id = @me) AS files_voted_by_me
                FROM requests r JOIN projects p ON p.id = r.project_id JOIN users u ON u.id = r.requester_id
                WHERE r.state = 'AwaitingReview' AND r.requester_id <> @me
                  AND r.project_id NOT IN (SELECT project_id FROM memberships WHERE user_id = @me)
                ORDER BY r.updated, r.id
                """, new { me = me.Id });
            return (IReadOnlyList<ReviewItem>)rows.Select(q => new ReviewItem(q.RequestId, q.Project, q.Requester, q.Description,
                Ms.At(q.WaitingSince), (int)q.FilesToReview, (int)q.FilesVotedByMe)).ToList();
        }, ct);

    /// <summary>One file with its findings and the votes the actor may see.</summary>
    public async Task<FileDetail> GetFileAsync(Actor actor, long fileId, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor);
            var file = await LoadFileAsync(c, null, fileId);
            var request = await LoadRequestAsync(c, null, file.RequestId);
            await RequireCanSeeAsync(c, me, request);
            return await DetailAsync(c, me, request, file);
        }, ct);

    /// <summary>
    /// The start of a file under review, as text (at most maxBytes), for a checker deciding on it: only
    /// checkers without a conflict of interest, only while the file awaits review. Audited.
    /// </summary>
    public async Task<FilePreview> PreviewFileAsync(Actor actor, long fileId, int maxBytes = 256 * 1024, CancellationToken ct = default)
    {
        maxBytes = Math.Clamp(maxBytes, 1, 4 * 1024 * 1024);
        var file = await Database.WriteAsync(async (c, tx) =>
        {
            var me = await RequireAsync(c, tx, actor, Role.Checker);
            var f = await LoadFileAsync(c, tx, fileId);
            var r = await LoadRequestAsync(c, tx, f.RequestId);
            if (await HasConflictAsync(c, tx, me, r)) throw new NotFoundException($"no file {fileId}");
            if (f.StateValue != FileState.Review || r.StateValue != RequestState.AwaitingReview || f.Revision != r.Revision)
                throw new InvalidTransitionException($"file {fileId} is not awaiting review");
            await AuditAsync(c, tx, actor, "file.previewed", FileSubject(r.Id, f.Id), new { bytes = Math.Min(maxBytes, f.Bytes) });
            return f;
        }, ct);
        await using var stream = await Quarantine.OpenVerifiedAsync(file.Sha256, ct);
        var buffer = new byte[(int)Math.Min(maxBytes, file.Bytes)];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        return new FilePreview(file.Id, file.Name, Encoding.UTF8.GetString(buffer, 0, read), file.Bytes > read, file.Bytes);
    }

    /// <summary>
    /// A checker's vote on a file under review. Return sends the request back to the researcher at once;
    /// Reject rejects the file; Approve counts towards the approvals the file needs (two for SDC findings by
    /// default, from different checkers). When no file awaits review any more, the request is approved
    /// (every file released or approved) or rejected (any file rejected).
    /// </summary>
    public async Task<VoteOutcome> VoteAsync(Actor actor, long fileId, VoteDecision decision, string comment, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(decision)) throw new InvalidInputException("a vote is approve, reject or return");
        comment = (comment ?? "").Trim();
        if (comment.Length > 4000) throw new InvalidInputException("the comment is longer than 4000 characters");
        if (decision != VoteDecision.Approve && comment.Length == 0) throw new InvalidInputException("say why: rejecting or returning needs a comment for the researcher");
        return await Database.WriteAsync(async (c, tx) =>
        {
            var me = await RequireAsync(c, tx, actor, Role.Checker);
            var file = await LoadFileAsync(c, tx, fileId);
            var request = await LoadRequestAsync(c, tx, file.RequestId, forUpdate: true);
            file = await LoadFileAsync(c, tx, fileId);
            if (await HasConflictAsync(c, tx, me, request))
                throw new NotFoundException($"no file {fileId}");
            if (request.StateValue != RequestState.AwaitingReview || file.StateValue != FileState.Review || file.Revision != request.Revision)
                throw new InvalidTransitionException($"file {fileId} is not awaiting review");
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM votes WHERE file_id = @fileId AND checker_id = @me", new { fileId, me = me.Id }, tx) > 0)
                throw new InvalidTransitionException("you have already voted on this file");
            await c.ExecuteAsync("INSERT INTO votes (file_id, checker_id, decision, comment, at) VALUES (@fileId, @me, @decision, @comment, @now)",
                new { fileId, me = me.Id, decision = decision.ToString(), comment, now = NowMs }, tx);
            var subject = FileSubject(request.Id, file.Id);
            await AuditAsync(c, tx, actor, "file.vote", subject, new { decision = decision.ToString(), hasComment = comment.Length > 0 });

            if (decision == VoteDecision.Return)
            {
                await TransitionAsync(c, tx, request, RequestState.Returned, AuditName(actor), new { file = file.Id });
                return new VoteOutcome(file.StateValue, request.StateValue);
            }
            var approvals = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM votes WHERE file_id = @fileId AND decision = 'Approve'", new { fileId }, tx);
            FileState? decided = decision == VoteDecision.Reject ? FileState.Rejected : approvals >= file.ApprovalsNeeded ? FileState.Approved : null;
            if (decided is not { } newState) return new VoteOutcome(file.StateValue, request.StateValue);
            await c.ExecuteAsync("UPDATE request_files SET state = @state, decided = @now WHERE id = @fileId", new { state = newState.ToString(), now = NowMs, fileId }, tx);
            await AuditAsync(c, tx, actor, "file." + newState.ToString().ToLowerInvariant(), subject, new { approvals, needed = file.ApprovalsNeeded });
            var files = await CurrentFilesAsync(c, tx, request);
            if (files.Any(f => f.StateValue == FileState.Review)) return new VoteOutcome(newState, request.StateValue);
            if (files.Any(f => f.StateValue == FileState.Rejected)) await TransitionAsync(c, tx, request, RequestState.Rejected, AuditName(actor));
            else
            {
                await TransitionAsync(c, tx, request, RequestState.Approved, AuditName(actor));
                await MarkTablesReleasedAsync(c, tx, request, NowMs);
            }
            return new VoteOutcome(newState, request.StateValue);
        }, ct);
    }

    /// <summary>A project's cumulative exposure (checkers, admins, auditors; researchers for their own projects).</summary>
    public async Task<ProjectExposure> GetExposureAsync(Actor actor, string project, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor);
            var projectId = await ProjectIdAsync(c, null, project);
            if (me.RoleValue == Role.Researcher && !await IsMemberAsync(c, null, projectId, me.Id))
                throw new AccessDeniedException($"you are not a member of project {project}");
            var participants = await c.ExecuteScalarAsync<long?>("SELECT participants FROM exposure WHERE project_id = @projectId", new { projectId }) ?? 0;
            var size = Index is { } index && index.ProjectNumber(project) is var p and >= 0 ? index.Projects[p].Participants : 0;
            return new ProjectExposure(project, (int)participants, size, size > 0 ? (double)participants / size : 0);
        }, ct);

    /// <summary>
    /// A file as the viewer may see it. Checkers see another checker's vote only once their own is in and
    /// the file has all the votes it needs (or is decided); researchers see votes once the file is decided or
    /// the request came back to them; admins and auditors see everything.
    /// </summary>
    private async Task<FileDetail> DetailAsync(DbConnection c, UserRow me, RequestRow request, FileRow file)
    {
        var votes = (await c.QueryAsync<VoteRow>(VoteRow.Select + " WHERE v.file_id = @id ORDER BY v.id", new { id = file.Id })).Select(v => v.ToVote()).ToList();
        var decided = file.StateValue is FileState.Approved or FileState.Rejected;
        var mine = votes.Any(v => v.CheckerId == me.Id);
        IReadOnlyList<Vote> visible = me.RoleValue switch
        {
            Role.Checker => (mine && votes.Count >= file.ApprovalsNeeded) || decided ? votes : [.. votes.Where(v => v.CheckerId == me.Id)],
            Role.Researcher => decided || request.StateValue is RequestState.Returned or RequestState.Rejected or RequestState.Approved ? votes : [],
            Role.Admin or Role.Auditor => votes,
            _ => [],
        };
        var findings = file.ReportJson is null ? [] : CheckReportJson.ReadFindings(file.ReportJson);
        var canVote = me.RoleValue == Role.Checker && !mine && file.StateValue == FileState.Review && request.StateValue == RequestState.AwaitingReview
                      && file.Revision == request.Revision && !await HasConflictAsync(c, null, me, request);
        var canDownload = IsDownloadable(request, file) &&
                          (me.RoleValue == Role.Auditor || (me.RoleValue == Role.Researcher && request.RequesterId == me.Id));
        return new FileDetail(file.ToFile(), findings, visible, visible.Count(v => v.Decision == VoteDecision.Approve),
            visible.Count < votes.Count, canVote, canDownload);
    }

    /// <summary>The tables of a request's released and approved files become what later exports are compared with.</summary>
    internal static Task MarkTablesReleasedAsync(DbConnection c, DbTransaction tx, RequestRow request, long now) =>
        c.ExecuteAsync("UPDATE table_counts SET released = @now WHERE released IS NULL AND file_id IN " +
                       "(SELECT id FROM request_files WHERE request_id = @id AND revision = @revision AND state IN ('Released', 'Approved'))",
            new { now, id = request.Id, revision = request.Revision }, tx);

    private sealed class QueueRow
    {
        public long RequestId { get; set; }
        public string Project { get; set; } = "";
        public string Requester { get; set; } = "";
        public string Description { get; set; } = "";
        public long WaitingSince { get; set; }
        public long FilesToReview { get; set; }
        public long FilesVotedByMe { get; set; }
    }
}
