using Egress.Core;
using Egress.Index;

namespace Egress.Checks;

/// <summary>A run of tokens tested for being an ID list: a column, a line, or a stretch of text.</summary>
public sealed class IdRun(string location, int projects, bool isColumn = false)
{
    public string Location { get; } = location;
    public bool IsColumn { get; } = isColumn;
    /// <summary>ID-shaped tokens in the run.</summary>
    public long Tokens;
    public readonly long[] Hits = new long[projects];
    public readonly List<uint>[] Ordinals = Enumerable.Range(0, projects).Select(_ => new List<uint>()).ToArray();

    public void Add(IdRun other)
    {
        Tokens += other.Tokens;
        for (var p = 0; p < Hits.Length; p++)
        {
            Hits[p] += other.Hits[p];
            Ordinals[p].AddRange(other.Ordinals[p]);
        }
    }
}

/// <summary>
/// Participant IDs: a column, list or line is an ID list when its share of a project's valid IDs is far
/// above chance (<see cref="IdRunTest"/>). A single 7-digit number is no evidence; a GWAS table full of
/// 7-digit positions hits IDs only at the chance rate. Names the project the IDs belong to.
/// </summary>
public sealed class ParticipantIdDetector(CohortIndex index, ParticipantIdPolicy policy, string exporter)
{
    public const string Rule = "participant-ids";

    private readonly List<IdRun> _candidates = [];

    public int MinHits => policy.MinHits;
    public string Exporter => exporter;
    private long _runsTested;

    /// <summary>Records that a run was tested; keeps it only if it could be an ID list.</summary>
    public void Observe(IdRun run)
    {
        _runsTested++;
        foreach (var h in run.Hits)
        {
            if (h < policy.MinHits) continue;
            _candidates.Add(run);
            return;
        }
    }

    public void CountRuns(long runs) => _runsTested += runs;

    public IEnumerable<(Finding Finding, ParticipantSet Participants)> Findings()
    {
        var flagged = new Dictionary<int, (List<string> Locations, HashSet<string> Seen, ParticipantSet Ordinals, double BestShare)>();
        // Columns first: "column 1 'eid'" tells a checker more than a stretch of lines.
        foreach (var run in _candidates.OrderBy(r => r.IsColumn ? 0 : 1))
        {
            for (var p = 0; p < index.Projects.Count; p++)
            {
                if (!IdRunTest.IsIdList(run.Tokens, run.Hits[p], index.Projects[p].IdDensity(), policy.MinHits, policy.FalseAlarmRate, _runsTested))
                    continue;
                if (!flagged.TryGetValue(p, out var f))
                    flagged[p] = f = ([], [], new ParticipantSet(index.Projects), 0);
                if (f.Seen.Add(run.Location)) f.Locations.Add(run.Location);
                f.Ordinals.AddRange(p, run.Ordinals[p]);
                flagged[p] = f with { BestShare = Math.Max(f.BestShare, (double)run.Hits[p] / run.Tokens) };
            }
        }
        foreach (var (p, f) in flagged.OrderBy(kv => kv.Key))
        {
            var project = index.Projects[p];
            // No exporter (trace, scan-repo without a project): nobody's participants are "someone else's".
            var other = exporter != "" && project.Name != exporter;
            var count = f.Ordinals.Count(p);
            var finding = new Finding
            {
                Rule = Rule,
                Severity = policy.Severity,
                Location = Locations.Summarise(f.Locations),
                Message = $"{count:N0} participant IDs of project {project.Name}" +
                          (other ? $" — another project than the exporter ({exporter}): someone else's participants" : "") +
                          $"; up to {100 * f.BestShare:0.#}% of the ID-shaped numbers in a run are valid IDs, where chance gives {100 * project.IdDensity():0.##}%",
                Participants = count,
                Projects = [project.Name],
                Evidence = new Dictionary<string, object>
                {
                    ["runs"] = f.Locations.Count,
                    ["bestShare"] = Math.Round(f.BestShare, 4),
                    ["chanceRate"] = Math.Round(project.IdDensity(), 5),
                    ["otherProject"] = other,
                },
                Guidance = "Participant IDs may never leave the environment. Remove the ID column or list; if rows must be linked later, keep the linkage inside the environment.",
            };
            yield return (finding, f.Ordinals);
        }
    }
}
