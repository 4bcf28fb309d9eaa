using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Egress.Core;

/// <summary>
/// A check report in the shape of ACRO's <c>results.json</c> (acro/record.py, <c>Records.finalise_json</c>),
/// so a site that reviews outputs with SACRO-Viewer can open Egress's results: <c>version</c> and
/// <c>results</c>, one output per table the disclosure rules read (type "table", or "regression" for a
/// model) plus one for the file as a whole (type "custom"), each with its status (pass, fail, review),
/// properties, the file it belongs to with the <c>sdc</c> summary and the failing cells per check
/// (ACRO's names where a rule is ACRO's: threshold, nk-rule, p-ratio; Egress's for the rest), the
/// outcome per cell, the command, a summary, the timestamp, and comments (what failed and what to do).
/// </summary>
public static class AcroResults
{
    /// <summary>
    /// The ACRO release whose results format is written: SACRO-Viewer opens any version from 0.4 (it compares major
    /// and minor), ACRO's own load_records only its own version exactly — a site on another ACRO release passes it.
    /// </summary>
    public const string Version = "1.0.2";

    /// <summary>Egress rule → ACRO's check name (the key under sdc.summary and sdc.cells).</summary>
    public static readonly IReadOnlyDictionary<string, string> CheckNames = new Dictionary<string, string>
    {
        ["sdc-minimum-cell-count"] = "threshold",
        ["sdc-small-group-statistic"] = "threshold",
        ["sdc-contributor-count"] = "threshold",
        ["sdc-survival-risk-set"] = "threshold",
        ["sdc-dominance"] = "nk-rule",
        ["sdc-p-percent"] = "p-ratio",
        ["sdc-zero-cell"] = "zeros",
        ["sdc-class-disclosure"] = "class-disclosure",
        ["sdc-extreme-values"] = "extreme-values",
        ["sdc-residual-degrees-of-freedom"] = "dof",
    };

    /// <summary>ACRO's own checks, always present in sdc.summary and sdc.cells (zero and empty when nothing failed).</summary>
    private static readonly string[] AcroChecks = ["negative", "missing", "threshold", "p-ratio", "nk-rule", "all-values-are-same"];

