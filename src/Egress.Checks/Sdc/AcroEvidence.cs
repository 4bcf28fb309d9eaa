using System.Security.Cryptography;
using System.Text.Json;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// ACRO's results submitted with its outputs (<c>results.json</c> beside the checked file, as ACRO's <c>finalise</c>
/// writes the folder): ACRO ran its checks on the records inside the TRE, so the cells it flagged (or did not) settle
/// dominance, p% and the threshold on aggregations for a magnitude table Egress cannot assess from the table alone.
/// They are used only for the file they name and only when <c>checksums/&lt;file&gt;.txt</c> shows the file is the one
/// ACRO wrote; results that do not parse, or a file changed since ACRO wrote it, go to review (fail closed).
/// </summary>
public sealed class AcroEvidence
{
    public const string ResultsName = "results.json";
    public const string InvalidRule = "sdc-acro-results-invalid";
    public const long MaxBytes = 16L << 20;

    private readonly Dictionary<string, List<(int Row, int Column)>> _cells;

    private AcroEvidence(string fileName, string output, Dictionary<string, List<(int, int)>> cells)
    {
        FileName = fileName;
        Output = output;
        _cells = cells;
    }

    /// <summary>The checked file's name, as ACRO's results name it.</summary>
    public string FileName { get; }
    /// <summary>ACRO's output id (output_3) the file belongs to.</summary>
    public string Output { get; }

    /// <summary>
    /// The cells ACRO flagged for one of its checks (nk-rule, p-ratio, threshold), as (row, column) of the table read from
    /// the file (ACRO counts columns after the index, which Egress reads as label columns); null when ACRO's results say
    /// nothing of that check for the file, or the cells do not fit the table (then they are not this table's).
    /// </summary>
    public List<(int Row, int Column)>? CellsIn(SdcTable table, string check)
    {
        var t = table.Table;
        if (t.Source != FileName || !_cells.TryGetValue(check, out var cells)) return null;
        var mapped = cells.Select(c => (c.Row, Column: c.Column + t.LabelColumns)).ToList();
        return mapped.All(c => c.Row >= 0 && c.Row < t.RowCount && c.Column >= t.LabelColumns && c.Column < t.ColumnCount) ? mapped : null;
    }

    /// <summary>The failing cells of a rule from ACRO's flags, located in the file's own terms.</summary>
    public IReadOnlyList<FailedCell> Failed(SdcTable table, List<(int Row, int Column)> cells, string check) =>
        cells.Select(c => new FailedCell(c.Row, c.Column, table.Table.Locate(c.Row, c.Column), $"flagged by ACRO's {check} check ({Output})")).ToList();

