using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>Cells as JSON values: numbers as written, everything else as strings.</summary>
internal static class JsonCells
{
    public static string Value(string cell) =>
        cell.Length > 0 && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !cell.StartsWith('+') &&
        !(cell.Length > 1 && cell[0] == '0' && cell[1] != '.') && !cell.EndsWith('.') && !cell.StartsWith('.')
            ? cell
            : JsonSerializer.Serialize(cell);

    public static string Array(IEnumerable<string> cells) => "[" + string.Join(",", cells.Select(Value)) + "]";

    public static string Name(string name) => JsonSerializer.Serialize(name);

    public static IEnumerable<string> Column(LeakTable table, int c) => table.Rows.Select(r => r[c]);

    /// <summary>jsonlite's dataframe="columns": an object of equal-length arrays.</summary>
    public static string Columns(LeakTable table) =>
        "{" + string.Join(",", table.Header.Select((h, c) => $"{Name(h)}:{Array(Column(table, c))}")) + "}";

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Zip(IEnumerable<LeakFile> files)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var file in files)
            {
                using var entry = zip.CreateEntry(file.Name).Open();
                entry.Write(file.Content);
            }
        return buffer.ToArray();
    }
}

/// <summary>R jsonlite::write_json(df, dataframe = "columns"): one array per column.</summary>
public sealed class JsonliteColumns : ILeakWriter
{
    public string Name => "jsonlite columns";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random) => [new("data.json", JsonCells.Bytes(JsonCells.Columns(table)))];
}

/// <summary>pandas to_json(orient="columns"): {"col": {"0": v, "1": v}}.</summary>
public sealed class PandasColumns : ILeakWriter
{
    public string Name => "pandas orient=columns";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var text = "{" + string.Join(",", table.Header.Select((h, c) =>
            $"{JsonCells.Name(h)}:{{" + string.Join(",", table.Rows.Select((r, i) => $"\"{i}\":{JsonCells.Value(r[c])}")) + "}")) + "}";
        return [new("frame.json", JsonCells.Bytes(text))];
    }
}

/// <summary>pandas to_json(orient="split"): the column names, the index and the rows apart.</summary>
public sealed class PandasSplit : ILeakWriter
{
    public string Name => "pandas orient=split";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var text = "{\"columns\":[" + string.Join(",", table.Header.Select(JsonCells.Name)) + "]," +
                   $"\"index\":[{string.Join(",", Enumerable.Range(0, table.Rows.Count))}]," +
                   $"\"data\":[{string.Join(",", table.Rows.Select(r => JsonCells.Array(r)))}]}}";
        return [new("frame.json", JsonCells.Bytes(text))];
    }
}

/// <summary>pandas to_json(orient="index"): {"0": {"col": v}, …}, records keyed by row.</summary>
public sealed class PandasIndex : ILeakWriter
{
    public string Name => "pandas orient=index";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var text = "{" + string.Join(",", table.Rows.Select((r, i) =>
            $"\"{i}\":{{" + string.Join(",", table.Header.Select((h, c) => $"{JsonCells.Name(h)}:{JsonCells.Value(r[c])}")) + "}")) + "}";
        return [new("frame.json", JsonCells.Bytes(text))];
    }
}

/// <summary>A Plotly scatter-matrix in an HTML page, as plotly's to_html writes it: every column a dimension of the trace.</summary>
public sealed class PlotlySplomPage : ILeakWriter
{
    public string Name => "Plotly traces in HTML";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var dimensions = string.Join(", ", table.Header.Select((h, c) => $"{{\"label\": {JsonCells.Name(h)}, \"values\": {JsonCells.Array(JsonCells.Column(table, c))}}}"));
        var trace = $"{{\"type\": \"splom\", \"dimensions\": [{dimensions}], \"marker\": {{\"size\": 4, \"color\": \"#1f77b4\"}}, \"showupperhalf\": false}}";
        var page = "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\" /><script src=\"https://cdn.plot.ly/plotly-2.35.2.min.js\"></script></head>\n<body>\n" +
                   "<div id=\"a1b2c3\" class=\"plotly-graph-div\" style=\"height:800px; width:100%;\"></div>\n<script type=\"text/javascript\">\n" +
                   "window.PLOTLYENV=window.PLOTLYENV || {};\nif (document.getElementById(\"a1b2c3\")) {\n" +
                   $"    Plotly.newPlot(\"a1b2c3\", [{trace}], {{\"title\": {{\"text\": \"Pairs\"}}, \"template\": {{\"layout\": {{\"font\": {{\"size\": 12}}}}}}}}, {{\"responsive\": true}})\n" +
                   "};\n</script>\n</body>\n</html>\n";
        return [new("figure.html", JsonCells.Bytes(page))];
    }
}

