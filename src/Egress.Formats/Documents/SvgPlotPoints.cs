using System.Globalization;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// A plot's marks read back as data: each axis fitted to its tick labels (matplotlib's tick groups, or the rows and
/// columns of numeric texts along the panel's edges, placed exactly on their tick marks or grid lines), each mark's
/// pixels mapped through it, and the values written at the precision the drawing holds — fine enough that a value
/// drawn from a dispensed one reads back as it, no finer than the pixels say. One table per figure, marked as a plot's.
/// </summary>
internal static class SvgPlotPoints
{
    /// <summary>Marks without fitted axes are still a table (of pixels) from this many on: enough to be individual points.</summary>
    public const int MinUnplacedMarks = 50;
    private const int MaxDecimals = 6;
    /// <summary>A label lies on a tick line when nearer than this share of the spacing of the labels.</summary>
    private const double SnapShare = 0.45;
    private const double SameOffsetPx = 0.05;

    /// <summary>One table per panel with marks (matplotlib's subplots are panels of their own): <c>#points</c>, <c>#points2</c>, ….</summary>
    public static IEnumerable<TablePart> Tables(SvgMarks plot, string path)
    {
        var panels = plot.Marks.Select(m => m.Panel).Distinct().Order().ToList();
        for (var i = 0; i < panels.Count; i++)
            if (Table(plot, panels[i], i == 0 ? path : $"{path}{i + 1}") is { } table)
                yield return table;
    }

    private static TablePart? Table(SvgMarks plot, int panel, string path)
    {
        var marks = plot.Marks.Where(m => m.Panel == panel).ToList();
        if (marks.Count == 0) return null;
        var (x, xEdge, xTitle) = XAxis(plot, panel);
        var (y, yEdge, yTitle) = YAxis(plot, panel);
        // Marks past the bound were counted, not kept: they belong to the last panel read.
        var total = marks.Count + (panel == plot.Marks[^1].Panel ? plot.MoreMarks : 0);
        if (x is null || y is null)
        {
            if (total < MinUnplacedMarks) return null;
            var pixels = marks.Select(m => (IReadOnlyList<string>)[F(m.X, 2), F(m.Y, 2)]).ToList();
            return new TablePart(path, ["pixel x", "pixel y"], pixels) { Plot = new PlotMarks(total, false) };
        }
        // Marks beyond the tick labels (left of the y labels, below the x labels) are not in the panel.
        var inPanel = marks.Where(m => (xEdge is null || m.Y < xEdge) && (yEdge is null || m.X > yEdge)).ToList();
        if (inPanel.Count == 0) return null;
        // A writer rounds every mark to one number of decimals and drops trailing zeros: the most decimals seen is its precision.
        var markError = 0.5 * Math.Pow(10, -Math.Min(9, inPanel.Max(m => m.Decimals))) * Math.Max(1, inPanel.Max(m => m.Stretch));
        var rows = new List<IReadOnlyList<string>>(inPanel.Count);
        foreach (var m in inPanel)
        {
            var (vx, vy) = (x.ToData(m.X), y.ToData(m.Y));
            if (!double.IsFinite(vx) || !double.IsFinite(vy)) continue;
            rows.Add([Written(vx, x.DataError(m.X, markError)), Written(vy, y.DataError(m.Y, markError))]);
        }
        return new TablePart(path, [Header(xTitle, "x"), Header(yTitle, "y")], rows) { Plot = new PlotMarks(total, true) };
    }