    public static string Json(CheckReport report, string command, DateTimeOffset? now = null, string version = Version)
    {
        var timestamp = (now ?? DateTimeOffset.Now).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var fileName = Path.GetFileName(report.File);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("version", version);
            w.WriteStartObject("results");
            var byTable = report.Findings.Where(f => TableId(f) is not null).GroupBy(f => TableId(f)!).ToDictionary(g => g.Key, g => g.ToList());
            var fileFindings = report.Findings.Where(f => TableId(f) is null || !report.Tables.Any(t => t.Id == TableId(f))).ToList();
            // A table's output is released with the whole file: it never shows better than what holds for the file as a whole.
            var fileWide = Worse(StatusOf(fileFindings), report.Verdict == Verdict.Block ? Status.Fail : report.Unreadable ? Status.Review : Status.Pass);
            var worst = fileWide;
            foreach (var table in report.Tables)
                worst = Worse(worst, WriteTable(w, table, byTable.GetValueOrDefault(table.Id) ?? [], fileWide, fileName, command, timestamp));
            if (report.Verdict == Verdict.Review) worst = Worse(worst, Status.Review);
            WriteFile(w, report, fileFindings, worst, fileName, command, timestamp);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string? TableId(Finding f) => f.Evidence.TryGetValue("tableId", out var id) && id is string s && s.Length > 0 ? s : null;

    /// <summary>ACRO's statuses, best first: an output is as bad as the worst that holds for it.</summary>
    private enum Status { Pass, Review, Fail }

    private static Status Worse(Status a, Status b) => a > b ? a : b;

    private static string Name(Status s) => s switch { Status.Fail => "fail", Status.Review => "review", _ => "pass" };

    /// <summary>A rule that could not be applied (at whatever severity) leaves the output for review; one that failed fails it.</summary>
    private static Status StatusOf(IEnumerable<Finding> findings)
    {
        var status = Status.Pass;
        foreach (var f in findings)
        {
            var notAssessed = f.Evidence.TryGetValue("assessed", out var a) && a is false;
            if (notAssessed) status = Worse(status, f.Severity == Severity.Block ? Status.Fail : Status.Review);
            else if (f.Severity == Severity.Block) status = Status.Fail;
            else if (f.Severity == Severity.Review) status = Worse(status, TableId(f) is null ? Status.Review : Status.Fail);
        }
        return status;
    }

    /// <summary>
    /// SACRO-Viewer renders a CSV output itself (its first line the header) and marks the cell [x, y] at body row x and
    /// field y + 1, as pandas writes ACRO's tables (one header line, one index column). A table read from a CSV file is
    /// pointed at through the lines and fields of the file as written (title lines, several header lines, no or several
    /// label columns); anything else gets ACRO's coordinates of the values (row, column after the label columns).
    /// </summary>
    private static bool ViewerRendersLines(AssessedTable table, string fileName) =>
        table.Source == fileName && table.RowLines.Count > 0 && fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    private static Status WriteTable(Utf8JsonWriter w, AssessedTable table, List<Finding> findings, Status fileWide, string fileName, string command, string timestamp)
    {
        var failed = findings.Where(f => f.Severity > Severity.Info && !(f.Evidence.TryGetValue("assessed", out var a) && a is false)).ToList();
        var status = Worse(StatusOf(findings), fileWide);
        var regression = table.Kind == "model output";
        w.WriteStartObject(table.Id);
        w.WriteString("uid", table.Id);
        w.WriteString("status", Name(status));
        w.WriteString("type", regression ? "regression" : "table");
        w.WriteStartObject("properties");
        w.WriteString("method", "egress: " + table.Kind);
        w.WriteString("layout", table.Layout);
        w.WriteString("part", table.Source);
        w.WriteString("location", table.Location);
        // ACRO writes dof for its models; written for every output (null when the output states none) so readers find the key.
        if (table.ResidualDf is { } dof) w.WriteNumber("dof", dof);
        else w.WriteNull("dof");
        w.WriteEndObject();

        w.WriteStartArray("files");
        w.WriteStartObject();
        w.WriteString("name", fileName);
        w.WriteStartObject("sdc");
        var flags = FlaggedCells(failed);
        var viewerLines = ViewerRendersLines(table, fileName);
        w.WriteStartObject("summary");
        w.WriteBoolean("suppressed", false);
        foreach (var check in AcroChecks.Concat(flags.Keys.Except(AcroChecks)))
            w.WriteNumber(check, flags.GetValueOrDefault(check)?.Count ?? 0);
        w.WriteEndObject();
        w.WriteStartObject("cells");
        foreach (var check in AcroChecks.Concat(flags.Keys.Except(AcroChecks)))
        {
            w.WriteStartArray(check);
            foreach (var (row, column) in flags.GetValueOrDefault(check) ?? [])
            {
                (int X, int Y)? at = viewerLines
                    ? row < table.RowLines.Count ? ((int)table.RowLines[row] - 2, column - 1) : null
                    : column >= table.LabelColumns ? (row, column - table.LabelColumns) : null;
                if (at is not { } cell) continue;
                w.WriteStartArray();
                w.WriteNumberValue(cell.X);
                w.WriteNumberValue(cell.Y);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();

        WriteOutcome(w, table, flags);
        w.WriteString("command", command);
        w.WriteString("summary", Summary(Name(status), flags));
        w.WriteString("timestamp", timestamp);
        WriteComments(w, findings);
        w.WriteString("exception", "");
        w.WriteEndObject();
        return status;
    }

    /// <summary>The export as a whole: findings about the file rather than a table's cells (IDs, records, pictures, limits).</summary>
    /// <param name="worst">The worst status of any output of the file and of its verdict: the file shows no better.</param>
    private static void WriteFile(Utf8JsonWriter w, CheckReport report, List<Finding> findings, Status worst, string fileName, string command, string timestamp)
    {
        var status = Name(worst);
        w.WriteStartObject("file");
        w.WriteString("uid", "file");
        w.WriteString("status", status);
        w.WriteString("type", "custom");
        w.WriteStartObject("properties");
        w.WriteString("method", "egress: " + report.Format);
        w.WriteString("verdict", report.Verdict.Name());
        w.WriteString("project", report.Project);
        w.WriteNull("dof");
        w.WriteNumber("bytes", report.Bytes);
        w.WriteNumber("participants", report.Participants);
        w.WriteEndObject();
        w.WriteStartArray("files");
        w.WriteStartObject();
        w.WriteString("name", fileName);
        w.WriteStartObject("sdc");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("outcome");
        w.WriteEndObject();
        w.WriteString("command", command);
        var rules = findings.Where(f => f.Severity > Severity.Info).Select(f => f.Rule).Distinct().ToList();
        w.WriteString("summary", rules.Count == 0 ? status : $"{status}; {string.Join("; ", rules)}");
        w.WriteString("timestamp", timestamp);
        WriteComments(w, findings);
        w.WriteString("exception", "");
        w.WriteEndObject();
    }

    /// <summary>Per check, the failing cells as (row, column) of the table as read (label columns included).</summary>
    private static Dictionary<string, List<(int Row, int Column)>> FlaggedCells(List<Finding> failed)
    {
        var flags = new Dictionary<string, List<(int, int)>>();
        foreach (var f in failed)
        {
            var check = CheckNames.GetValueOrDefault(f.Rule, f.Rule);
            if (!flags.TryGetValue(check, out var list)) flags[check] = list = [];
            foreach (var cell in Cells(f))
                if (cell.Row >= 0 && cell.Column >= 0 && !list.Contains((cell.Row, cell.Column)))
                    list.Add((cell.Row, cell.Column));
        }
        return flags;
    }

    private static IEnumerable<(int Row, int Column, string? Value)> Cells(Finding f)
    {
        if (!f.Evidence.TryGetValue("cells", out var cells) || cells is not System.Collections.IEnumerable list) yield break;
        foreach (var item in list)
            if (item is IReadOnlyDictionary<string, object> cell && cell.TryGetValue("row", out var r) && cell.TryGetValue("column", out var c))
                yield return (Convert.ToInt32(r, CultureInfo.InvariantCulture), Convert.ToInt32(c, CultureInfo.InvariantCulture),
                    cell.TryGetValue("value", out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null);
    }

    /// <summary>pandas' DataFrame.to_json() of ACRO's outcome table: column → row label → "ok" or the checks that failed ("threshold; ").</summary>
    private static void WriteOutcome(Utf8JsonWriter w, AssessedTable table, Dictionary<string, List<(int Row, int Column)>> flags)
    {
        w.WriteStartObject("outcome");
        if (table.RowLabels.Count > 0)
        {
            var labels = Unique(table.RowLabels);
            var names = Unique(table.Columns.Skip(table.LabelColumns).Select((n, i) => n.Length == 0 ? $"column {table.LabelColumns + i + 1}" : n).ToList());
            for (var c = 0; c < names.Count; c++)
            {
                w.WriteStartObject(names[c]);
                for (var r = 0; r < labels.Count; r++)
                {
                    var failed = flags.Where(kv => kv.Value.Contains((r, c + table.LabelColumns))).Select(kv => kv.Key + "; ").ToList();
                    w.WriteString(labels[r], failed.Count == 0 ? "ok" : string.Concat(failed));
                }
                w.WriteEndObject();
            }
        }
        w.WriteEndObject();
    }

    private static List<string> Unique(IReadOnlyList<string> names)
    {
        var seen = new Dictionary<string, int>();
        var unique = new List<string>(names.Count);
        foreach (var n in names)
        {
            var count = seen.GetValueOrDefault(n) + 1;
            seen[n] = count;
            unique.Add(count == 1 ? n : $"{n} ({count})");
        }
        return unique;
    }

    /// <summary>ACRO's summary line: "fail; threshold: 2 cells may need suppressing; " or "pass".</summary>
    private static string Summary(string status, Dictionary<string, List<(int Row, int Column)>> flags)
    {
        var parts = flags.Where(kv => kv.Value.Count > 0).Select(kv => $"{kv.Key}: {kv.Value.Count} cells may need suppressing; ").ToList();
        var other = flags.Where(kv => kv.Value.Count == 0).Select(kv => $"{kv.Key}; ").ToList();
        var text = string.Concat(parts) + string.Concat(other);
        return text.Length == 0 ? status : $"{status}; {text}";
    }

    private static void WriteComments(Utf8JsonWriter w, List<Finding> findings)
    {
        w.WriteStartArray("comments");
        foreach (var f in findings)
        {
            w.WriteStringValue($"[{f.Severity.ToString().ToLowerInvariant()}] {f.Rule} at {f.Location}: {f.Message}");
            if (f.Guidance is not null) w.WriteStringValue($"What to do ({f.Rule}): {f.Guidance}");
        }
        w.WriteEndArray();
    }
}
