using System.Globalization;
using Egress.Core;
using Egress.Formats;
using Egress.Formats.Content;
using Egress.Index;

namespace Egress.Checks.Disguise;

/// <summary>
/// The points of a plot (an SVG scatter read back to data coordinates) matched as (x, y) pairs. Two values are too few
/// bits for one row to pass the record bar, so the points of one plot are pooled:
/// <para>
/// Each value stands for its bin at the precision written: the reader writes it at the most decimals for which the
/// drawing's error is under half a unit, so a value drawn at that precision or coarser reads back as it was. For a
/// project of N participants, c_x and c_y participants hold a value in the two windows; a point drawn independently of
/// who is in the cohort is held by some participant in both with probability at most q = D · c_x · c_y / N (a union
/// bound over participants). For a point drawn from the fields' marginals the mean density ratio is exactly 1; D = 4
/// allows for one simulated from a correlated joint fit (for a bivariate normal the mean ratio is 1/(1 − ρ²), 4 at
/// ρ ≈ 0.87). Points with q above 1/2 say little and are left out (a choice made from window sizes
/// alone, so it cannot favour a match); so are points whose windows overlap (one value would hold both).
/// </para>
/// <para>
/// Of the n points kept, k are held. Under chance k is a sum of independent Bernoulli(q_i) with mean μ = Σ q_i, and the
/// Chernoff bound gives P(K ≥ k) ≤ exp(−μ) (eμ/k)^k, i.e. log2 e · (k ln(k/μ) − k + μ) bits against chance. The plot
/// is participants' data when those bits pass the record bar for one window per plot and project tested,
/// log2(R·N/α) + margin, plus 8 bits for what the union bound and D do not cover.
/// </para>
/// A scatter of many individual points is shown to a person even when nothing matches (<see cref="ReviewRule"/>).
/// </summary>
public sealed class PlotPointsRule(CohortIndex index, ParticipantRecordDetector bar, ParticipantRecordPolicy policy)
{
    public const string ReviewRule = "plot-individual-points";
    /// <summary>Distinct points from which a scatter is many individual points.</summary>
    public const int MinIndividualPoints = 50;
    /// <summary>Share of distinct x and of distinct y values that makes the points individual, not a grid or groups.</summary>
    private const double MinDistinctShare = 0.6;
    /// <summary>How much likelier than independence a point is held, at most, for points simulated from correlated fields.</summary>
    public const double DependenceFactor = 4;
    /// <summary>Points more likely than this to be held by chance are left out of the count.</summary>
    private const double MaxChance = 0.5;
    public const double MarginBits = 8;
    /// <summary>
    /// Chance, per plot and project tested, of a person being asked to look at a plot whose few points are held by
    /// participants: a plot of one or a few people's points has too few bits to block, not too few to be looked at.
    /// </summary>
    private const double ReviewFalseRate = 0.05;
    /// <summary>The blur tried second, as for records (<see cref="TolerantRecordRule"/>): 0.1 % of a value.</summary>
    private const double RelativeTolerance = 0.001;
    /// <summary>Bins one blurred value's window spans at most.</summary>
    private const int MaxBins = 5;
    /// <summary>Participants of the smaller window looked at to find who holds a point.</summary>
    private const int MaxLooked = 8192;

    private sealed record Window(List<IndexEntry>[] Entries, int[] Counts, ulong[] Bins);

    private sealed record Tally(int Project, int Points, int Held, double Expected, double Bits, HashSet<uint> Who);

    public IEnumerable<(Finding Finding, ParticipantSet Participants)> Findings(
        IReadOnlyList<(MeasurementRows Rows, string Location, PlotMarks Plot)> plots, string exporter, CancellationToken cancel)
    {
        var tests = Math.Max(1, plots.Count(p => p.Plot.AxesRecovered) * index.Projects.Count);
        var enough = bar.Threshold(tests) + MarginBits;
        var worthALook = Math.Log2(tests / ReviewFalseRate);
        var exporterNumber = index.ProjectNumber(exporter);
        foreach (var (rows, location, plot) in plots)
        {
            cancel.ThrowIfCancellationRequested();
            var points = Points(rows);
            Tally? best = null;
            Tally? likely = null;
            // Values as plotted, then (one bit dearer, for the second try) blurred ones: each value's window widened to
            // ±0.1 % of it, as a noised copy of someone's values would need. The window's whole mass is charged, so the bound holds.
            for (var attempt = 0; attempt < 2 && best is null && plot.AxesRecovered; attempt++)
                foreach (var tally in Tallies(points, attempt == 0 ? 0 : RelativeTolerance, cancel))
                {
                    var bits = tally.Bits - attempt;
                    if (bits >= worthALook && (likely is null || tally.Project == exporterNumber || likely.Project != exporterNumber && tally.Bits > likely.Bits))
                        likely = tally;
                    if (bits < enough) continue;
                    if (best is null || tally.Project == exporterNumber || best.Project != exporterNumber && tally.Bits > best.Bits) best = tally;
                }
            if (best is not null)
            {
                yield return Blocked(best, location, exporter, enough);
                continue;
            }
            if (Individual(points, rows.MoreRows) is { } review) yield return (Reviewed(review, location, plot), new ParticipantSet(index.Projects));
            else if (likely is not null) yield return (HeldFew(likely, location, worthALook), new ParticipantSet(index.Projects));
        }
    }