    /// <summary>
    /// A value at the most decimals d for which half a unit of the last place still covers the error: the value drawn
    /// then reads back as it was (rounded to d if it had more, then give or take one unit at a bin's edge).
    /// </summary>
    private static string Written(double value, double error)
    {
        var d = error <= 0 ? MaxDecimals : (int)Math.Clamp(Math.Floor(-Math.Log10(2 * error)), 0, MaxDecimals);
        return F(value, d);
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    private static string Header(string? title, string fallback)
    {
        var t = title?.Trim();
        return string.IsNullOrEmpty(t) || t.Length > 80 || SvgAxis.TickValue(t) is not null ? fallback : t.Replace(',', ' ');
    }

    private static (SvgAxis? Axis, double? Edge, string? Title) XAxis(SvgMarks plot, int panel)
    {
        var ticks = plot.Ticks.Where(t => t.Axis == 'x' && t.Panel == panel).Select(t => (t.Position, t.Label)).ToList();
        if (SvgAxis.Fit(ticks) is { } fitted) return (fitted, null, plot.Titles.GetValueOrDefault((panel, 'x')));
        // Tick labels along the bottom: a row of numeric texts at one height, increasing left to right.
        var labelsHere = plot.Labels.Where(l => l.Panel == panel).ToList();
        // Numeric labels turned on their own anchor (Stata's y labels) still sit at their tick.
        var rows = labelsHere.Where(l => SvgAxis.TickValue(l.Text) is not null)
            .GroupBy(l => Math.Round(l.Y, 1)).Where(g => g.Count() >= 3).OrderByDescending(g => g.Key);
        foreach (var row in rows)
        {
            var labels = row.OrderBy(l => l.X).ToList();
            var positions = Snap(labels.Select(l => l.X).ToList(), plot.VerticalAt.Where(v => v.Panel == panel).Select(v => v.At).ToList());
            if (SvgAxis.Fit(positions.Zip(labels, (p, l) => (p, l.Text)).ToList()) is not { } axis) continue;
            // Its title: the nearest plain text below it.
            var title = labelsHere.Where(l => !l.Turned && l.Y > row.Key && SvgAxis.TickValue(l.Text) is null).OrderBy(l => l.Y).FirstOrDefault().Text;
            return (axis, labels.Min(l => l.Y) - 1, title);
        }
        return (null, null, null);
    }

    private static (SvgAxis? Axis, double? Edge, string? Title) YAxis(SvgMarks plot, int panel)
    {
        var ticks = plot.Ticks.Where(t => t.Axis == 'y' && t.Panel == panel).Select(t => (t.Position, t.Label)).ToList();
        if (SvgAxis.Fit(ticks) is { } fitted) return (fitted, null, plot.Titles.GetValueOrDefault((panel, 'y')));
        // Tick labels down the left side: a column of numeric texts aligned at one x.
        var labelsHere = plot.Labels.Where(l => l.Panel == panel).ToList();
        var columns = labelsHere.Where(l => SvgAxis.TickValue(l.Text) is not null)
            .GroupBy(l => Math.Round(l.X, 1)).Where(g => g.Count() >= 3).OrderBy(g => g.Key);
        foreach (var column in columns)
        {
            var labels = column.OrderBy(l => l.Y).ToList();
            var positions = Snap(labels.Select(l => l.Y).ToList(), plot.HorizontalAt.Where(v => v.Panel == panel).Select(v => v.At).ToList());
            if (SvgAxis.Fit(positions.Zip(labels, (p, l) => (p, l.Text)).ToList()) is not { } axis) continue;
            var title = labelsHere.Where(l => l.Turned && l.X < column.Key).OrderByDescending(l => l.X).FirstOrDefault().Text;
            return (axis, column.Key, title);
        }
        return (null, null, null);
    }

    /// <summary>
    /// Labels moved onto their tick marks or grid lines: a label is set off from its tick by its baseline or anchor, the same
    /// offset for every label of an axis. When each label has a line near it at one common offset, the lines are the ticks;
    /// otherwise the labels' own positions are used.
    /// </summary>
    private static List<double> Snap(List<double> labels, List<double> lines)
    {
        if (lines.Count == 0 || labels.Count < 2) return labels;
        var sorted = lines.Distinct().Order().ToArray();
        var gaps = labels.Order().Zip(labels.Order().Skip(1), (a, b) => b - a).Where(g => g > 0).DefaultIfEmpty(0).Min();
        var reach = SnapShare * gaps;
        var snapped = new List<double>(labels.Count);
        double? offset = null;
        foreach (var p in labels)
        {
            var i = Array.BinarySearch(sorted, p);
            if (i < 0) i = ~i;
            var best = double.NaN;
            foreach (var j in new[] { i - 1, i })
                if (j >= 0 && j < sorted.Length && (double.IsNaN(best) || Math.Abs(sorted[j] - p) < Math.Abs(best - p)))
                    best = sorted[j];
            if (double.IsNaN(best) || Math.Abs(best - p) > reach) return labels;
            offset ??= best - p;
            if (Math.Abs(best - p - offset.Value) > SameOffsetPx) return labels;
            snapped.Add(best);
        }
        return snapped;
    }
}
