using Dapper;
using Egress.Airlock.Checking;
using Egress.Core;

namespace Egress.Airlock.Monitoring;

/// <summary>
/// Checks the files released on a day again, with the worker's own code (the quarantined copy, its hash
/// verified, through the engine) against the current index and policy. A file is listed when the new verdict
/// is not release and is worse than the one it was released with — so a file a checker approved after review
/// is listed only when it would now be blocked. A re-check that cannot finish counts as a block (fail closed).
/// The airlock's own rules (exposure, differencing) depend on what happened before and are not re-run.
/// </summary>
internal sealed class ReleasedFileRescan(AirlockService service)
{
    public async Task<RescanResult> RunAsync(long from, long to, CancellationToken ct)
    {
        if (service.Index is null) return new RescanResult(false, "the airlock has no cohort index, so nothing could be checked again", 0, []);
        var files = await service.Database.ReadAsync(async c => (await c.QueryAsync<ReleasedRow>(
            "SELECT f.id, f.request_id, p.name AS project, u.username AS requester, f.name, f.sha256, f.verdict " +
            "FROM request_files f JOIN requests q ON q.id = f.request_id JOIN projects p ON p.id = q.project_id JOIN users u ON u.id = q.requester_id " +
            "WHERE q.state IN ('Released', 'Approved') AND q.updated >= @from AND q.updated < @to AND f.revision = q.revision " +
            "AND f.state IN ('Released', 'Approved') ORDER BY f.id", new { from, to })).ToList(), ct);
        var worker = service.CreateWorker("rescan");
        var wouldFail = new List<RescanFinding>();
        foreach (var f in files)
        {
            CheckResult result;
            try
            {
                result = await worker.CheckAsync(new ClaimedJob(0, f.Id, 0, worker.Name), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = CheckResult.Failed($"{e.GetType().Name}: {e.Message}");
            }
            var report = result.Report(f.Name, f.Project, 0);
            var was = f.Verdict is null ? Verdict.Release : Enum.Parse<Verdict>(f.Verdict);
            if (report.Verdict == Verdict.Release || report.Verdict <= was) continue;
            wouldFail.Add(new RescanFinding(f.RequestId, f.Id, f.Project, f.Requester, f.Name, f.Sha256, was, report.Verdict,
                report.Findings.Where(x => x.Severity != Severity.Info).Select(x => x.Rule).Distinct().ToList()));
        }
        return new RescanResult(true, null, files.Count, wouldFail);
    }

    private sealed class ReleasedRow
    {
        public long Id { get; set; }
        public long RequestId { get; set; }
        public string Project { get; set; } = "";
        public string Requester { get; set; } = "";
        public string Name { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public string? Verdict { get; set; }
    }
}
