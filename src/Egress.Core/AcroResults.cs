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
    /// <summary>The ACRO results format written: SACRO-Viewer opens results of version 0.4 and later.</summary>
    public const string Version = "0.4.11";

    /// <summary>Egress rule → ACRO's check name (the key under sdc.summary and sdc.cells).</summary>
    public static readonly IReadOnlyDictionary<string, string> CheckNames = new Dictionary<string, string>
    {
        ["sdc-minimum-cell-count"] = "threshold",
        ["sdc-small-group-statistic"] = "threshold",
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

    public static string Json(CheckReport report, string command, DateTimeOffset? now = null)
    {
        var timestamp = (now ?? DateTimeOffset.Now).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var fileName = Path.GetFileName(report.File);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("version", Version);
            w.WriteStartObject("results");
            var byTable = report.Findings.Where(f => TableId(f) is not null).GroupBy(f => TableId(f)!).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var table in report.Tables)
                WriteTable(w, table, byTable.GetValueOrDefault(table.Id) ?? [], fileName, command, timestamp);
            WriteFile(w, report, report.Findings.Where(f => TableId(f) is null).ToList(), fileName, command, timestamp);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string? TableId(Finding f) => f.Evidence.TryGetValue("tableId", out var id) && id is string s && s.Length > 0 ? s : null;

    private static void WriteTable(Utf8JsonWriter w, AssessedTable table, List<Finding> findings, string fileName, string command, string timestamp)
    {
        var failed = findings.Where(f => f.Severity > Severity.Info).ToList();
        var regression = table.Kind == "model output";
        w.WriteStartObject(table.Id);
        w.WriteString("uid", table.Id);
        w.WriteString("status", failed.Count > 0 ? "fail" : "pass");
        w.WriteString("type", regression ? "regression" : "table");
        w.WriteStartObject("properties");
        w.WriteString("method", "egress: " + table.Kind);
        w.WriteString("layout", table.Layout);
        w.WriteString("part", table.Source);
        w.WriteString("location", table.Location);
        foreach (var f in findings.Where(f => f.Rule == "sdc-residual-degrees-of-freedom"))
            foreach (var cell in Cells(f))
                if (cell.Value is { } dof && double.TryParse(dof, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) w.WriteNumber("dof", d);
        w.WriteEndObject();

        w.WriteStartArray("files");
        w.WriteStartObject();
        w.WriteString("name", fileName);
        w.WriteStartObject("sdc");
        var flags = FlaggedCells(table, failed);
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
                w.WriteStartArray();
                w.WriteNumberValue(row);
                w.WriteNumberValue(column);
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
        w.WriteString("summary", Summary(failed.Count > 0 ? "fail" : "pass", flags));
        w.WriteString("timestamp", timestamp);
        WriteComments(w, findings);
        w.WriteString("exception", "");
        w.WriteEndObject();
    }

    /// <summary>The export as a whole: findings about the file rather than a table's cells (IDs, records, pictures, limits).</summary>
    private static void WriteFile(Utf8JsonWriter w, CheckReport report, List<Finding> findings, string fileName, string command, string timestamp)
    {
        var worst = findings.Select(f => f.Severity).DefaultIfEmpty(Severity.Info).Max();
        var status = worst switch { Severity.Block => "fail", Severity.Review => "review", _ => "pass" };
        w.WriteStartObject("file");
        w.WriteString("uid", "file");
        w.WriteString("status", status);
        w.WriteString("type", "custom");
        w.WriteStartObject("properties");
        w.WriteString("method", "egress: " + report.Format);
        w.WriteString("verdict", report.Verdict.Name());
        w.WriteString("project", report.Project);
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

    /// <summary>Per check, the failing cells as [row, column] of the table's values (row labels are the index, as in ACRO's tables).</summary>
    private static Dictionary<string, List<(int Row, int Column)>> FlaggedCells(AssessedTable table, List<Finding> failed)
    {
        var flags = new Dictionary<string, List<(int, int)>>();
        foreach (var f in failed)
        {
            var check = CheckNames.GetValueOrDefault(f.Rule, f.Rule);
            if (!flags.TryGetValue(check, out var list)) flags[check] = list = [];
            foreach (var cell in Cells(f))
                if (cell.Row >= 0 && cell.Column >= table.LabelColumns && !list.Contains((cell.Row, cell.Column - table.LabelColumns)))
                    list.Add((cell.Row, cell.Column - table.LabelColumns));
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
                    var failed = flags.Where(kv => kv.Value.Contains((r, c))).Select(kv => kv.Key + "; ").ToList();
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