/// <summary>A Plotly scatter whose points carry the columns as x, y, text, customdata and marker attributes, in a page's script.</summary>
public sealed class PlotlyScatterPage : ILeakWriter
{
    private static readonly string[] Attributes = ["x", "y", "text", "customdata", "hovertext", "ids", "marker.size", "marker.color"];

    public string Name => "Plotly scatter attributes in HTML";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var plain = new List<string>();
        var marker = new List<string>();
        // The columns worth plotting: the most varied (measurements), as many as the trace has attributes for.
        var chosen = Enumerable.Range(0, table.Header.Length).OrderByDescending(c => JsonCells.Column(table, c).Distinct().Count())
            .ThenByDescending(c => JsonCells.Column(table, c).Count(v => v.Contains('.'))).ThenBy(c => c)
            .Take(Attributes.Length).ToList();
        for (var a = 0; a < chosen.Count; a++)
        {
            var values = JsonCells.Array(JsonCells.Column(table, chosen[a]));
            if (Attributes[a].StartsWith("marker.", StringComparison.Ordinal)) marker.Add($"{Attributes[a][7..]}: {values}");
            else plain.Add($"{Attributes[a]}: {values}");
        }
        // Bare keys, as hand-written JavaScript has them.
        var trace = "{type: 'scatter', mode: 'markers', " + string.Join(", ", plain) + (marker.Count > 0 ? ", marker: {" + string.Join(", ", marker) + "}" : "") + "}";
        var page = $"<html><head><title>Explorer</title></head><body><div id=\"plot\"></div>\n<script>\nvar trace1 = {trace};\nvar layout = {{title: 'Explorer'}};\n" +
                   "Plotly.newPlot('plot', [trace1], layout);\n</script></body></html>\n";
        return [new("explorer.html", JsonCells.Bytes(page))];
    }
}

/// <summary>jsonlite columns in a page's &lt;script type="application/json"&gt; (an htmlwidget's payload).</summary>
public sealed class JsonInScriptTag : ILeakWriter
{
    public string Name => "JSON in a script tag";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>widget</title></head><body>\n<div id=\"htmlwidget-1\" class=\"datatables html-widget\"></div>\n" +
                   $"<script type=\"application/json\" data-for=\"htmlwidget-1\">{{\"x\":{{\"filter\":\"none\",\"data\":{JsonCells.Columns(table)}}},\"evals\":[]}}</script>\n</body></html>\n";
        return [new("widget.html", JsonCells.Bytes(page))];
    }
}

/// <summary>One file per column, one value a line (a header line on some), the files one request.</summary>
public sealed class OneFilePerColumn : ILeakWriter
{
    public string Name => "one file per column";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random) => Files(table, random);

    internal static IReadOnlyList<LeakFile> Files(LeakTable table, Random random) => table.Header.Select((h, c) =>
    {
        var header = random.Next(2) == 0 && !double.TryParse(h, CultureInfo.InvariantCulture, out _);
        var text = (header ? h + "\n" : "") + string.Join("\n", JsonCells.Column(table, c)) + "\n";
        var name = new string(h.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').ToArray()) + (random.Next(2) == 0 ? ".txt" : ".csv");
        return new LeakFile($"{c:00}_{name}", JsonCells.Bytes(text));
    }).ToList();
}

/// <summary>One file per column, all in one zip.</summary>
public sealed class OneFilePerColumnZip : ILeakWriter
{
    public string Name => "one file per column in a zip";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random) => [new("columns.zip", JsonCells.Zip(OneFilePerColumn.Files(table, random)))];
}

