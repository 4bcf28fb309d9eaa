using Egress.Core;
using Egress.Index;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>
/// Records whose columns were transformed: converted to other units, standardised, logged, scaled and shifted, or dates
/// written as day numbers or decimal years. Run where neither the exact nor the tolerant pass matched a record, on the rows
/// kept per table part. Each numeric column's readings come from <see cref="TransformFinder"/>; a cell then stands for
/// the union of the cohort values its readings map it back to, and a participant holding one is credited for the mass of
/// that whole union, so trying several readings makes a window wider, not a match likelier. Rows are matched as the
/// tolerant rule matches them, against its bar plus log2(1 + readings kept in the part) for the choice of readings.
/// The finding names each transform undone and its column, never a value.
/// </summary>
public sealed class TransformedRecordRule(CohortIndex index, ParticipantRecordDetector bar, ParticipantRecordPolicy policy)
{
    public const string EvidenceKey = "transforms";
    /// <summary>Widest table looked at (columns), so a pathological part costs little.</summary>
    private const int MaxColumns = 256;

    public IEnumerable<(Finding Finding, ParticipantSet Participants)> Findings(IReadOnlyList<(MeasurementRows Rows, string Location)> parts,
        string exporter, CancellationToken cancel)
    {
        var exporterNumber = index.ProjectNumber(exporter);
        var fields = Fields(exporterNumber);
        // An index built before field statistics were kept: nothing to map back to.
        if (fields.Count == 0) yield break;
        var tolerant = new TolerantRecordRule(index, bar, policy);
        var bins = new CohortFormBins(index);
        var finder = new TransformFinder(bins, fields);
        var rowsTotal = parts.Sum(p => (long)p.Rows.Rows.Count + p.Rows.MoreRows);
        var byProject = new Dictionary<int, Found>();
        var budget = TolerantRecordRule.MaxRowsPerExport;
        foreach (var (rows, location) in parts)
        {
            if (rows.Rows.Count == 0) continue;
            var width = Math.Min(MaxColumns, rows.Rows.Max(r => r.Length));
            var readings = new List<TransformFinder.Reading>?[width];
            var names = new string[width];
            for (var c = 0; c < width; c++)
            {
                if (ColumnSample.Of(rows, c) is not { } sample) continue;
                readings[c] = finder.Find(sample, cancel).Readings;
                names[c] = sample.Header.Length > 0 ? sample.Header : $"column {c + 1}";
            }
            var transformed = readings.Sum(r => r?.Count(x => !x.Hypothesis.IsIdentity) ?? 0);
            // Nothing to undo: the tolerant pass has read this part as it is.
            if (transformed == 0) continue;
            var enough = bar.Threshold(Math.Max(1, rowsTotal)) + 1 + TolerantRecordRule.DependenceMarginBits + Math.Log2(1 + transformed);
            foreach (var row in rows.Rows.Take(TolerantRecordRule.MaxRows))
            {
                if (budget-- <= 0) break;
                cancel.ThrowIfCancellationRequested();
                var (windows, byReading) = Windows(row, readings, tolerant, bins);
                if (tolerant.Match(windows, enough, exporterNumber) is not { } match) continue;
                if (!byProject.TryGetValue(match.Project, out var found)) byProject[match.Project] = found = new Found(new ParticipantSet(index.Projects));
                found.Who.Add(match.Project, match.Ordinal);
                if (!found.Where.Contains(location)) found.Where.Add(location);
                found.Rows++;
                found.Bits = Math.Max(found.Bits, match.Bits);
                found.Bar = Math.Max(found.Bar, enough);
                // Which readings the participant's values were found under: those are the transforms undone.
                foreach (var (column, reading, window) in byReading)
                    if (window.Entries[match.Project].Any(e => index.Holds(e, match.Ordinal)))
                    {
                        var key = $"{names[column]}: {reading.Describe} undone";
                        found.Undone[key] = found.Undone.GetValueOrDefault(key) + 1;
                    }
            }
        }
        foreach (var (p, f) in byProject)
        {
            var project = index.Projects[p];
            var other = exporter != "" && project.Name != exporter;
            var count = f.Who.Count(p);
            var undone = f.Undone.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).Take(24).ToArray();
            yield return (new Finding
            {
                Rule = ParticipantRecordDetector.Rule,
                Severity = policy.Severity,
                Location = Locations.Summarise(f.Where),
                Message = $"{count:N0} participants' records of project {project.Name}, with columns transformed: {f.Rows:N0} rows match once " +
                          $"{string.Join("; ", undone.Take(6))}" + (undone.Length > 6 ? $" and {undone.Length - 6} more" : "") +
                          (other ? $" — another project than the exporter ({exporter})" : ""),
                Participants = count,
                Projects = [project.Name],
                Evidence = new Dictionary<string, object>
                {
                    [EvidenceKey] = undone,
                    ["rows"] = f.Rows,
                    ["bestBits"] = Math.Round(f.Bits, 1),
                    ["barBits"] = Math.Round(f.Bar, 1),
                    ["otherProject"] = other,
                },
                Guidance = "Participants' records may not leave the environment in any units or scale: a unit conversion, a z-score, a " +
                           "logarithm or a date written as a number is undone as easily as it was done. Export aggregate results instead.",
            }, f.Who);
        }
    }

    private sealed class Found(ParticipantSet who)
    {
        public ParticipantSet Who { get; } = who;
        public List<string> Where { get; } = [];
        public Dictionary<string, int> Undone { get; } = new(StringComparer.Ordinal);
        public int Rows;
        public double Bits;
        public double Bar;
    }

    /// <summary>
    /// A row's windows: a column with readings stands for the union of what they map the cell back to; another decimal cell
    /// for its plain tolerance window. With each transform's own window, to say afterwards which one held the match.
    /// </summary>
    private static (List<TolerantRecordRule.Window> Windows, List<(int Column, TransformHypothesis Reading, TolerantRecordRule.Window Window)> ByReading)
        Windows(string[] row, List<TransformFinder.Reading>?[] readings, TolerantRecordRule tolerant, CohortFormBins bins)
    {
        var windows = new List<TolerantRecordRule.Window>();
        var byReading = new List<(int, TransformHypothesis, TolerantRecordRule.Window)>();
        for (var c = 0; c < row.Length; c++)
        {
            if (c >= readings.Length || readings[c] is not { Count: > 0 } columnReadings)
            {
                if (tolerant.WindowOf(row[c], c) is { } plain) windows.Add(plain);
                continue;
            }
            if (ColumnSample.Number(row[c]) is not var (y, decimals)) continue;
            var union = new HashSet<ulong>();
            foreach (var reading in columnReadings)
            {
                if (bins.Hashes(reading.Hypothesis, y, decimals) is not { Count: > 0 } hashes) continue;
                union.UnionWith(hashes);
                if (!reading.Hypothesis.IsIdentity) byReading.Add((c, reading.Hypothesis, tolerant.WindowOfHashes(c, hashes)));
            }
            if (union.Count > 0) windows.Add(tolerant.WindowOfHashes(c, [.. union]));
        }
        return (windows, byReading);
    }

    /// <summary>The fields of every project's statistics, once per column name (the exporter's first).</summary>
    private List<FieldStat> Fields(int exporter)
    {
        var order = Enumerable.Range(0, index.Projects.Count).OrderBy(p => p == exporter ? 0 : 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<FieldStat>();
        foreach (var p in order)
            foreach (var f in index.FieldsOf(p))
                if (seen.Add(f.Column)) fields.Add(f);
        return fields;
    }
}
