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
    /// <summary>Rows matched with every reading of their columns, to learn which readings hold.</summary>
    private const int ExploreRows = 100;
    /// <summary>Readings per column kept for the other rows: those most matches of the head were found under.</summary>
    private const int ChosenReadings = 2;

    private TolerantRecordRule? _tolerant;
    private CohortFormBins? _bins;
    private int _exporter;

    public IEnumerable<(Finding Finding, ParticipantSet Participants)> Findings(IReadOnlyList<(MeasurementRows Rows, string Location)> parts,
        string exporter, CancellationToken cancel)
    {
        var exporterNumber = index.ProjectNumber(exporter);
        var fields = Fields(exporterNumber);
        // An index built before field statistics were kept: nothing to map back to.
        if (fields.Count == 0) yield break;
        _tolerant = new TolerantRecordRule(index, bar, policy);
        _bins = new CohortFormBins(index);
        _exporter = exporterNumber;
        var finder = new TransformFinder(_bins, fields);
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
            // A row is tried at most twice (with every reading, then with those the first rows' matches were found under): one bit.
            var enough = bar.Threshold(Math.Max(1, rowsTotal)) + 1 + TolerantRecordRule.DependenceMarginBits + 1;
            var kept = rows.Rows.Take(TolerantRecordRule.MaxRows).ToList();
            var matched = new bool[kept.Count];
            // Which reading of each column the matched participants' values were found under.
            var credited = new Dictionary<(int Column, TransformHypothesis Reading), int>();
            // First the head with every reading of each column: wide windows, whose mass is charged in full.
            var head = Math.Min(kept.Count, ExploreRows);
            for (var i = 0; i < head && budget-- > 0; i++)
                matched[i] = Try(kept[i], readings, location, names, enough, credited, byProject, wide: true);
            // Then every row not matched yet with only the readings those matches were found under: the choice was made on other
            // rows, so each row's windows are fixed before it is looked at, and narrow.
            if (credited.Count == 0) continue;
            var chosen = new List<TransformFinder.Reading>?[width];
            for (var c = 0; c < width; c++)
            {
                if (readings[c] is null) continue;
                chosen[c] = [.. readings[c]!.Where(r => credited.ContainsKey((c, r.Hypothesis)))
                    .OrderByDescending(r => credited[(c, r.Hypothesis)]).Take(ChosenReadings)];
            }
            for (var i = 0; i < kept.Count; i++)
            {
                if (matched[i]) continue;
                if (i >= head && budget-- <= 0) break;
                Try(kept[i], chosen, location, names, enough, credited, byProject);
            }
        }
        foreach (var (p, f) in byProject)
        {
            var project = index.Projects[p];
            var other = exporter != "" && project.Name != exporter;
            var count = f.Who.Count(p);
            // Per column, the reading most matched rows were found under (near values of other fields may hold a row too).
            var undone = f.Undone.Where(kv => kv.Key.Reading != TransformHypothesis.AsWritten).GroupBy(kv => kv.Key.Column)
                .Select(g => g.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Reading, StringComparer.Ordinal).First())
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Column, StringComparer.Ordinal)
                .Select(kv => $"{kv.Key.Column}: {kv.Key.Reading} undone").Take(24).ToArray();
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

    /// <summary>Matches one row under the given readings; a match is added to its project's finding and its readings credited.</summary>
    private bool Try(string[] row, List<TransformFinder.Reading>?[] readings, string location, string[] names, double enough,
        Dictionary<(int, TransformHypothesis), int> credited, Dictionary<int, Found> byProject, bool wide = false)
    {
        var (windows, byReading) = Windows(row, readings, _tolerant!, _bins!);
        if (_tolerant!.Match(windows, enough, _exporter, wide) is not { } match) return false;
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
                credited[(column, reading)] = credited.GetValueOrDefault((column, reading)) + 1;
                var key = (names[column], reading.Describe);
                found.Undone[key] = found.Undone.GetValueOrDefault(key) + 1;
            }
        return true;
    }

    private sealed class Found(ParticipantSet who)
    {
        public ParticipantSet Who { get; } = who;
        public List<string> Where { get; } = [];
        public Dictionary<(string Column, string Reading), int> Undone { get; } = [];
        public int Rows;
        public double Bits;
        public double Bar;
    }

    /// <summary>
    /// A row's windows: a column with readings stands for the union of what they map the cell back to; another decimal cell
    /// for its plain tolerance window, a text cell for itself. With each transform's own window, to say afterwards which one held the match.
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
                // Another decimal as the tolerant rule reads it; a code or label as written (a diagnosis beside dates made numbers).
                if (tolerant.WindowOf(row[c], c) is { } plain) windows.Add(plain);
                else if (bins.Text(row[c]) is { Count: 1 } text) windows.Add(tolerant.WindowOfHashes(c, text));
                continue;
            }
            if (ColumnSample.Number(row[c]) is not var (y, decimals)) continue;
            var union = new HashSet<ulong>();
            foreach (var reading in columnReadings)
            {
                if (bins.Hashes(reading.Hypothesis, y, decimals) is not { Count: > 0 } hashes) continue;
                union.UnionWith(hashes);
                byReading.Add((c, reading.Hypothesis, tolerant.WindowOfHashes(c, hashes)));
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