/// <summary>A zip of many tiny CSV files of two rows each (header and all): no one file holds enough to decide.</summary>
public sealed class TinyFilesZip : ILeakWriter
{
    public string Name => "zip of 2-row files";
    public string Item => "12 pooled evidence";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var files = new List<LeakFile>();
        for (var i = 0; i < table.Rows.Count; i += 2)
            files.Add(new LeakFile($"part-{i / 2:0000}.csv", JsonCells.Bytes(PlainCsv.Csv(new LeakTable(table.Header, table.Rows.Skip(i).Take(2).ToList())))));
        return [new("parts.zip", JsonCells.Zip(files))];
    }
}

/// <summary>A notebook whose every cell prints one row (pandas' print of one row, header above it).</summary>
public sealed class NotebookRowPerCell : ILeakWriter
{
    public string Name => "notebook, one row per cell";
    public string Item => "12 pooled evidence";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var cells = table.Rows.Select((r, i) =>
        {
            var widths = table.Header.Select((h, c) => Math.Max(h.Length, r[c].Length) + 2).ToArray();
            var header = new string(' ', 6) + string.Concat(table.Header.Select((h, c) => h.PadLeft(widths[c])));
            var row = i.ToString(CultureInfo.InvariantCulture).PadRight(6) + string.Concat(r.Select((v, c) => v.PadLeft(widths[c])));
            var source = JsonSerializer.Serialize($"print(df.iloc[[{i}]])");
            var output = JsonSerializer.Serialize(header + "\n" + row + "\n");
            return $"{{\"cell_type\":\"code\",\"execution_count\":{i + 1},\"metadata\":{{}},\"source\":[{source}]," +
                   $"\"outputs\":[{{\"name\":\"stdout\",\"output_type\":\"stream\",\"text\":[{output}]}}]}}";
        });
        var notebook = "{\"cells\":[" + string.Join(",", cells) + "],\"metadata\":{\"kernelspec\":{\"display_name\":\"Python 3\",\"language\":\"python\",\"name\":\"python3\"}},\"nbformat\":4,\"nbformat_minor\":5}";
        return [new("explore.ipynb", JsonCells.Bytes(notebook))];
    }
}

/// <summary>Means, SDs and Ns of every measurement as jsonlite columns: column-oriented aggregates.</summary>
public sealed class ColumnarSummaryJson : ILookAlike
{
    public string Name => "column-oriented JSON of summary statistics";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var variables = new List<string>();
        var n = new List<string>();
        var mean = new List<string>();
        var sd = new List<string>();
        for (var c = 1; c < cohort.Header.Length; c++)
        {
            var values = Numbers(cohort, c);
            if (values.Count < 100) continue;
            var m = values.Average();
            variables.Add(cohort.Header[c]);
            n.Add(values.Count.ToString(CultureInfo.InvariantCulture));
            mean.Add(Cells.F(m, 5));
            sd.Add(Cells.F(Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / (values.Count - 1)), 5));
        }
        var table = new LeakTable(["variable", "n", "mean", "sd"], variables.Select((v, i) => new[] { v, n[i], mean[i], sd[i] }).ToList());
        return [new("summary.json", JsonCells.Bytes(JsonCells.Columns(table)))];
    }

    internal static List<double> Numbers(AdversaryCohort cohort, int c) =>
        cohort.Rows.Select(r => double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).Where(double.IsFinite).ToList();
}

