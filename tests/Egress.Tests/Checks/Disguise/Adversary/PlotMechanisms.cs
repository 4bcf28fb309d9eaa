using System.Globalization;
using System.Text;

namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>What the plot writers and look-alikes share: which columns are measurements, and their values.</summary>
public static class PlotColumns
{
    /// <summary>Columns of decimals with two or more places in most rows (the measurements worth plotting against each other).</summary>
    public static List<int> Measurements(string[] header, IReadOnlyList<string[]> rows)
    {
        var result = new List<int>();
        for (var c = 0; c < header.Length; c++)
        {
            if (header[c] == "eid") continue;
            var cells = rows.Select(r => c < r.Length ? r[c] : "").ToList();
            var decimals = cells.Count(v => v.IndexOf('.') is var dot and >= 0 && v.Length - dot - 1 >= 2 && double.TryParse(v, CultureInfo.InvariantCulture, out _));
            if (decimals >= Math.Max(1, cells.Count * 0.8)) result.Add(c);
        }
        return result;
    }

    public static List<(double X, double Y)> Pairs(IReadOnlyList<string[]> rows, int x, int y)
    {
        var points = new List<(double, double)>();
        foreach (var r in rows)
            if (double.TryParse(r[x], CultureInfo.InvariantCulture, out var vx) && double.TryParse(r[y], CultureInfo.InvariantCulture, out var vy))
                points.Add((vx, vy));
        return points;
    }

    /// <summary>
    /// Two or three measurement columns, chosen by the seed: the first against each of the others. None when no column reads
    /// as numbers (another disguise wrote them in words): the writers then write the table as it is.
    /// </summary>
    public static List<PlotPanel> Panels(LeakTable table, Random random, int columns)
    {
        var measured = Measurements(table.Header, table.Rows);
        if (measured.Count < 2) measured = Enumerable.Range(0, table.Header.Length).Where(c => table.Header[c] != "eid").ToList();
        var chosen = measured.OrderBy(_ => random.Next()).Take(Math.Min(columns, measured.Count)).ToList();
        return chosen.Skip(1).Select(c => new PlotPanel(Pairs(table.Rows, chosen[0], c), table.Header[chosen[0]], table.Header[c]))
            .Where(p => p.Points.Count > 0).ToList();
    }
}

/// <summary>A matplotlib SVG scatter of two or three measurement columns (one panel per pair against the first).</summary>
public sealed class MatplotlibScatterSvg : ILeakWriter
{
    public string Name => "SVG scatter (matplotlib)";
    public string Item => "8 plots";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var panels = PlotColumns.Panels(table, random, 2 + random.Next(2));
        return panels.Count == 0 ? new PlainCsv().Write(table, random) : [new("scatter.svg", Encoding.UTF8.GetBytes(PlotSvg.Matplotlib(panels, random)))];
    }
}

/// <summary>A ggplot2 scatter saved with svglite (circles at two decimals, labelled ticks beside grid lines).</summary>
public sealed class SvgliteScatterSvg : ILeakWriter
{
    public string Name => "SVG scatter (ggplot2/svglite)";
    public string Item => "8 plots";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random) =>
        PlotColumns.Panels(table, random, 2) is [var panel, ..] ? [new("scatter.svg", Encoding.UTF8.GetBytes(PlotSvg.Svglite(panel)))] : new PlainCsv().Write(table, random);
}

/// <summary>An HTML report with a Plotly scatter's SVG inline.</summary>
public sealed class HtmlInlineSvgScatter : ILeakWriter
{
    public string Name => "HTML with inline SVG scatter (Plotly)";
    public string Item => "8 plots";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        if (PlotColumns.Panels(table, random, 2) is not [var panel, ..]) return new PlainCsv().Write(table, random);
        var html = $"<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>Exploratory analysis</title></head>\n<body>\n<h1>{panel.XTitle} against {panel.YTitle}</h1>\n" +
                   $"<p>Each point is one participant.</p>\n<div class=\"figure\">{PlotSvg.Plotly(panel)}</div>\n</body>\n</html>\n";
        return [new("report.html", Encoding.UTF8.GetBytes(html))];
    }
}

/// <summary>Look-alikes: plots of aggregates, and a scatter simulated from the cohort's marginals.</summary>
public static class PlotLookAlikes
{
    public static double[] Values(AdversaryCohort cohort, int column) =>
        cohort.Rows.Select(r => double.TryParse(r[column], CultureInfo.InvariantCulture, out var v) ? v : double.NaN).Where(double.IsFinite).ToArray();

    public static (int X, int Y) TwoMeasurements(AdversaryCohort cohort, Random random)
    {
        var measured = PlotColumns.Measurements(cohort.Header, cohort.Rows.Take(2000).ToList()).OrderBy(_ => random.Next()).ToList();
        return (measured[0], measured[1]);
    }

