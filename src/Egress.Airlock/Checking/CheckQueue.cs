using Dapper;
using Egress.Airlock.Storage;

namespace Egress.Airlock.Checking;

/// <summary>A check a worker holds a lease on.</summary>
internal sealed record ClaimedJob(long JobId, long FileId, long Attempts, string Owner, bool Cancelled = false);

/// <summary>
/// The check_jobs table as a queue with leases. A worker claims the oldest queued job — or a running one
/// whose lease has expired, so a worker that died mid-check loses nothing — renews its lease while it
/// checks, and completes the job only while it still holds it (otherwise its result is dropped).
/// PostgreSQL claims with FOR UPDATE SKIP LOCKED; SQLite with the same single UPDATE … RETURNING inside a
/// write transaction (one writer at a time).
/// </summary>
internal sealed class CheckQueue(AirlockService service)
{
    /// <summary>A file whose check was started this many times without finishing is blocked (fail closed: no endless retries).</summary>
    public const int MaxAttempts = 3;

    public async Task<ClaimedJob?> ClaimAsync(string owner, CancellationToken ct = default)
    {
        var db = service.Database;
        return await db.WriteAsync(async (c, tx) =>
        {
            var now = service.NowMs;
            var until = now + (long)service.Options.CheckLease.TotalMilliseconds;
            var job = await c.QuerySingleOrDefaultAsync<JobRow>(
                "UPDATE check_jobs SET state = 'running', lease_owner = @owner, lease_until = @until, attempts = attempts + 1 " +
                "WHERE id = (SELECT id FROM check_jobs WHERE state = 'queued' OR (state = 'running' AND lease_until < @now) " +
                $"ORDER BY id LIMIT 1{db.Dialect.SkipLocked}) RETURNING id, file_id, attempts",
                new { owner, until, now }, tx);
            if (job is null) return null;
            var file = await AirlockService.LoadFileAsync(c, tx, job.FileId);
            var request = await service.LoadRequestAsync(c, tx, file.RequestId, forUpdate: true);
            if (RequestTransitions.IsFinal(request.StateValue) || file.Revision != request.Revision)
            {
                // Withdrawn, or a file of an earlier revision: nothing to check any more.
                await c.ExecuteAsync("UPDATE check_jobs SET state = 'cancelled', finished = @now, lease_until = NULL WHERE id = @id", new { now, id = job.Id }, tx);
                return new ClaimedJob(job.Id, job.FileId, job.Attempts, owner, Cancelled: true);
            }
            await c.ExecuteAsync("UPDATE request_files SET state = 'Checking' WHERE id = @id AND state IN ('Pending', 'Checking')", new { id = file.Id }, tx);
            if (request.StateValue is RequestState.Submitted or RequestState.Resubmitted && file.Revision == request.Revision)
                await service.TransitionAsync(c, tx, request, RequestState.Checking, "system");
            await service.Audit.AppendAsync(c, tx, "system", "check.claimed", AirlockService.FileSubject(request.Id, file.Id),
                new { job = job.Id, attempt = job.Attempts, worker = owner });
            return new ClaimedJob(job.Id, job.FileId, job.Attempts, owner);
        }, ct);
    }

    /// <summary>Extends the lease; false when the job is no longer this worker's.</summary>
    public async Task<bool> RenewAsync(ClaimedJob job, CancellationToken ct = default) =>
        await service.Database.WriteAsync(async (c, tx) => await c.ExecuteAsync(
            "UPDATE check_jobs SET lease_until = @until WHERE id = @id AND lease_owner = @owner AND state = 'running'",
            new { until = service.NowMs + (long)service.Options.CheckLease.TotalMilliseconds, id = job.JobId, owner = job.Owner }, tx) == 1, ct);

    /// <summary>
    /// Records a finished check and moves the file and request on, in one transaction — only while the job is
    /// still this worker's. False when the lease was lost (another worker has the job): nothing is applied.
    /// </summary>
    public async Task<bool> CompleteAsync(ClaimedJob job, CheckResult result, CancellationToken ct = default) =>
        await service.Database.WriteAsync(async (c, tx) =>
        {
            var done = await c.ExecuteAsync(
                "UPDATE check_jobs SET state = 'done', finished = @now, lease_until = NULL WHERE id = @id AND lease_owner = @owner AND state = 'running'",
                new { now = service.NowMs, id = job.JobId, owner = job.Owner }, tx);
            if (done != 1) return false;
            await new CheckCompletion(service, c, tx).ApplyAsync(job, result);
            return true;
        }, ct);

    private sealed class JobRow
    {
        public long Id { get; set; }
        public long FileId { get; set; }
        public long Attempts { get; set; }
    }
}