/// <summary>A Plotly bar chart of counts by group in an HTML page (aggregates, not points).</summary>
public sealed class PlotlyBarOfCounts : ILookAlike
{
    public string Name => "Plotly bar chart of counts by group";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var c = GroupColumn(cohort);
        // Groups of fewer than 10 are suppressed, as a researcher would before exporting.
        var groups = cohort.Rows.GroupBy(r => r[c]).Where(g => g.Key.Length > 0 && g.Count() >= 10).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var x = JsonCells.Array(groups.Select(g => g.Key));
        var y = "[" + string.Join(",", groups.Select(g => g.Count())) + "]";
        var pct = "[" + string.Join(",", groups.Select(g => Cells.F(100.0 * g.Count() / cohort.Rows.Count, 4))) + "]";
        var page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\" /></head><body><div id=\"bar\"></div><script type=\"text/javascript\">" +
                   $"Plotly.newPlot(\"bar\", [{{\"type\": \"bar\", \"x\": {x}, \"y\": {y}, \"text\": {pct}, \"name\": {JsonCells.Name(cohort.Header[c])}}}], " +
                   "{\"yaxis\": {\"title\": {\"text\": \"participants\"}}, \"xaxis\": {\"range\": [0, 10], \"domain\": [0, 1]}});</script></body></html>";
        return [new("counts.html", JsonCells.Bytes(page))];
    }

    /// <summary>A column of a few groups, each large (a centre, a sex, an ethnic group), by seed-free rule: the first such.</summary>
    internal static int GroupColumn(AdversaryCohort cohort) => Enumerable.Range(1, cohort.Header.Length - 1).FirstOrDefault(i =>
    {
        var groups = cohort.Rows.GroupBy(r => r[i]).ToList();
        return groups.Count is >= 2 and <= 12 && groups.All(g => g.Key.Length > 0 && g.Count() >= 100);
    }, 1);
}

/// <summary>
/// Several single-column files of equal length that are not anyone's rows: simulated draws from each measurement's
/// marginal, and quantiles of each (aggregate values).
/// </summary>
public sealed class SingleColumnSimulatedFiles : ILookAlike
{
    public string Name => "single-column files of simulated and aggregate values";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var columns = Enumerable.Range(1, cohort.Header.Length - 1).Where(c => ColumnarSummaryJson.Numbers(cohort, c).Count > cohort.Rows.Count / 2).Take(6).ToList();
        var files = new List<LeakFile>();
        foreach (var c in columns)
        {
            var values = ColumnarSummaryJson.Numbers(cohort, c);
            var draws = Enumerable.Range(0, 200).Select(_ => cohort.Rows[random.Next(cohort.Rows.Count)][c]).Where(v => v.Length > 0);
            files.Add(new LeakFile($"sim_{c}.txt", JsonCells.Bytes(string.Join("\n", draws) + "\n")));
            var sorted = values.OrderBy(v => v).ToList();
            var quantiles = Enumerable.Range(1, 99).Select(q => Cells.F(sorted[q * (sorted.Count - 1) / 100], 4));
            files.Add(new LeakFile($"quantiles_{c}.txt", JsonCells.Bytes(string.Join("\n", quantiles) + "\n")));
        }
        return files;
    }
}

/// <summary>A request of a few legitimate tables: counts by group, summaries with their Ns, a model's coefficients.</summary>
public sealed class RequestOfLegitimateTables : ILookAlike
{
    public string Name => "request of a few legitimate tables";
    public string Item => "12 pooled evidence";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var files = new List<LeakFile>();
        var c = PlotlyBarOfCounts.GroupColumn(cohort);
        var counts = new StringBuilder("group,n,percent\n");
        foreach (var g in cohort.Rows.GroupBy(r => r[c]).OrderBy(g => g.Key, StringComparer.Ordinal))
            counts.Append($"{g.Key},{g.Count()},{Cells.F(100.0 * g.Count() / cohort.Rows.Count, 2)}\n");
        files.Add(new LeakFile("table1_counts.csv", JsonCells.Bytes(counts.ToString())));
        var summary = new StringBuilder("variable,n,mean,sd,median\n");
        var coefficients = new StringBuilder("term,estimate,std.error,statistic,p.value\n(Intercept)," + Cells.F(random.NextDouble() * 10, 4) + ",0.2134,12.31,<0.001\n");
        for (var v = 1; v < cohort.Header.Length; v++)
        {
            var values = ColumnarSummaryJson.Numbers(cohort, v);
            if (values.Count < 100) continue;
            var m = values.Average();
            var sorted = values.OrderBy(x => x).ToList();
            summary.Append($"{cohort.Header[v]},{values.Count},{Cells.F(m, 3)},{Cells.F(Math.Sqrt(values.Sum(x => (x - m) * (x - m)) / (values.Count - 1)), 3)},{Cells.F(sorted[sorted.Count / 2], 3)}\n");
            coefficients.Append($"{cohort.Header[v]},{Cells.F(random.NextDouble() - 0.5, 5)},{Cells.F(0.01 + random.NextDouble() / 10, 5)},{Cells.F(random.NextDouble() * 6 - 3, 3)},{Cells.F(random.NextDouble(), 4)}\n");
        }
        files.Add(new LeakFile("table2_summary.csv", JsonCells.Bytes(summary.ToString())));
        files.Add(new LeakFile("table3_model.csv", JsonCells.Bytes(coefficients.ToString())));
        return files;
    }
}

