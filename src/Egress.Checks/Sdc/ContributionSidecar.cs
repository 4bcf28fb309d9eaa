using System.Globalization;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>What the TRE computed for one cell of a magnitude table: its contributors, the two largest contributions and the total.</summary>
public sealed record CellContributions(long Count, double Largest, double Second, double Sum);

/// <summary>
/// The per-cell contributions a researcher exports beside a magnitude table, computed inside the TRE where the
/// records are: <c>&lt;table&gt;.contributions.csv</c> (the table's file name without its extension, or with it),
/// one header line <c>row,column,count,largest,second_largest,sum</c> and one line per cell — the row's label as the
/// table writes it (several label columns joined by " / "), the column's name, the number of contributors, the
/// largest and second largest contributions and the cell's total. With it the dominance, p% and contributor-count
/// checks are exact. A sidecar that cannot be trusted as a whole (missing columns, a value that is no number, a
/// negative or inconsistent contribution, a cell given twice, too large) is not used, and the file goes to review.
/// </summary>
public sealed class ContributionSidecar
{
    public const string Suffix = ".contributions.csv";
    public const string InvalidRule = "sdc-contributions-invalid";
    public const string EvidenceFileRule = "sdc-contributions-file";
    /// <summary>A sidecar describes a small table: more than this is not one.</summary>
    public const long MaxBytes = 4L << 20;

    private static readonly string[] Columns = ["row", "column", "count", "largest", "second_largest", "sum"];
    private readonly Dictionary<(string Row, string Column), CellContributions> _cells;

    private ContributionSidecar(string name, Dictionary<(string, string), CellContributions> cells)
    {
        Name = name;
        _cells = cells;
    }

    /// <summary>The sidecar's file name (findings name it, never its values).</summary>
    public string Name { get; }

    public int Count => _cells.Count;

    /// <summary>The contributions given for the cell in the row so labelled and the column so named, if any.</summary>
    public CellContributions? For(string rowLabel, string columnName) =>
        _cells.TryGetValue((Key(rowLabel), Key(columnName)), out var c) ? c : null;

    /// <summary>The sidecar lying beside a checked file, read; a finding instead when one is there but cannot be used; neither when none is.</summary>
    /// <param name="alongside">The other files submitted with it (a request's files, each stored apart): a sidecar among them counts too.</param>
    public static (ContributionSidecar? Sidecar, Finding? Invalid) Beside(string checkedFile, IReadOnlyList<string> alongside)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(checkedFile)) ?? ".";
        var name = Path.GetFileName(checkedFile);
        if (name.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)) return (null, null);
        foreach (var candidate in new[] { Path.GetFileNameWithoutExtension(name) + Suffix, name + Suffix })
        {
            var path = Path.Combine(folder, candidate);
            if (!File.Exists(path)) path = alongside.FirstOrDefault(a => Path.GetFileName(a) == candidate && File.Exists(a)) ?? path;
            if (!File.Exists(path)) continue;
            try
            {
                if (new FileInfo(path).Length > MaxBytes) return (null, Invalid(candidate, $"it is larger than {MaxBytes >> 20} MiB"));
                return Parse(candidate, File.ReadAllText(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, Invalid(candidate, $"it could not be read ({e.GetType().Name})"));
            }
        }
        return (null, null);
    }

    /// <summary>Whether a file is a contributions sidecar by its name.</summary>
    public static bool IsSidecar(string path) => Path.GetFileName(path).EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>A sidecar submitted for release: it holds cells' largest contributions (close to one contributor's value), evidence for the checker only.</summary>
    public static Finding NotForRelease(string path) => new()
    {
        Rule = EvidenceFileRule,
        Severity = Severity.Review,
        Location = Path.GetFileName(path),
        Message = "This is a contributions file: it gives each cell's largest and second largest contributions, which come close to single contributors' values. It is evidence for the output checker, not an output to release.",
        Guidance = "Submit it beside the table it describes so the checks use it, and do not release it.",
    };

    /// <summary>Reads a sidecar's text; any line that cannot be trusted rejects the whole sidecar (fail closed).</summary>
    public static (ContributionSidecar? Sidecar, Finding? Invalid) Parse(string name, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count < 2) return (null, Invalid(name, "it has no header line and cell lines"));
        var header = SplitCsv(lines[0]).Select(Key).ToList();
        var at = Columns.Select(c => header.IndexOf(c)).ToArray();
        if (at.Any(i => i < 0)) return (null, Invalid(name, $"its header lacks {string.Join(", ", Columns.Where((_, i) => at[i] < 0))}"));
        var cells = new Dictionary<(string, string), CellContributions>();
        for (var l = 1; l < lines.Count; l++)
        {
            var fields = SplitCsv(lines[l]);
            if (fields.Count != header.Count) return (null, Invalid(name, $"line {l + 1} has {fields.Count} fields, the header {header.Count}"));
            if (!long.TryParse(fields[at[2]].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ||
                !Number(fields[at[3]], out var largest) || !Number(fields[at[4]], out var second) || !Number(fields[at[5]], out var sum))
                return (null, Invalid(name, $"line {l + 1}: count, largest, second_largest or sum is not a number"));
            // Negative contributions make dominance undefined; the rest are what two largest and a total must satisfy.
            var tolerance = 1e-9 * Math.Max(1, Math.Abs(sum));
            if (count < 1 || largest < 0 || second < 0 || second > largest || largest + second > sum + tolerance || (count == 1 && second > 0))
                return (null, Invalid(name, $"line {l + 1}: the contributions are inconsistent (a count of at least 1, 0 ≤ second largest ≤ largest, largest + second largest ≤ sum, no negatives)"));
            var key = (Key(fields[at[0]]), Key(fields[at[1]]));
            if (!cells.TryAdd(key, new CellContributions(count, largest, second, sum)))
                return (null, Invalid(name, $"line {l + 1} gives a cell a second time"));
        }
        return (new ContributionSidecar(name, cells), null);
    }

    private static bool Number(string field, out double value) =>
        double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Key(string s) => s.Trim().ToLowerInvariant();

    /// <summary>One CSV line's fields (double quotes around a field with commas; "" inside is a quote).</summary>
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        fields.Add(field.ToString());
        return fields;
    }

    private static Finding Invalid(string name, string why) => new()
    {
        Rule = InvalidRule,
        Severity = Severity.Review,
        Location = name,
        Message = $"The contributions file {name} was not used: {why}. The tables it describes are checked as if it were absent; a person checks it.",
        Guidance = $"Export per-cell contributions as '<table>{Suffix}' with the header 'row,column,count,largest,second_largest,sum' and one line per cell of the table.",
        Evidence = new Dictionary<string, object> { ["contributionsFile"] = name, ["assessed"] = false },
    };
}
