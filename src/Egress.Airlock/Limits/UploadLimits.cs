using System.Data.Common;
using Dapper;
using Egress.Core;

namespace Egress.Airlock.Limits;

/// <summary>
/// The daily allowances (UTC day) of a project and of a researcher: bytes and files uploaded today,
/// whatever became of them. Checked before an upload is read and again, with the actual sizes, in the
/// transaction that stores it.
/// </summary>
internal sealed class UploadLimits(Policy policy)
{
    /// <summary>What is left today for a project and a researcher: the smaller of the two.</summary>
    public async Task<Allowance> RemainingAsync(DbConnection c, DbTransaction? tx, long projectId, long userId, DateTimeOffset now)
    {
        var since = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var project = await c.QuerySingleAsync<Usage>(
            "SELECT CAST(COUNT(*) AS BIGINT) AS files, CAST(COALESCE(SUM(f.bytes), 0) AS BIGINT) AS bytes FROM request_files f " +
            "JOIN requests r ON r.id = f.request_id WHERE r.project_id = @projectId AND f.uploaded = 1 AND f.created >= @since",
            new { projectId, since }, tx);
        var user = await c.QuerySingleAsync<Usage>(
            "SELECT CAST(COUNT(*) AS BIGINT) AS files, CAST(COALESCE(SUM(f.bytes), 0) AS BIGINT) AS bytes FROM request_files f " +
            "JOIN requests r ON r.id = f.request_id WHERE r.requester_id = @userId AND f.uploaded = 1 AND f.created >= @since",
            new { userId, since }, tx);
        var a = policy.Airlock;
        return new Allowance(
            ProjectBytes: a.ProjectDaily.Bytes - project.Bytes, ProjectFiles: a.ProjectDaily.Files - project.Files,
            UserBytes: a.ResearcherDaily.Bytes - user.Bytes, UserFiles: a.ResearcherDaily.Files - user.Files);
    }

    /// <summary>Refuses when the files would pass a count allowance or the per-request cap.</summary>
    public void RequireFiles(Allowance left, int files)
    {
        if (files > policy.Airlock.MaxFilesPerRequest)
            throw new LimitExceededException($"a request holds at most {policy.Airlock.MaxFilesPerRequest} files (airlock.maxFilesPerRequest)");
        if (files > left.ProjectFiles)
            throw new LimitExceededException($"the project's daily file allowance is used up: {Math.Max(0, left.ProjectFiles)} more today (airlock.projectDaily.files)", isDailyAllowance: true);
        if (files > left.UserFiles)
            throw new LimitExceededException($"your daily file allowance is used up: {Math.Max(0, left.UserFiles)} more today (airlock.researcherDaily.files)", isDailyAllowance: true);
    }

    /// <summary>Refuses when the bytes would pass a volume allowance.</summary>
    public void RequireBytes(Allowance left, long bytes)
    {
        if (bytes > left.ProjectBytes)
            throw new LimitExceededException($"the project's daily volume is used up: {Math.Max(0, left.ProjectBytes):N0} more bytes today (airlock.projectDaily.bytes)", isDailyAllowance: true);
        if (bytes > left.UserBytes)
            throw new LimitExceededException($"your daily volume is used up: {Math.Max(0, left.UserBytes):N0} more bytes today (airlock.researcherDaily.bytes)", isDailyAllowance: true);
    }

    /// <summary>The most one upload may hold: the per-file cap or what is left of the day's volume.</summary>
    public (long Cap, Func<long, LimitExceededException> Refusal) CapFor(string name, Allowance left, long stagedSoFar)
    {
        var perFile = policy.Limits.MaxFileBytes;
        var daily = Math.Max(0, Math.Min(left.ProjectBytes, left.UserBytes) - stagedSoFar);
        if (perFile <= daily)
            return (perFile, n => new LimitExceededException($"{name} is larger than the per-file limit of {perFile:N0} bytes (limits.maxFileBytes); nothing was stored"));
        var key = left.UserBytes < left.ProjectBytes ? "airlock.researcherDaily.bytes" : "airlock.projectDaily.bytes";
        return (daily, n => new LimitExceededException($"{name} would pass the daily volume allowance ({daily:N0} bytes left today, {key}); nothing was stored",
            isDailyAllowance: true));
    }

    private sealed class Usage
    {
        public long Files { get; set; }
        public long Bytes { get; set; }
    }
}

internal readonly record struct Allowance(long ProjectBytes, long ProjectFiles, long UserBytes, long UserFiles);
