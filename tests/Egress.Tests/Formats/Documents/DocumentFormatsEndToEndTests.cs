using System.Text;
using Egress.Checks;
using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Formats.Documents;

/// <summary>
/// Every document format end to end through the check engine against the indexed cohort: a participant
/// slice hidden in it is blocked with a location naming the part; legitimate outputs in it are not
/// blocked; truncated files never release.
/// </summary>
[Collection("indexed-cohort")]
public class DocumentFormatsEndToEndTests
{
    private static readonly object Gate = new();
    private static (string Root, IReadOnlyList<GeneratedOutput> Outputs)? _legitimate;

    private readonly IndexedCohort _cohort;
    private readonly ITestOutputHelper _output;

    public DocumentFormatsEndToEndTests(IndexedCohort cohort, ITestOutputHelper output)
    {
        _cohort = cohort;
        _output = output;
    }

    /// <summary>200 rows of project A's extract, IDs dropped.</summary>
    private (string[] Header, List<string[]> Rows) Slice()
    {
        var (header, rows) = _cohort.Extract("A");
        return (header[1..], rows.Skip(300).Take(200).Select(r => r[1..]).ToList());
    }

    /// <summary>Legitimate outputs written as CSV (tables to put in other formats), generated once.</summary>
    private List<(string Name, List<string[]> Rows)> LegitimateTables()
    {
        lock (Gate)
        {
            if (_legitimate is null || _legitimate.Value.Root != _cohort.Root)
            {
                var dir = Path.Combine(_cohort.Root, "legit-documents");
                _legitimate = (_cohort.Root, LegitimateOutputGenerator.Generate(_cohort.Files.Directory, dir, 48, 11));
            }
        }
        return _legitimate.Value.Outputs.Where(o => o.FileName.EndsWith(".csv", StringComparison.Ordinal))
            .Select(o => (o.FileName, DocumentWriters.ParseCsv(File.ReadAllText(o.FullPath)))).Where(t => t.Item2.Count > 1).ToList();
    }

    private List<(string Name, string Text)> LegitimateTexts()
    {
        LegitimateTables();
        return _legitimate!.Value.Outputs.Where(o => !o.FileName.EndsWith(".csv", StringComparison.Ordinal))
            .Select(o => (o.FileName, File.ReadAllText(o.FullPath))).ToList();
    }

    private CheckReport Check(string name, byte[] bytes)
    {
        var path = _cohort.NewFile(name);
        File.WriteAllBytes(path, bytes);
        var report = _cohort.Check(path);
        _output.WriteLine($"{name}: {report.Verdict} [{string.Join("; ", report.Findings.Select(f => $"{f.Rule} @ {f.Location}"))}] parts: {string.Join("; ", report.Parts.Select(p => $"{p.Path} {p.Format} {p.Bytes}"))}");
        return report;
    }

    private CheckReport Check(string name, string text) => Check(name, Encoding.UTF8.GetBytes(text));

