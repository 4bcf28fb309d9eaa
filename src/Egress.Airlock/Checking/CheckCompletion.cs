using System.Data.Common;
using Dapper;
using Egress.Airlock.Storage;
using Egress.Checks;
using Egress.Core;

namespace Egress.Airlock.Checking;

/// <summary>
/// Applies a finished check inside the completing transaction: the project's cumulative exposure, the
/// differencing test against tables the project already released, the file's verdict and the approvals it
/// needs, and — when it was the request's last file — the request's state.
/// </summary>
internal sealed class CheckCompletion(AirlockService service, DbConnection c, DbTransaction tx)
{
    public const string ExposureRule = "airlock-exposure";
    public const string DifferencingRule = "airlock-differencing";

    private Policy Policy => service.Policy;

    public async Task ApplyAsync(ClaimedJob job, CheckResult result)
    {
        var file = await AirlockService.LoadFileAsync(c, tx, job.FileId);
        var request = await service.LoadRequestAsync(c, tx, file.RequestId, forUpdate: true);
        file = await AirlockService.LoadFileAsync(c, tx, job.FileId);
        var subject = AirlockService.FileSubject(request.Id, file.Id);
        var report = result.Report(file.Name, request.Project, file.Bytes);
        var findings = report.Findings.ToList();
        long exposureAdded = 0;
        if (result.Outcome is { } outcome)
        {
            var (exposureFindings, added) = await ExposureAsync(request, outcome.Participants);
            exposureAdded = added;
            findings.AddRange(exposureFindings);
            findings.AddRange(await DifferencingAsync(request, file, report, outcome.Tables));
        }
        report = report with { Findings = findings, Verdict = VerdictRules.Combine(findings) };
        var json = CheckReportJson.Write(report);
        var current = file.Revision == request.Revision && request.StateValue == RequestState.Checking;
        var state = report.Verdict switch
        {
            Verdict.Release => FileState.Released,
            Verdict.Review => FileState.Review,
            _ => FileState.Blocked,
        };
        var approvals = ApprovalsFor(findings);
        await c.ExecuteAsync(
            "UPDATE request_files SET state = @state, verdict = @verdict, report_json = @json, approvals_needed = @approvals, " +
            "checked = @now, exposure_added = @exposureAdded WHERE id = @id",
            new { state = state.ToString(), verdict = report.Verdict.ToString(), json, approvals, now = service.NowMs, exposureAdded, id = file.Id }, tx);
        if (result.Outcome is { } o)
            foreach (var table in o.Tables)
                await c.ExecuteAsync("INSERT INTO table_counts (project_id, file_id, table_id, signature, cells) VALUES (@p, @f, @t, @s, @cells)",
                    new { p = request.ProjectId, f = file.Id, t = table.TableId, s = table.Signature, cells = CellsJson(table.Cells) }, tx);
        await service.Audit.AppendAsync(c, tx, "system", "file.checked", subject, new
        {
            job = job.JobId,
            verdict = report.Verdict.ToString(),
            state = state.ToString(),
            participants = report.Participants,
            rules = findings.Select(f => f.Rule).Distinct().ToArray(),
            approvalsNeeded = approvals,
        });
        if (!current) return;
        var files = await AirlockService.CurrentFilesAsync(c, tx, request);
        if (files.Any(f => f.StateValue is FileState.Pending or FileState.Checking)) return;
        // A request is released only when every file is; any blocked file blocks it.
        if (files.Any(f => f.StateValue == FileState.Blocked)) await service.TransitionAsync(c, tx, request, RequestState.Blocked, "system");
        else if (files.Any(f => f.StateValue == FileState.Review)) await service.TransitionAsync(c, tx, request, RequestState.AwaitingReview, "system");
        else
        {
            await service.TransitionAsync(c, tx, request, RequestState.Released, "system");
            await AirlockService.MarkTablesReleasedAsync(c, tx, request, service.NowMs);
        }
    }

    /// <summary>Two approvals when a review finding's rule is a four-eyes rule (every SDC rule by default), else the default.</summary>
    private long ApprovalsFor(List<Finding> findings)
    {
        var a = Policy.Airlock.Approvals;
        var fourEyes = findings.Any(f => f.Severity == Severity.Review && a.FourEyesRules.Any(p => f.Rule.StartsWith(p, StringComparison.Ordinal)));
        return fourEyes ? Math.Max(a.FourEyes, a.Default) : a.Default;
    }

