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
            var samples = new ColumnSample?[width];
            var names = new string[width];
            for (var c = 0; c < width; c++)
            {
                if (ColumnSample.Of(rows, c) is not { } sample) continue;
                samples[c] = sample;
                readings[c] = finder.Find(sample, cancel).Readings;
                names[c] = sample.Header.Length > 0 ? sample.Header : $"column {c + 1}";
            }
            var transformed = readings.Sum(r => r?.Count(x => !x.Hypothesis.IsIdentity) ?? 0);
            // Measurements no catalogued reading holds (a free scale and offset of a short column): fitted to matched rows, below.
            var unread = Enumerable.Range(0, width).Where(c => samples[c] is { Integers: false } && readings[c]!.All(r => r.Hypothesis.IsIdentity || r.Hypothesis.Transform.EndsWith(FittedAffine.Name, StringComparison.Ordinal))).ToList();
            // Nothing to undo: the tolerant pass has read this part as it is.
            if (transformed == 0 && (unread.Count == 0 || rows.Rows.Count < AnchoredAffine.MinSupport)) continue;
            // A row is tried at most four times (with every reading, then with those the first rows' matches were found under; each
            // with all its windows and with its exact values alone): two bits; and the tolerant rule's one bit and dependence
            // margin, charged when a loose window holds part of the match.
            var enough = bar.Threshold(Math.Max(1, rowsTotal)) + 1 + TolerantRecordRule.DependenceMarginBits + 2;
            var kept = rows.Rows.Take(TolerantRecordRule.MaxRows).ToList();
            var matched = new bool[kept.Count];
            // Which reading of each column the matched participants' values were found under.
            var credited = new Dictionary<(int Column, TransformHypothesis Reading), int>();
            // First the head with every reading of each column: wide windows, whose mass is charged in full.
            var head = Math.Min(kept.Count, ExploreRows);
            var anchors = new List<(int Row, TolerantRecordRule.RowMatch Match)>();
            for (var i = 0; i < head && budget-- > 0; i++)
            {
                if (Try(kept[i], readings, location, names, enough, credited, byProject, wide: true) is not { } match) continue;
                matched[i] = true;
                anchors.Add((i, match));
            }
            // Then every row not matched yet with only the readings those matches were found under: the choice was made on other
            // rows, so each row's windows are fixed before it is looked at, and narrow.
            var chosen = new List<TransformFinder.Reading>?[width];
            for (var c = 0; c < width; c++)
            {
                if (readings[c] is null) continue;
                chosen[c] = [.. readings[c]!.Where(r => credited.ContainsKey((c, r.Hypothesis)))
                    .OrderByDescending(r => credited[(c, r.Hypothesis)]).Take(ChosenReadings)];
            }
            var fitted = FitToAnchors(kept, anchors, unread, samples, chosen, fields, cancel);
            if (credited.Count == 0 && fitted == 0) continue;
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

    /// <summary>
    /// Unread measurement columns fitted as a scale and offset of a field to the head's matched rows (<see cref="AnchoredAffine"/>):
    /// the fit becomes the column's one reading for the other rows. Returns how many columns were fitted.
    /// </summary>
    private int FitToAnchors(List<string[]> kept, List<(int Row, TolerantRecordRule.RowMatch Match)> anchors, List<int> unread, ColumnSample?[] samples,
        List<TransformFinder.Reading>?[] chosen, List<FieldStat> fields, CancellationToken cancel)
    {
        if (anchors.Count < AnchoredAffine.MinSupport || unread.Count == 0) return 0;
        var fitter = new AnchoredAffine(index, _bins!);
        var numeric = fields.Where(f => !f.IsDate && f.Distinct >= 20).ToList();
        var fitted = 0;
        foreach (var c in unread)
        {
            var columnAnchors = anchors
                .Select(a => (Cell: c < kept[a.Row].Length ? ColumnSample.Number(kept[a.Row][c]) : null, a.Match))
                .Where(a => a.Cell is not null)
                .Select(a => new AnchoredAffine.Anchor(a.Cell!.Value.Value, a.Cell.Value.Decimals, a.Match.Project, a.Match.Ordinal))
                .Take(AnchoredAffine.MaxAnchors).ToList();
            if (columnAnchors.Count < AnchoredAffine.MinSupport) continue;
            if (fitter.Fit(columnAnchors, samples[c]!, numeric, cancel) is not { } fit) continue;
            chosen[c] = [new TransformFinder.Reading(fit.Reading, 1, 0)];
            fitted++;
        }
        return fitted;
    }

    /// <summary>Matches one row under the given readings; a match is added to its project's finding and its readings credited.</summary>
    private TolerantRecordRule.RowMatch? Try(string[] row, List<TransformFinder.Reading>?[] readings, string location, string[] names, double enough,
        Dictionary<(int, TransformHypothesis), int> credited, Dictionary<int, Found> byProject, bool wide = false)
    {
        var (windows, byReading, loose) = Windows(row, readings, _tolerant!, _bins!);
        // Exact values (a day, an integer or code as written) are what the exact pass counts with no dependence margin: a row
        // matched through them alone needs none either. A tolerance window or a measurement's union of readings does.
        var candidate = _tolerant!.Match(windows, enough - TolerantRecordRule.DependenceMarginBits, _exporter, wide);
        if (candidate is { } m && m.Bits < enough && loose.Any(w => Holds(w.Window, m) && !w.Exact.Any(x => Holds(x, m)))) candidate = null;
        // Loose windows held by others than the row's participant (wrong readings, near values) widen the choice of cells: the
        // row's exact values alone (integers, codes, days) may still be past the bar, with no margin, and anchor a fit.
        if (candidate is null && loose.Count > 0)
        {
            var exactOnly = windows.Where(w => !loose.Any(l => ReferenceEquals(l.Window, w))).ToList();
            candidate = _tolerant.Match(exactOnly, enough - TolerantRecordRule.DependenceMarginBits, _exporter, wide);
        }
        if (candidate is not { } match) return null;
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
        return match;
    }

    private bool Holds(TolerantRecordRule.Window window, TolerantRecordRule.RowMatch match) =>
        window.Entries[match.Project].Any(e => index.Holds(e, match.Ordinal));

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
    private static (List<TolerantRecordRule.Window> Windows, List<(int Column, TransformHypothesis Reading, TolerantRecordRule.Window Window)> ByReading,
        List<(TolerantRecordRule.Window Window, List<TolerantRecordRule.Window> Exact)> Loose)
        Windows(string[] row, List<TransformFinder.Reading>?[] readings, TolerantRecordRule tolerant, CohortFormBins bins)
    {
        var windows = new List<TolerantRecordRule.Window>();
        // Loose windows, each with the exact values inside it (an integer as written among its other readings).
        var loose = new List<(TolerantRecordRule.Window, List<TolerantRecordRule.Window>)>();
        var byReading = new List<(int, TransformHypothesis, TolerantRecordRule.Window)>();
        for (var c = 0; c < row.Length; c++)
        {
            if (c >= readings.Length || readings[c] is not { Count: > 0 } columnReadings)
            {
                // Another decimal as the tolerant rule reads it; a code, a label or an integer as written (a diagnosis, a year of birth
                // beside dates made numbers).
                if (tolerant.WindowOf(row[c], c) is { } plain)
                {
                    windows.Add(plain);
                    loose.Add((plain, []));
                }
                else if (bins.Text(row[c]) is { Count: 1 } text) windows.Add(tolerant.WindowOfHashes(c, text));
                else if (bins.Integer(row[c]) is { Count: 1 } integer) windows.Add(tolerant.WindowOfHashes(c, integer));
                continue;
            }
            if (ColumnSample.Number(row[c]) is not var (y, decimals)) continue;
            var union = new HashSet<ulong>();
            var exact = new List<TolerantRecordRule.Window>();
            foreach (var reading in columnReadings)
            {
                if (bins.Hashes(reading.Hypothesis, y, decimals) is not { Count: > 0 } hashes) continue;
                union.UnionWith(hashes);
                var one = tolerant.WindowOfHashes(c, hashes);
                byReading.Add((c, reading.Hypothesis, one));
                if (IsExact(reading.Hypothesis, decimals)) exact.Add(one);
            }
            if (union.Count == 0) continue;
            var window = tolerant.WindowOfHashes(c, [.. union]);
            windows.Add(window);
            // Days of a date read back, or an integer read as written, are exact values; a measurement read back is a tolerance window.
            if (!columnReadings.All(r => IsExact(r.Hypothesis, decimals))) loose.Add((window, exact));
        }
        return (windows, byReading, loose);
    }

    private static bool IsExact(TransformHypothesis reading, int decimals) => reading.Field?.IsDate == true || (reading.IsIdentity && decimals == 0);

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