    private static void AssertBlockedAt(CheckReport report, string part)
    {
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule is ParticipantRecordDetector.Rule or ParticipantIdDetector.Rule && f.Projects.Contains("A"));
        Assert.Contains(part, finding.Location);
        Assert.True(finding.Participants >= 150, $"{finding.Participants} participants: {finding.Message}");
    }

    private void AssertNoneBlocked(IEnumerable<(string Name, CheckReport Report)> checks)
    {
        var all = checks.ToList();
        Assert.NotEmpty(all);
        var blocked = all.Where(c => c.Report.Verdict == Verdict.Block)
            .Select(c => $"{c.Name}: {string.Join("; ", c.Report.Findings.Select(f => $"{f.Rule} @ {f.Location}: {f.Message}"))}").ToList();
        Assert.True(blocked.Count == 0, string.Join("\n", blocked));
    }

    private static void AssertNotReleased(CheckReport report) => Assert.NotEqual(Verdict.Release, report.Verdict);

    // ---- XLSX ----

    private static byte[] Xlsx(string[] header, IEnumerable<string[]> rows, string sheet, string? state, bool withCover = true)
    {
        var writer = new XlsxWriter();
        if (withCover) writer.AddSheet("Summary").Row(1, "Table", "Value").Row(2, "Participants", "20000");
        var s = writer.AddSheet(sheet, state).Row(1, header);
        var n = 2;
        foreach (var row in rows) s.Row(n++, row);
        return writer.ToBytes();
    }

    [Fact]
    public void A_slice_in_a_very_hidden_sheet_is_blocked()
    {
        var (header, rows) = Slice();
        AssertBlockedAt(Check("results.xlsx", Xlsx(header, rows, "Hidden", "veryHidden")), "results.xlsx#Hidden");
    }

    [Fact]
    public void A_slice_with_dates_stored_as_serials_is_blocked_in_a_plain_sheet()
    {
        var (header, rows) = Slice();
        AssertBlockedAt(Check("data.xlsx", Xlsx(header, rows, "Sheet1", null, withCover: false)), "data.xlsx#Sheet1");
    }

    [Fact]
    public void Legitimate_outputs_in_workbooks_are_not_blocked() =>
        AssertNoneBlocked(LegitimateTables().Select(t => (t.Name, Check(t.Name + ".xlsx", Xlsx(t.Rows[0], t.Rows.Skip(1), "Results", null)))));

    [Fact]
    public void A_truncated_workbook_is_not_released()
    {
        var (header, rows) = Slice();
        var bytes = Xlsx(header, rows, "Hidden", "hidden");
        AssertNotReleased(Check("cut.xlsx", bytes[..(bytes.Length * 2 / 3)]));
    }

    // ---- JSON ----

    [Fact]
    public void A_slice_in_json_records_is_blocked()
    {
        var (header, rows) = Slice();
        var json = "{\"study\": \"x\", \"results\": " + DocumentWriters.JsonRecords(header, rows, indented: true) + "}";
        AssertBlockedAt(Check("data.json", json), "data.json#$.results");
    }

    [Fact]
    public void A_slice_in_ndjson_is_blocked()
    {
        var (header, rows) = Slice();
        AssertBlockedAt(Check("data.ndjson", DocumentWriters.Ndjson(header, rows)), "data.ndjson#$");
    }

    [Fact]
    public void A_slice_as_pandas_columns_json_is_blocked()
    {
        // df.to_json(): {"column": {"row": value, …}, …} — one member per column, the records transposed.
        var (header, rows) = Slice();
        var json = new StringBuilder("{");
        for (var c = 0; c < header.Length; c++)
        {
            if (c > 0) json.Append(',');
            json.Append('"').Append(header[c]).Append("\":{");
            json.Append(string.Join(",", rows.Take(150).Select((r, i) => $"\"{i}\":" + (r[c].Length == 0 ? "null" : double.TryParse(r[c], System.Globalization.CultureInfo.InvariantCulture, out _) ? r[c] : $"\"{r[c]}\""))));
            json.Append('}');
        }
        json.Append('}');
        var report = Check("frame.json", json.ToString());
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Location.Contains("frame.json#$", StringComparison.Ordinal));
    }

    [Fact]
    public void Legitimate_outputs_in_json_are_not_blocked() =>
        AssertNoneBlocked(LegitimateTables().Select(t => (t.Name, Check(t.Name + ".json", DocumentWriters.JsonRecords(t.Rows[0], t.Rows.Skip(1))))));

    [Fact]
    public void Truncated_and_deeply_nested_json_are_not_released()
    {
        var (header, rows) = Slice();
        var json = DocumentWriters.JsonRecords(header, rows);
        AssertNotReleased(Check("cut.json", json[..(json.Length / 2)]));
        AssertNotReleased(Check("deep.json", new string('[', 100_000) + new string(']', 100_000)));
    }

    // ---- Notebooks ----

    [Fact]
    public void A_slice_in_a_notebook_html_output_is_blocked()
    {
        var (header, rows) = Slice();
        var nb = NotebookReaderTests.Notebook(
            NotebookReaderTests.Markdown("# Analysis"),
            NotebookReaderTests.Code("import pandas as pd"),
            NotebookReaderTests.Code("df", NotebookReaderTests.Result(new Dictionary<string, object>
            {
                ["text/html"] = DocumentWriters.HtmlTable(header, rows),
                ["text/plain"] = "<DataFrame>",
            })));
        AssertBlockedAt(Check("report.ipynb", nb), "report.ipynb#cell2/output0/text/html");
    }

    [Fact]
    public void A_slice_in_output_metadata_is_blocked()
    {
        var (header, rows) = Slice();
        var png = Convert.ToBase64String([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);
        var output = new Dictionary<string, object>
        {
            ["data"] = new Dictionary<string, object> { ["image/png"] = png },
            ["metadata"] = new Dictionary<string, object> { ["points"] = System.Text.Json.JsonDocument.Parse(DocumentWriters.JsonRecords(header, rows)).RootElement },
            ["output_type"] = "display_data",
        };
        var nb = NotebookReaderTests.Notebook(NotebookReaderTests.Code("plot(df)", output));
        AssertBlockedAt(Check("plot.ipynb", nb), "plot.ipynb#cell0/output0/metadata#$.points");
    }

    [Fact]
    public void Legitimate_outputs_in_notebooks_are_not_blocked() =>
        AssertNoneBlocked(LegitimateTexts().Take(12).Select(t => (t.Name, Check(t.Name + ".ipynb",
            NotebookReaderTests.Notebook(NotebookReaderTests.Code("print(result)", NotebookReaderTests.Stream(t.Text)))))));

    [Fact]
    public void A_truncated_notebook_is_not_released()
    {
        var nb = NotebookReaderTests.Notebook(NotebookReaderTests.Code("x", NotebookReaderTests.Stream("1 2 3")));
        AssertNotReleased(Check("cut.ipynb", nb[..(nb.Length / 2)]));
    }

    // ---- HTML ----

    [Fact]
    public void A_slice_in_an_html_table_is_blocked()
    {
        var (header, rows) = Slice();
        var page = DocumentWriters.HtmlPage("Report", "<p>Table 1: counts</p>\n<table><tr><th>n</th></tr><tr><td>120</td></tr></table>\n" + DocumentWriters.HtmlTable(header, rows));
        AssertBlockedAt(Check("report.html", page), "report.html#table2");
    }

    [Fact]
    public void A_slice_inlined_in_a_script_is_blocked()
    {
        var (header, rows) = Slice();
        var page = DocumentWriters.HtmlPage("Plot", "<div id=\"plot\"></div>\n<script>Plotly.newPlot('plot', " + DocumentWriters.JsonRecords(header, rows) + ");</script>");
        AssertBlockedAt(Check("plot.html", page), "plot.html#script1");
    }

    [Fact]
    public void Legitimate_outputs_in_html_are_not_blocked() =>
        AssertNoneBlocked(LegitimateTables().Select(t => (t.Name, Check(t.Name + ".html",
            DocumentWriters.HtmlPage(t.Name, DocumentWriters.HtmlTable(t.Rows[0], t.Rows.Skip(1)))))));

    [Fact]
    public void A_truncated_page_is_not_released()
    {
        var (header, rows) = Slice();
        var page = DocumentWriters.HtmlPage("Report", DocumentWriters.HtmlTable(header, rows));
        AssertNotReleased(Check("cut.html", page[..(page.Length / 2)]));
    }

    // ---- Markdown ----

    [Fact]
    public void A_slice_in_a_markdown_pipe_table_is_blocked()
    {
        var (header, rows) = Slice();
        AssertBlockedAt(Check("notes.md", "# Notes\n\nThe data:\n\n" + DocumentWriters.PipeTable(header, rows)), "notes.md#table1");
    }

    [Fact]
    public void Legitimate_outputs_in_markdown_are_not_blocked() =>
        AssertNoneBlocked(LegitimateTables().Select(t => (t.Name, Check(t.Name + ".md",
            $"# {t.Name}\n\n" + DocumentWriters.PipeTable(t.Rows[0], t.Rows.Skip(1)) + "\nSource: UK Biobank.\n"))));

    // ---- SVG ----

    [Fact]
    public void A_slice_in_scatter_plot_points_is_blocked()
    {
        var (header, rows) = Slice();
        AssertBlockedAt(Check("scatter.svg", DocumentWriters.SvgScatter(header, rows)), "scatter.svg#text");
    }

    [Fact]
    public void Legitimate_outputs_as_bar_charts_are_not_blocked() =>
        AssertNoneBlocked(LegitimateTables().Select(t => (t.Name, Check(t.Name + ".svg",
            DocumentWriters.SvgBars(t.Rows.Skip(1).Where(r => r.Length > 1).Select(r => (r[0], r[^1])))))));

    [Fact]
    public void A_truncated_svg_is_not_released()
    {
        var (header, rows) = Slice();
        var svg = DocumentWriters.SvgScatter(header, rows.Take(20));
        AssertNotReleased(Check("cut.svg", svg[..(svg.Length / 2)]));
    }

    // ---- Real released outputs ----

    [RealCorpusFact]
    public void Real_released_documents_get_no_block()
    {
        var corpus = RealCorpus.Find()!;
        var kinds = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".html", ".svg", ".md", ".json", ".ipynb", ".xlsx" };
        var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Where(f => kinds.Contains(Path.GetExtension(f))).ToList();
        Assert.NotEmpty(files);
        var reports = files.Select(f => (Name: Path.GetFileName(f), Report: _cohort.Check(f))).ToList();
        foreach (var (name, report) in reports)
            _output.WriteLine($"{name}: {report.Verdict} ({report.Format}) [{string.Join("; ", report.Findings.Select(f => $"{f.Rule} @ {f.Location}"))}]");
        var counts = reports.GroupBy(r => r.Report.Verdict).ToDictionary(g => g.Key, g => g.Count());
        _output.WriteLine($"real documents: {files.Count}; release {counts.GetValueOrDefault(Verdict.Release)}, review {counts.GetValueOrDefault(Verdict.Review)}, block {counts.GetValueOrDefault(Verdict.Block)}");
        Assert.DoesNotContain(reports, r => r.Report.Findings.Any(f => f.Rule is ParticipantRecordDetector.Rule or ParticipantIdDetector.Rule));
        // Pictures inlined as data URIs are opaque until an image reader is registered; with one, nothing may block.
        if (Egress.Formats.Content.ContentReaders.All().Any(r => r.Format == "png")) AssertNoneBlocked(reports);
        else
            Assert.All(reports.SelectMany(r => r.Report.Findings).Where(f => f.Severity == Severity.Block),
                f => Assert.True(f.Rule == OpaqueContentRule.Rule && f.Location.Contains("#data", StringComparison.Ordinal), $"{f.Rule} @ {f.Location}"));
    }
}