    public static int Decimals(string cell) => cell.IndexOf('.') is var dot and >= 0 ? cell.Length - dot - 1 : 0;
}

/// <summary>A matplotlib histogram of one measurement: bars (paths), no markers.</summary>
public sealed class HistogramSvg : ILookAlike
{
    public string Name => "SVG histogram (matplotlib)";
    public string Item => "8 plots";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var (x, _) = PlotLookAlikes.TwoMeasurements(cohort, random);
        var values = PlotLookAlikes.Values(cohort, x);
        var (lo, hi) = (values.Min(), values.Max());
        var bins = new int[30];
        foreach (var v in values) bins[Math.Min(29, (int)((v - lo) / (hi - lo) * 30))]++;
        // The bar tops as a line panel's points would be placed, drawn as rectangles.
        var s = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\n<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"460.8pt\" height=\"345.6pt\" viewBox=\"0 0 460.8 345.6\" xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\">\n <g id=\"figure_1\">\n  <g id=\"axes_1\">\n");
        var max = bins.Max();
        for (var i = 0; i < 30; i++)
        {
            var (left, width) = (57.6 + i * 11.904, 11.904);
            var top = 307.584 - bins[i] / (double)max * 253.44;
            s.Append(CultureInfo.InvariantCulture, $"   <g id=\"patch_{i + 3}\">\n    <path d=\"M {left:0.######} 307.584 L {left + width:0.######} 307.584 L {left + width:0.######} {top:0.######} L {left:0.######} {top:0.######} z\" clip-path=\"url(#p1)\" style=\"fill: #1f77b4\"/>\n   </g>\n");
        }
        var (_, _, yticks) = PlotSvg.Scale([0, max]);
        s.Append("   <g id=\"matplotlib.axis_2\">\n");
        var n = 1;
        foreach (var t in yticks)
            s.Append(CultureInfo.InvariantCulture, $"    <g id=\"ytick_{n++}\">\n     <g id=\"line2d_{n}\"><g><use xlink:href=\"#m1\" x=\"57.6\" y=\"{307.584 - t / (yticks[^1] * 1.05) * 253.44:0.######}\"/></g></g>\n     <g id=\"text_{n}\"><!-- {PlotSvg.Label(t, yticks)} --></g>\n    </g>\n");
        s.Append("   </g>\n  </g>\n </g>\n</svg>\n");
        return [new("histogram.svg", Encoding.UTF8.GetBytes(s.ToString()))];
    }
}

/// <summary>An svglite bar chart of counts by group (rectangles).</summary>
public sealed class BarChartSvg : ILookAlike
{
    public string Name => "SVG bar chart of counts (svglite)";
    public string Item => "8 plots";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var s = new StringBuilder("<?xml version='1.0' encoding='UTF-8' ?>\n<svg xmlns='http://www.w3.org/2000/svg' class='svglite' width='720.00pt' height='576.00pt' viewBox='0 0 720.00 576.00'>\n<g>\n");
        for (var i = 0; i < 12; i++)
        {
            var count = 40 + random.Next(900);
            s.Append(CultureInfo.InvariantCulture, $"<rect x='{60 + i * 52:F2}' y='{542.32 - count * 0.5:F2}' width='40.00' height='{count * 0.5:F2}' style='stroke-width: 1.07; fill: #595959;' />\n");
            s.Append(CultureInfo.InvariantCulture, $"<text x='{80 + i * 52:F2}' y='{538.32 - count * 0.5:F2}' text-anchor='middle'>{count}</text>\n");
        }
        s.Append("</g>\n</svg>\n");
        return [new("counts.svg", Encoding.UTF8.GetBytes(s.ToString()))];
    }
}

/// <summary>A matplotlib line plot (with markers) of a measurement's mean by age band: 30 points of means.</summary>
public sealed class MeansByAgeLinePlot : ILookAlike
{
    public string Name => "SVG line plot of means by age (matplotlib)";
    public string Item => "8 plots";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var (_, y) = PlotLookAlikes.TwoMeasurements(cohort, random);
        var values = PlotLookAlikes.Values(cohort, y);
        var points = Enumerable.Range(0, 30).Select(i => (40.0 + i, values.Skip(i * 100).Take(100).Average())).ToList();
        return [new("means-by-age.svg", Encoding.UTF8.GetBytes(PlotSvg.Matplotlib([new PlotPanel(points, "Age (years)", "Mean " + cohort.Header[y], Line: true)], random)))];
    }
}