    /// <summary>The plot's distinct points as (x, y) cells, the first two columns of each row.</summary>
    private static List<(string X, string Y)> Points(MeasurementRows rows) =>
        rows.Rows.Where(r => r.Length >= 2).Select(r => (r[0], r[1])).Distinct().ToList();

    /// <summary>Many points, each coordinate mostly distinct and off any regular grid: individual points, not bins, groups or rows.</summary>
    private static int? Individual(List<(string X, string Y)> points, long more)
    {
        if (points.Count < MinIndividualPoints) return null;
        return Scattered(points.Select(p => p.X)) && Scattered(points.Select(p => p.Y)) ? (int)Math.Min(int.MaxValue, points.Count + more) : null;

        bool Scattered(IEnumerable<string> cells)
        {
            var values = cells.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN)
                .Where(double.IsFinite).Distinct().Order().ToArray();
            if (values.Length < points.Count * MinDistinctShare) return false;
            // On a lattice (a forest plot's rows, bins' centres): every value a whole number of the smallest gap from the first,
            // the lattice not much larger than the values on it. Measured values leave tiny gaps and fill no lattice.
            var gap = values.Zip(values.Skip(1), (a, b) => b - a).Where(g => g > 0).DefaultIfEmpty(0).Min();
            if (gap <= 0) return true;
            var lattice = (values[^1] - values[0]) / gap + 1;
            var onLattice = values.All(v => Math.Abs((v - values[0]) / gap - Math.Round((v - values[0]) / gap)) < 0.02);
            return !(onLattice && lattice <= 2.0 * values.Length);
        }
    }

    private IEnumerable<Tally> Tallies(List<(string X, string Y)> points, double relative, CancellationToken cancel)
    {
        var windows = new Dictionary<string, Window?>(StringComparer.Ordinal);
        Window? WindowOf(string cell) => windows.TryGetValue(cell, out var w) ? w : windows[cell] = Lookup(cell, relative);
        var pairs = new List<(Window X, Window Y)>();
        foreach (var (x, y) in points)
            if (WindowOf(x) is { } wx && WindowOf(y) is { } wy && !wx.Bins.Intersect(wy.Bins).Any())
                pairs.Add((wx, wy));
        for (var p = 0; p < index.Projects.Count; p++)
        {
            cancel.ThrowIfCancellationRequested();
            var participants = (double)Math.Max(1, index.Projects[p].Participants);
            var (kept, held, expected) = (0, 0, 0.0);
            var who = new HashSet<uint>();
            foreach (var (wx, wy) in pairs)
            {
                var chance = DependenceFactor * wx.Counts[p] * (double)wy.Counts[p] / participants;
                if (wx.Counts[p] == 0 || wy.Counts[p] == 0 || chance > MaxChance || Math.Min(wx.Counts[p], wy.Counts[p]) > MaxLooked) continue;
                kept++;
                expected += chance;
                var (small, other) = wx.Counts[p] <= wy.Counts[p] ? (wx, wy) : (wy, wx);
                var holders = Holders(small.Entries[p], other.Entries[p]);
                if (holders.Count == 0) continue;
                held++;
                // A point held by one participant only is theirs; one held by several names nobody.
                if (holders.Count == 1) who.Add(holders[0]);
            }
            yield return new Tally(p, kept, held, expected, Bits(held, expected), who);
        }
    }

    /// <summary>log2 of 1 / the Chernoff bound on k or more of independent events with mean μ happening.</summary>
    public static double Bits(int k, double mu)
    {
        if (k == 0 || k <= mu) return 0;
        if (mu <= 0) return double.PositiveInfinity;
        return (k * Math.Log(k / mu) - k + mu) / Math.Log(2);
    }

    /// <summary>Up to two participants who hold a value in both windows.</summary>
    private List<uint> Holders(List<IndexEntry> small, List<IndexEntry> other)
    {
        var found = new List<uint>(2);
        foreach (var e in small)
        {
            var ordinals = e.Count == 1 ? [e.Word1] : index.Postings(e).ToArray();
            foreach (var o in ordinals)
            {
                if (found.Contains(o) || !other.Any(s => index.Holds(s, o))) continue;
                found.Add(o);
                if (found.Count == 2) return found;
            }
        }
        return found;
    }

    /// <summary>
    /// A value's window: its bin at the precision written, or with <paramref name="relative"/> the bins within that share of
    /// the value (at most <see cref="MaxBins"/>), with the index entries of each project.
    /// </summary>
    private Window? Lookup(string cell, double relative)
    {
        if (cell.Length is 0 or > 24 || cell.IndexOfAny(['e', 'E']) >= 0) return null;
        if (!double.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            return null;
        var dot = cell.IndexOf('.');
        var decimals = dot < 0 ? 0 : cell.Length - dot - 1;
        // Whole numbers (ages, counts, codes) carry too few bits to be worth a look-up.
        if (decimals == 0) return null;
        var step = Math.Pow(10, -decimals);
        var centre = Math.Round(value / step);
        if (Math.Abs(centre) > 1e15) return null;
        var reach = (int)Math.Min(MaxBins / 2, Math.Floor(Math.Abs(value) * relative / step + 1e-9));
        centre -= reach;
        var entries = Enumerable.Range(0, index.Projects.Count).Select(_ => new List<IndexEntry>()).ToArray();
        var counts = new int[index.Projects.Count];
        var keys = new ulong[2 * reach + 1];
        Span<byte> raw = stackalloc byte[48];
        Span<byte> canonical = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        for (var i = 0; i < keys.Length; i++)
        {
            var text = ((centre + i) * step).ToString("F" + decimals, CultureInfo.InvariantCulture);
            if (text.Length > raw.Length) return null;
            var length = System.Text.Encoding.ASCII.GetBytes(text, raw);
            var canon = ValueCanonicalizer.Canonicalize(raw[..length], canonical);
            if (canon.Kind == ValueKind.None) continue;
            var hash = index.Hasher.Hash(canonical[..canon.Length]);
            keys[i] = hash;
            if (!index.TryFindSlot(hash, out var slot)) continue;
            for (var e = 0u; e < slot.EntryCount; e++)
            {
                var entry = index.Entry(slot.EntryStart + e);
                if (entry.IsId) continue;
                entries[entry.Project].Add(entry);
                counts[entry.Project] += entry.Count;
            }
        }
        return new Window(entries, counts, keys);
    }

    private (Finding, ParticipantSet) Blocked(Tally tally, string location, string exporter, double enough)
    {
        var project = index.Projects[tally.Project];
        var who = new ParticipantSet(index.Projects);
        foreach (var o in tally.Who) who.Add(tally.Project, o);
        var other = exporter != "" && project.Name != exporter;
        var count = who.Count(tally.Project);
        return (new Finding
        {
            Rule = ParticipantRecordDetector.Rule,
            Severity = policy.Severity,
            Location = location,
            Message = $"A plot of participants' data of project {project.Name}: {tally.Held:N0} of its {tally.Points:N0} testable points are (x, y) pairs " +
                      $"that one participant holds, where chance would give {tally.Expected:N1}; {count:N0} participants are identified by their point" +
                      (other ? $" — another project than the exporter ({exporter})" : ""),
            Participants = count,
            Projects = [project.Name],
            Evidence = new Dictionary<string, object>
            {
                ["transform"] = "plot marks read back through the axes' tick labels",
                ["points"] = tally.Points,
                ["pointsHeld"] = tally.Held,
                ["expectedByChance"] = Math.Round(tally.Expected, 2),
                ["bits"] = Math.Round(Math.Min(tally.Bits, 1e6), 1),
                ["barBits"] = Math.Round(enough, 1),
                ["otherProject"] = other,
            },
            Guidance = "A scatter plot of individual participants' values shows their records: each point can be read back to its values. " +
                       "Plot summaries instead (binned counts of at least 10, density contours, group means), or ask for the plot to be reviewed.",
        }, who);
    }

    private Finding HeldFew(Tally tally, string location, double bar) => new()
    {
        Rule = ReviewRule,
        Severity = Severity.Review,
        Location = location,
        Message = $"A plot whose points are participants' values: {tally.Held:N0} of its {tally.Points:N0} points are (x, y) pairs one participant " +
                  $"of project {index.Projects[tally.Project].Name} holds, where chance would give {tally.Expected:N2} — too few to say whose, enough for a person to look",
        Projects = [index.Projects[tally.Project].Name],
        Evidence = new Dictionary<string, object>
        {
            ["points"] = tally.Points,
            ["pointsHeld"] = tally.Held,
            ["expectedByChance"] = Math.Round(tally.Expected, 3),
            ["bits"] = Math.Round(Math.Min(tally.Bits, 1e6), 1),
            ["reviewBarBits"] = Math.Round(bar, 1),
        },
        Guidance = "Plots of individual participants' values may not leave the environment, however few the points. Plot summaries instead.",
    };

    private static Finding Reviewed(int points, string location, PlotMarks plot) => new()
    {
        Rule = ReviewRule,
        Severity = Severity.Review,
        Location = location,
        Message = $"A plot of {points:N0} individual points" + (plot.AxesRecovered ? "" : " (its axes could not be read back)") +
                  ": no participant's values were matched, but each point may be one person's; a person looks",
        Evidence = new Dictionary<string, object> { ["points"] = points, ["marks"] = plot.Marks, ["axesRecovered"] = plot.AxesRecovered },
        Guidance = "Scatter plots of individual-level data may show participants' values. Plot summaries instead (binned counts of at least 10, " +
                   "density contours, smoothed lines), or say in the request what the points are.",
    };
}