    /// <summary>
    /// Unions the participants this file showed into the project's exposure (released or not) and, past the
    /// policy's thresholds, sends the file to review or blocks it — so slicing a dataset into many small
    /// exports does not stay under any one file's radar. Also returns how many participants the file added (the daily report reads it back).
    /// </summary>
    private async Task<(IEnumerable<Finding> Findings, long Added)> ExposureAsync(RequestRow request, ParticipantSet found)
    {
        var policy = Policy.Airlock.Exposure;
        if (service.Index is not { } index) return ([], 0);
        var row = await c.QuerySingleOrDefaultAsync<ExposureRow>(
            "SELECT bits, participants FROM exposure WHERE project_id = @p" + service.Database.Dialect.ForUpdate, new { p = request.ProjectId }, tx);
        var set = ParticipantSet.FromBytes(index.Projects, row?.Bits ?? []);
        var before = set.Count();
        set.UnionWith(found);
        var after = set.Count();
        if (row is null)
            await c.ExecuteAsync("INSERT INTO exposure (project_id, bits, participants, updated) VALUES (@p, @bits, @n, @now)",
                new { p = request.ProjectId, bits = set.ToBytes(), n = (long)after, now = service.NowMs }, tx);
        else if (after != before)
            await c.ExecuteAsync("UPDATE exposure SET bits = @bits, participants = @n, updated = @now WHERE project_id = @p",
                new { p = request.ProjectId, bits = set.ToBytes(), n = (long)after, now = service.NowMs }, tx);
        if (!policy.Enabled || after < policy.ReviewParticipants) return ([], after - before);
        var block = after >= policy.BlockParticipants;
        var threshold = block ? policy.BlockParticipants : policy.ReviewParticipants;
        return ([
            new Finding
            {
                Rule = ExposureRule,
                Severity = block ? Severity.Block : Severity.Review,
                Location = "whole file",
                Message = $"Project {request.Project}'s exports have shown the IDs or records of {after:N0} distinct participants so far " +
                          $"(this file added {after - before:N0}); at {threshold:N0} the policy {(block ? "blocks" : "sends to review")} every further export.",
                Participants = after - before,
                Projects = [request.Project],
                Evidence = new Dictionary<string, object> { ["exposure"] = after, ["added"] = after - before, ["threshold"] = threshold },
                Guidance = "Many exports together have shown participants' data. Talk to the output checkers before exporting more from this project.",
            },
        ], after - before);
    }

    /// <summary>
    /// A table whose counts differ from a table of the same shape by a small group in total
    /// (0 &lt; Σ|difference| &lt; the policy's bound) lets anyone subtract one from the other. Compared with the
    /// tables the project already released, the other files of the same request, and the other tables of
    /// the same file (two versions exported together are the same attack).
    /// </summary>
    private async Task<IEnumerable<Finding>> DifferencingAsync(RequestRow request, FileRow file, CheckReport report, IReadOnlyList<TableCounts> tables)
    {
        var policy = Policy.Airlock.Differencing;
        if (!policy.Enabled || tables.Count == 0) return [];
        var bound = policy.MaxDifference ?? Policy.Sdc.MinimumCellCount.Threshold;
        var findings = new List<Finding>();
        foreach (var table in tables)
        {
            var stored = await c.QueryAsync<TableRow>(
                "SELECT file_id, table_id, released, cells FROM table_counts WHERE project_id = @p AND signature = @s AND (released IS NOT NULL OR file_id IN " +
                "(SELECT id FROM request_files WHERE request_id = @r AND revision = @revision AND id <> @f)) ORDER BY id",
                new { p = request.ProjectId, s = table.Signature, r = request.Id, revision = request.Revision, f = file.Id }, tx);
            // Tables of the same file are compared by the check itself (sdc-differencing).
            var candidates = stored.Select(t => (t.FileId, t.TableId, Released: t.Released is not null, Cells: ParseCells(t.Cells)));
            foreach (var other in candidates)
            {
                if (Difference(table.Cells, other.Cells) is not { } diff || diff <= 0 || diff >= bound) continue;
                var location = report.Tables.FirstOrDefault(t => t.Id == table.TableId)?.Location ?? "whole file";
                var what = other.Released ? $"one project {request.Project} already released (file {other.FileId})"
                    : other.FileId == file.Id ? $"another table of this file ({other.TableId})" : $"a table of another file of this request (file {other.FileId})";
                findings.Add(new Finding
                {
                    Rule = DifferencingRule,
                    Severity = policy.Severity,
                    Location = location,
                    Message = $"This table has the same rows and columns as {what}, and its counts differ from it by {diff:0.##} in total — " +
                              $"fewer than {bound}: subtracting one from the other shows a small group.",
                    Evidence = new Dictionary<string, object>
                    {
                        ["tableId"] = table.TableId, ["otherFile"] = other.FileId, ["otherTable"] = other.TableId, ["released"] = other.Released,
                        ["difference"] = diff, ["bound"] = bound,
                    },
                    Guidance = "Export one version of the table, or make the two differ by at least the minimum cell count.",
                });
                break;
            }
        }
        return findings;
    }

    /// <summary>Σ|a − b| over the count cells; null when the two do not have count cells in the same places.</summary>
    internal static double? Difference(IReadOnlyList<double> a, IReadOnlyList<double?> b) => Egress.Checks.Sdc.TableDifferencing.Difference(a, b);

    internal static string CellsJson(IReadOnlyList<double> cells) =>
        System.Text.Json.JsonSerializer.Serialize(cells.Select(v => double.IsNaN(v) ? (double?)null : v));

    internal static IReadOnlyList<double?> ParseCells(string json) => System.Text.Json.JsonSerializer.Deserialize<double?[]>(json) ?? [];

    private sealed class ExposureRow
    {
        public byte[] Bits { get; set; } = [];
        public long Participants { get; set; }
    }

    private sealed class TableRow
    {
        public long FileId { get; set; }
        public string TableId { get; set; } = "";
        public long? Released { get; set; }
        public string Cells { get; set; } = "";
    }
}