/// <summary>
/// An R model object saved with saveRDS whose per-person vectors (the response, each predictor, residuals, fitted values)
/// are separate elements of equal length beside its coefficients: no element is a table, together they are rows.
/// </summary>
public sealed class RdsModelVectors : ILeakWriter
{
    public string Name => "R model object's per-person vectors";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var items = new List<Action<Egress.Tests.Formats.Data.Support.RDataWriter>>();
        var names = new List<string>();
        // Coefficients first: a vector of another length, so the list is not a data frame in disguise.
        var coefficients = Enumerable.Range(0, table.Header.Length + 2).Select(_ => random.NextDouble() - 0.5).ToArray();
        items.Add(w => w.Doubles(coefficients));
        names.Add("coefficients");
        for (var c = 0; c < table.Header.Length; c++)
        {
            var cells = JsonCells.Column(table, c).ToArray();
            if (cells.All(v => v.Length == 0)) continue;
            if (cells.All(v => v.Length == 0 || double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                var values = cells.Select(v => v.Length == 0 ? Egress.Tests.Formats.Data.Support.RDataWriter.NaReal : double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                items.Add(w => w.Doubles(values));
            }
            else items.Add(w => w.Strings(cells.Select(v => v.Length == 0 ? null : v).ToArray()));
            names.Add("x_" + table.Header[c]);
        }
        var residuals = table.Rows.Select(_ => random.NextDouble() * 4 - 2).ToArray();
        items.Add(w => w.Doubles(residuals));
        names.Add("residuals");
        items.Add(w => w.Doubles([table.Rows.Count - 3.0]));
        names.Add("df.residual");
        var bytes = Egress.Tests.Formats.Data.Support.RDataWriter.Rds(w => w.List([.. items], ("names", n => n.Strings([.. names])), ("class", n => n.Strings(["lm"]))), gzip: true);
        return [new LeakFile("fit.rds", bytes)];
    }
}

/// <summary>
/// A Python model's state pickled as a dict: coefficients beside per-person lists (each predictor, the residuals) of equal
/// length. No entry is a table (the lengths differ), the per-person ones together are rows.
/// </summary>
public sealed class PickledModelVectors : ILeakWriter
{
    public string Name => "pickled model's per-person vectors";
    public string Item => "7 structure";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var entries = new List<(string Key, Action<Egress.Tests.Formats.Data.Support.PickleWriter> Value)>();
        var coefficients = Enumerable.Range(0, table.Header.Length + 2).Select(_ => random.NextDouble() - 0.5).ToArray();
        entries.Add(("coef_", w => w.List(coefficients.Select(c => (Action<Egress.Tests.Formats.Data.Support.PickleWriter>)(x => x.Float(c))))));
        for (var c = 0; c < table.Header.Length; c++)
        {
            var cells = JsonCells.Column(table, c).ToArray();
            if (cells.All(v => v.Length == 0)) continue;
            entries.Add(("X_" + table.Header[c], w => w.List(cells.Select(v => (Action<Egress.Tests.Formats.Data.Support.PickleWriter>)(x => x.Cell(v))))));
        }
        var residuals = table.Rows.Select(_ => random.NextDouble() * 4 - 2).ToArray();
        entries.Add(("resid_", w => w.List(residuals.Select(r => (Action<Egress.Tests.Formats.Data.Support.PickleWriter>)(x => x.Float(r))))));
        entries.Add(("n_features_in_", w => w.Int(table.Header.Length)));
        return [new LeakFile("model.pkl", new Egress.Tests.Formats.Data.Support.PickleWriter().Dict([.. entries]).Stop())];
    }
}
