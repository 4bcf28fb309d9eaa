using System.Globalization;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>
/// One numeric column of a kept table part: its header words (unit hints), a spread-out sample of its values with their
/// written decimals, and its own mean and standard deviation over the kept rows.
/// </summary>
internal sealed class ColumnSample
{
    /// <summary>Values looked up per reading tried.</summary>
    public const int SampleSize = 48;
    /// <summary>Share of a column's non-empty cells that must be plain numbers.</summary>
    private const double MinNumericShare = 0.8;

    public required int Column { get; init; }
    public required string Header { get; init; }
    public required IReadOnlySet<string> Words { get; init; }
    public required double[] Values { get; init; }
    public required int[] Decimals { get; init; }
    /// <summary>Numbers in the column over all kept rows.</summary>
    public required int Count { get; init; }
    public required double Mean { get; init; }
    public required double Sd { get; init; }
    /// <summary>True when every value is an integer as written.</summary>
    public bool Integers => Decimals.All(d => d == 0);

    /// <summary>True when the header holds one of the hint words (a word of the header, or a phrase with '/' anywhere in it).</summary>
    public bool Hints(IEnumerable<string> words) => words.Any(w => w.Contains('/') ? Header.Contains(w, StringComparison.OrdinalIgnoreCase) : Words.Contains(w));

    public static ColumnSample? Of(MeasurementRows rows, int column)
    {
        var values = new List<(double Value, int Decimals)>();
        var others = 0;
        foreach (var row in rows.Rows)
        {
            if (column >= row.Length || row[column].Length == 0) continue;
            if (Number(row[column]) is { } v) values.Add(v);
            else others++;
        }
        if (values.Count == 0 || values.Count < MinNumericShare * (values.Count + others)) return null;
        // A code (sex, a yes/no, a scale answer) repeats: a measurement's values are mostly distinct, or at least 20 of them.
        if (values.Select(v => v.Value).Distinct().Count() < Math.Min(values.Count >= 4 ? 0.5 * values.Count : values.Count, 20)) return null;
        var mean = values.Average(v => v.Value);
        var sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v.Value - mean) * (v.Value - mean)) / (values.Count - 1)) : 0;
        var step = Math.Max(1, values.Count / SampleSize);
        var sample = values.Where((_, i) => i % step == 0).Take(SampleSize).ToList();
        var header = rows.Header is { } h && column < h.Count ? h[column] : "";
        return new ColumnSample
        {
            Column = column,
            Header = header,
            Words = Split(header),
            Values = [.. sample.Select(v => v.Value)],
            Decimals = [.. sample.Select(v => v.Decimals)],
            Count = values.Count,
            Mean = mean,
            Sd = sd,
        };
    }

    /// <summary>A plain number (sign, digits, one point) with its written decimals, or null.</summary>
    public static (double Value, int Decimals)? Number(string cell)
    {
        if (cell.Length is 0 or > 24) return null;
        if (!double.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            return null;
        var dot = cell.IndexOf('.');
        return (v, dot < 0 ? 0 : cell.Length - dot - 1);
    }

    /// <summary>Header words, lower case: letters, digits, '%' and '°' runs ("weight_lb" → weight, lb).</summary>
    private static HashSet<string> Split(string header)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= header.Length; i++)
        {
            var keep = i < header.Length && (char.IsLetterOrDigit(header[i]) || header[i] is '%' or '°');
            if (keep && start < 0) start = i;
            if (!keep && start >= 0)
            {
                words.Add(header[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        if (header.Contains('%')) words.Add("%");
        return words;
    }
}
