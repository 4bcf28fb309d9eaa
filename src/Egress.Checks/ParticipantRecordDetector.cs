using Egress.Core;
using Egress.Index;

namespace Egress.Checks;

/// <summary>Where a window that matched a participant lies: a line, or a column of a small table.</summary>
public readonly record struct MatchedWindow(long Line, int Column, WindowMatch Match);

/// <summary>One scanning thread's share of record matching in one part of an export.</summary>
public sealed class RecordMatches
{
    public required PartLocation Where { get; init; }
    public readonly List<MatchedWindow> Matches = [];
    public long Windows;
    public long Incomplete;
    public long FirstIncompleteLine = -1;
}

/// <summary>
/// Participant records by exact data matching: a window (row, column, run of text) whose distinct
/// values held by one participant add up to more than log2(R·N/α) + margin bits is that
/// participant's record — with IDs dropped, columns renamed, reordered or subset, values rounded.
/// R is the number of windows scanned, N the participants indexed, α the tolerated expected
/// number of false matches per file.
/// </summary>
public sealed class ParticipantRecordDetector(CohortIndex index, ParticipantRecordPolicy policy, string exporter, long contentBytes)
{
    public const string Rule = "participant-records";
    public const string IncompleteRule = "record-matching-incomplete";

    /// <summary>The bar for a single window (R = 1): nothing weaker can pass for any R.</summary>
    public float FloorBits => (float)Threshold(1);

    /// <summary>The bar for the largest R the file could have: a window past it matches whatever R turns out to be.</summary>
    public float EnoughBits => (float)Threshold(Math.Max(1, contentBytes));

    public double Threshold(long windows) =>
        Math.Log2(Math.Max(1, windows) * (double)Math.Max(1, index.TotalParticipants) / policy.FalseMatchRate) + policy.MarginBits;

    /// <summary>The median by selection (linear time): the bits of hundreds of thousands of rows need no full sort.</summary>
    private static float Median(float[] values)
    {
        var work = (float[])values.Clone();
        int k = work.Length / 2, lo = 0, hi = work.Length - 1;
        while (lo < hi)
        {
            var pivot = work[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (work[i] < pivot) i++;
                while (work[j] > pivot) j--;
                if (i <= j) { (work[i], work[j]) = (work[j], work[i]); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;
        }
        return work[k];
    }

    /// <summary>One project's matched windows, gathered part by part (millions of rows stay cheap: bitmaps and one array).</summary>
    private sealed class ProjectMatches(IReadOnlyList<ProjectInfo> projects)
    {
        public readonly ParticipantSet Participants = new(projects);
        public readonly List<float> Bits = [];
        public readonly List<MatchedPlace> Places = [];

        public MatchedPlace PlaceIn(PartLocation part)
        {
            foreach (var place in Places)
                if (ReferenceEquals(place.Part, part)) return place;
            Places.Add(new MatchedPlace(part, new LineSet(), []));
            return Places[^1];
        }
    }

    /// <summary>Where in one part of the export a project's records were matched: lines (rows, windows) and columns.</summary>
    private sealed record MatchedPlace(PartLocation Part, LineSet Lines, SortedSet<int> Columns);

    public List<(Finding Finding, ParticipantSet Participants)> Findings(IReadOnlyList<RecordMatches> parts)
    {
        var windows = parts.Sum(p => p.Windows);
        var threshold = (float)Threshold(windows);
        var byProject = new SortedDictionary<int, ProjectMatches>();
        foreach (var part in parts)
        {
            ProjectMatches? current = null;
            var currentProject = -1;
            MatchedPlace? place = null;
            foreach (var m in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(part.Matches))
            {
                if (m.Match.Bits < threshold) continue;
                if (m.Match.Project != currentProject)
                {
                    currentProject = m.Match.Project;
                    if (!byProject.TryGetValue(currentProject, out current)) byProject[currentProject] = current = new ProjectMatches(index.Projects);
                    place = current.PlaceIn(part.Where);
                }
                current!.Participants.Add(currentProject, m.Match.Ordinal);
                current.Bits.Add(m.Match.Bits);
                if (m.Column < 0) place!.Lines.Add(m.Line);
                else place!.Columns.Add(m.Column);
            }
        }
        var results = new List<(Finding Finding, ParticipantSet Participants)>();
        foreach (var (p, matched) in byProject)
        {
            var project = index.Projects[p];
            var participants = matched.Participants;
            var bits = matched.Bits.ToArray();
            var minBits = bits.Min();
            var medianBits = Median(bits);
            // Where, per part of the export (in the order the parts were read).
            var where = new List<string>();
            foreach (var (part, lines, columns) in matched.Places)
            {
                var runs = lines.Runs(4, out var totalRuns);
                if (runs.Count > 0) where.Add(part.LineRanges(runs, totalRuns));
                if (columns.Count > 0)
                    where.Add(part.Within("columns " + string.Join(", ", columns.Take(5).Select(c => $"{c + 1} '{part.ColumnName(c)}'")) +
                                          (columns.Count > 5 ? $" and {columns.Count - 5} more" : "")));
            }
            var count = participants.Count(p);
            // No exporter (trace, scan-repo without a project): nobody's participants are "someone else's".
            var other = exporter != "" && project.Name != exporter;
            var finding = new Finding
            {
                Rule = Rule,
                Severity = policy.Severity,
                Location = Locations.Summarise(where),
                Message = $"{bits.Length:N0} rows/windows are the records of {count:N0} participants of project {project.Name}" +
                          (other ? $" — another project than the exporter ({exporter}): someone else's participants" : "") +
                          $" (each matches one participant by at least {minBits:0.#} bits; the bar is {threshold:0.#} bits)",
                Participants = count,
                Projects = [project.Name],
                Evidence = new Dictionary<string, object>
                {
                    ["matchedWindows"] = bits.Length,
                    ["minBits"] = Math.Round(minBits, 1),
                    ["medianBits"] = Math.Round(medianBits, 1),
                    ["thresholdBits"] = Math.Round(threshold, 1),
                    ["windowsScanned"] = windows,
                    ["otherProject"] = other,
                },
                Guidance = "These rows are participant-level data. Export aggregate results instead (counts ≥ the minimum cell size, means with their Ns, model coefficients), never rows of individuals, even with IDs removed.",
            };
            results.Add((finding, participants));
        }
        var incomplete = parts.Sum(p => p.Incomplete);
        if (incomplete > 0)
        {
            var first = parts.Where(p => p.FirstIncompleteLine >= 0).Select(p => p.Where.Line(p.FirstIncompleteLine)).FirstOrDefault() ?? "";
            results.Add((new Finding
            {
                Rule = IncompleteRule,
                Severity = Severity.Review,
                Location = $"{incomplete:N0} windows, first at {first}",
                Message = "Record matching could not finish searching some rows within its work budget; a checker should look at them.",
                Evidence = new Dictionary<string, object> { ["windows"] = incomplete },
            }, new ParticipantSet(index.Projects)));
        }
        return results;
    }
}