/// <summary>A matplotlib plot of 30 group means against each other (two measurements' means in 30 groups).</summary>
public sealed class GroupMeansScatter : ILookAlike
{
    public string Name => "SVG scatter of 30 group means (matplotlib)";
    public string Item => "8 plots";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var (x, y) = PlotLookAlikes.TwoMeasurements(cohort, random);
        var points = Enumerable.Range(0, 30).Select(g =>
        {
            var rows = cohort.Rows.Skip(g * 200).Take(200).ToList();
            var xs = rows.Select(r => double.TryParse(r[x], CultureInfo.InvariantCulture, out var v) ? v : double.NaN).Where(double.IsFinite);
            var ys = rows.Select(r => double.TryParse(r[y], CultureInfo.InvariantCulture, out var v) ? v : double.NaN).Where(double.IsFinite);
            return (xs.Average(), ys.Average());
        }).ToList();
        return [new("group-means.svg", Encoding.UTF8.GetBytes(PlotSvg.Matplotlib([new PlotPanel(points, cohort.Header[x], cohort.Header[y])], random)))];
    }
}

/// <summary>
/// A scatter of 500 points simulated from two measurements' marginals (each coordinate drawn from the cohort's own values
/// of that column, independently, at its precision): individual-looking points of nobody — review is acceptable, block is not.
/// </summary>
public sealed class SimulatedScatterSvg : ILookAlike
{
    public string Name => "SVG scatter simulated from the marginals (matplotlib, svglite)";
    public string Item => "8 plots";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var (x, y) = PlotLookAlikes.TwoMeasurements(cohort, random);
        var rows = cohort.Rows.Where(r => r[x].Length > 0 && r[y].Length > 0).ToList();
        var points = Enumerable.Range(0, 500).Select(_ => (
            double.Parse(rows[random.Next(rows.Count)][x], CultureInfo.InvariantCulture),
            double.Parse(rows[random.Next(rows.Count)][y], CultureInfo.InvariantCulture))).ToList();
        var panel = new PlotPanel(points, cohort.Header[x], cohort.Header[y]);
        return random.Next(2) == 0
            ? [new("simulated.svg", Encoding.UTF8.GetBytes(PlotSvg.Matplotlib([panel], random)))]
            : [new("simulated.svg", Encoding.UTF8.GetBytes(PlotSvg.Svglite(panel)))];
    }
}

/// <summary>
/// A scatter of 500 points simulated from a bivariate normal fitted to the most correlated pair of measurements (means,
/// SDs and correlation), at the columns' precision: points where the cohort is dense together, of nobody.
/// </summary>
public sealed class JointFitScatterSvg : ILookAlike
{
    public string Name => "SVG scatter simulated from a joint normal fit (matplotlib)";
    public string Item => "8 plots";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var sample = cohort.Rows.Take(3000).ToList();
        var measured = PlotColumns.Measurements(cohort.Header, sample);
        var best = (X: measured[0], Y: measured[1], R: 0.0);
        foreach (var a in measured)
            foreach (var b in measured.Where(b => b > a))
            {
                var pairs = PlotColumns.Pairs(sample, a, b);
                var r = Correlation(pairs);
                if (Math.Abs(r) > Math.Abs(best.R)) best = (a, b, r);
            }
        var fit = PlotColumns.Pairs(sample, best.X, best.Y);
        var (mx, my) = (fit.Average(p => p.X), fit.Average(p => p.Y));
        var (sx, sy) = (Math.Sqrt(fit.Average(p => (p.X - mx) * (p.X - mx))), Math.Sqrt(fit.Average(p => (p.Y - my) * (p.Y - my))));
        var (dx, dy) = (PlotLookAlikes.Decimals(sample.First(r => r[best.X].Length > 0)[best.X]), PlotLookAlikes.Decimals(sample.First(r => r[best.Y].Length > 0)[best.Y]));
        var points = Enumerable.Range(0, 500).Select(_ =>
        {
            var (z1, z2) = (Normal(random), Normal(random));
            var x = mx + sx * z1;
            var y = my + sy * (best.R * z1 + Math.Sqrt(1 - best.R * best.R) * z2);
            return (Math.Round(x, dx), Math.Round(y, dy));
        }).ToList();
        return [new("joint-fit.svg", Encoding.UTF8.GetBytes(PlotSvg.Matplotlib([new PlotPanel(points, cohort.Header[best.X], cohort.Header[best.Y])], random)))];
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Correlation(List<(double X, double Y)> pairs)
    {
        var (mx, my) = (pairs.Average(p => p.X), pairs.Average(p => p.Y));
        double sxy = 0, sxx = 0, syy = 0;
        foreach (var (x, y) in pairs)
        {
            sxy += (x - mx) * (y - my);
            sxx += (x - mx) * (x - mx);
            syy += (y - my) * (y - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
    }
}