    /// <summary>ACRO's results beside a checked file that name it, verified; a finding when they are there but cannot be used.</summary>
    /// <param name="alongside">The other files submitted with it: ACRO's results among them count too (their checksums/ beside them).</param>
    public static (AcroEvidence? Evidence, Finding? Problem) Beside(string checkedFile, SdcPolicy policy, IReadOnlyList<string> alongside)
    {
        var full = Path.GetFullPath(checkedFile);
        var name = Path.GetFileName(full);
        var results = Path.Combine(Path.GetDirectoryName(full) ?? ".", ResultsName);
        if (!File.Exists(results)) results = alongside.FirstOrDefault(a => Path.GetFileName(a) == ResultsName && File.Exists(a)) ?? results;
        if (name is ResultsName or "config.json" || !File.Exists(results)) return (null, null);
        // ACRO's folder: the checksums and config lie beside its results.
        var folder = Path.GetDirectoryName(Path.GetFullPath(results)) ?? ".";
        try
        {
            if (new FileInfo(results).Length > MaxBytes) return (null, Invalid($"{ResultsName} is larger than {MaxBytes >> 20} MiB"));
            using var doc = JsonDocument.Parse(File.ReadAllText(results));
            var (output, cells, problem) = Read(doc.RootElement, name);
            if (problem is not null) return (null, Invalid(problem));
            if (output is null) return (null, null);
            var sumPath = Path.Combine(folder, "checksums", name + ".txt");
            // Without ACRO's checksum the results cannot be tied to these bytes: not used, as if absent.
            if (!File.Exists(sumPath)) return (null, null);
            using (var stream = File.OpenRead(full))
                if (!string.Equals(File.ReadAllText(sumPath).Trim(), Convert.ToHexStringLower(SHA256.HashData(stream)), StringComparison.OrdinalIgnoreCase))
                    return (null, Invalid($"the file is not the one ACRO checked (its SHA-256 differs from checksums/{name}.txt): it changed after ACRO's checks"));
            DropLaxerChecks(cells!, Path.Combine(folder, "config.json"), policy);
            return (new AcroEvidence(name, output, cells!), null);
        }
        catch (JsonException)
        {
            return (null, Invalid($"{ResultsName} is not valid JSON"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, Invalid($"{ResultsName} could not be read ({e.GetType().Name})"));
        }
    }

    /// <summary>The output naming the file and its flagged cells per check; a problem when the results are not ACRO's shape.</summary>
    private static (string? Output, Dictionary<string, List<(int, int)>>? Cells, string? Problem) Read(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out _) ||
            !root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Object)
            return (null, null, $"{ResultsName} lacks ACRO's version and results");
        foreach (var output in results.EnumerateObject())
        {
            if (output.Value.ValueKind != JsonValueKind.Object || !output.Value.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
                return (null, null, $"output {output.Name} of {ResultsName} has no files");
            foreach (var file in files.EnumerateArray())
            {
                if (file.ValueKind != JsonValueKind.Object || !file.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String)
                    return (null, null, $"output {output.Name} of {ResultsName} names a file without a name");
                if (n.GetString() != name) continue;
                var cells = new Dictionary<string, List<(int, int)>>();
                if (!file.TryGetProperty("sdc", out var sdc) || sdc.ValueKind != JsonValueKind.Object ||
                    !sdc.TryGetProperty("cells", out var byCheck) || byCheck.ValueKind != JsonValueKind.Object)
                    return (output.Name, cells, null);
                foreach (var check in byCheck.EnumerateObject())
                {
                    if (check.Value.ValueKind != JsonValueKind.Array) return (null, null, $"output {output.Name}: cells of {check.Name} are not a list");
                    var list = new List<(int, int)>();
                    foreach (var cell in check.Value.EnumerateArray())
                    {
                        if (cell.ValueKind != JsonValueKind.Array || cell.GetArrayLength() != 2 || !cell[0].TryGetInt32(out var r) || !cell[1].TryGetInt32(out var c))
                            return (null, null, $"output {output.Name}: a cell of {check.Name} is not [row, column]");
                        list.Add((r, c));
                    }
                    cells[check.Name] = list;
                }
                return (output.Name, cells, null);
            }
        }
        return (null, null, null);
    }

    /// <summary>
    /// A check ACRO ran with laxer parameters than the policy's (its config.json beside the results; ACRO's defaults when
    /// there is none) does not settle the policy's rule: its cells are dropped and the rule judges the table as it can.
    /// </summary>
    private static void DropLaxerChecks(Dictionary<string, List<(int, int)>> cells, string configPath, SdcPolicy policy)
    {
        var config = new Dictionary<string, double> { ["safe_threshold"] = 10, ["safe_nk_n"] = 2, ["safe_nk_k"] = 0.9, ["safe_pratio_p"] = 0.1 };
        try
        {
            if (File.Exists(configPath) && new FileInfo(configPath).Length < 1 << 20)
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                    foreach (var key in config.Keys.ToList())
                        if (doc.RootElement.TryGetProperty(key, out var v)) config[key] = v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
            }
        }
        catch (JsonException)
        {
            cells.Clear();
            return;
        }
        if (!(config["safe_nk_n"] == policy.Dominance.N && config["safe_nk_k"] <= policy.Dominance.K)) cells.Remove("nk-rule");
        if (!(config["safe_pratio_p"] >= policy.PPercent.P)) cells.Remove("p-ratio");
        if (!(config["safe_threshold"] >= policy.MinimumCellCount.Threshold)) cells.Remove("threshold");
    }

    private static Finding Invalid(string why) => new()
    {
        Rule = InvalidRule,
        Severity = Severity.Review,
        Location = ResultsName,
        Message = $"ACRO's results submitted with the file were not used: {why}. A person checks the file and the results.",
        Guidance = "Submit the folder ACRO's finalise wrote, unchanged: results.json, the outputs and checksums/.",
        Evidence = new Dictionary<string, object> { ["assessed"] = false },
    };
}
