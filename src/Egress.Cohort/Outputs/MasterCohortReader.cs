using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace Egress.Cohort.Outputs;

/// <summary>
/// A master table loaded column by column into typed arrays. A column absent from the file gives null;
/// an empty or unparsable cell gives NaN (numbers) or null (codes, dates, text). The <c>eid</c> column is never
/// loaded: aggregate outputs have no use for it, so none can leak it.
/// </summary>
public sealed class MasterCohort
{
    private readonly Dictionary<string, double[]> _numbers;
    private readonly Dictionary<string, DateOnly?[]> _dates;
    private readonly Dictionary<string, string?[]> _texts;

    internal MasterCohort(int count, IReadOnlyList<string> columns, Dictionary<string, double[]> numbers,
        Dictionary<string, DateOnly?[]> dates, Dictionary<string, string?[]> texts)
    {
        Count = count;
        Columns = columns;
        _numbers = numbers;
        _dates = dates;
        _texts = texts;
    }

    /// <summary>Participants (rows).</summary>
    public int Count { get; }

    /// <summary>Header names in file order, <c>eid</c> included.</summary>
    public IReadOnlyList<string> Columns { get; }

    public bool Has(string column) => _numbers.ContainsKey(column) || _dates.ContainsKey(column) || _texts.ContainsKey(column);

    /// <summary>A numeric column, NaN for empty cells.</summary>
    public double[]? Numbers(string column) => _numbers.GetValueOrDefault(column);

    /// <summary>A coded column (sex, centre, smoking…) as integers, null for empty or non-integer cells.</summary>
    public int?[]? Codes(string column)
    {
        var values = Numbers(column);
        if (values is null) return null;
        var codes = new int?[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsNaN(v) && v == Math.Floor(v) && Math.Abs(v) < int.MaxValue) codes[i] = (int)v;
        }
        return codes;
    }

    public DateOnly?[]? Dates(string column) => _dates.GetValueOrDefault(column);

    public string?[]? Texts(string column) => _texts.GetValueOrDefault(column);

    /// <summary>All columns of an array field (e.g. 41270-0.0 … 41270-0.9), in header order.</summary>
    public IReadOnlyList<string?[]> TextArray(string field) =>
        Columns.Where(c => c.StartsWith(field + "-", StringComparison.Ordinal) && _texts.ContainsKey(c)).Select(c => _texts[c]).ToList();
}

/// <summary>Reads <c>master.csv</c> (or <c>master.csv.gz</c>) by header names; see docs/cohort-format.md.</summary>
public static class MasterCohortReader
{
    public const string FileName = "master.csv";

    /// <summary>Reads DIR/master.csv, or DIR/master.csv.gz when only that exists.</summary>
    public static MasterCohort Read(string cohortDir)
    {
        string plain = Path.Combine(cohortDir, FileName);
        string gz = plain + ".gz";
        if (File.Exists(plain))
        {
            using var reader = new StreamReader(plain);
            return Read(reader);
        }
        if (File.Exists(gz))
        {
            using var file = File.OpenRead(gz);
            using var unzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(unzip);
            return Read(reader);
        }
        throw new FileNotFoundException($"no {FileName} (or {FileName}.gz) in {cohortDir}", plain);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static MasterCohort Read(TextReader reader)
    {
        string header = reader.ReadLine() ?? throw new InvalidDataException("master.csv is empty");
        var columns = SplitFields(header).Select(r => Unquote(header, r)).ToList();

        // Column types follow the format contract: dates are field 53, ICD-10 codes field 41270, the rest numbers.
        var kinds = columns.Select(ColumnKindOf).ToArray();
        var numberCols = new List<double>[columns.Count];
        var dateCols = new List<DateOnly?>[columns.Count];
        var textCols = new List<string?>[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            switch (kinds[c])
            {
                case ColumnKind.Number: numberCols[c] = new List<double>(); break;
                case ColumnKind.Date: dateCols[c] = new List<DateOnly?>(); break;
                case ColumnKind.Text: textCols[c] = new List<string?>(); break;
            }
        }

        int rows = 0;
        var ranges = new List<(int Start, int Length)>(columns.Count);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            ranges.Clear();
            SplitFields(line, ranges);
            for (int c = 0; c < columns.Count; c++)
            {
                var cell = c < ranges.Count ? CellSpan(line, ranges[c]) : ReadOnlySpan<char>.Empty;
                switch (kinds[c])
                {
                    case ColumnKind.Number:
                        numberCols[c].Add(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN);
                        break;
                    case ColumnKind.Date:
                        dateCols[c].Add(DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null);
                        break;
                    case ColumnKind.Text:
                        textCols[c].Add(cell.IsEmpty ? null : cell.ToString());
                        break;
                }
            }
            rows++;
        }

        var numbers = new Dictionary<string, double[]>();
        var dates = new Dictionary<string, DateOnly?[]>();
        var texts = new Dictionary<string, string?[]>();
        for (int c = 0; c < columns.Count; c++)
        {
            string name = columns[c];
            if (kinds[c] == ColumnKind.Number) numbers.TryAdd(name, numberCols[c].ToArray());
            else if (kinds[c] == ColumnKind.Date) dates.TryAdd(name, dateCols[c].ToArray());
            else if (kinds[c] == ColumnKind.Text) texts.TryAdd(name, textCols[c].ToArray());
        }
        return new MasterCohort(rows, columns, numbers, dates, texts);
    }

    private enum ColumnKind { Skip, Number, Date, Text }

    private static ColumnKind ColumnKindOf(string name)
    {
        if (name.Equals("eid", StringComparison.OrdinalIgnoreCase)) return ColumnKind.Skip;
        if (name.StartsWith("53-", StringComparison.Ordinal)) return ColumnKind.Date;
        if (name.StartsWith("41270-", StringComparison.Ordinal)) return ColumnKind.Text;
        return ColumnKind.Number;
    }

    private static List<(int Start, int Length)> SplitFields(string line)
    {
        var ranges = new List<(int, int)>();
        SplitFields(line, ranges);
        return ranges;
    }

    /// <summary>Comma-separated fields; a field may be double-quoted (no embedded newlines).</summary>
    private static void SplitFields(string line, List<(int Start, int Length)> ranges)
    {
        int i = 0;
        while (true)
        {
            int start = i;
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') i += 2;
                        else { i++; break; }
                    }
                    else i++;
                }
                while (i < line.Length && line[i] != ',') i++;
            }
            else
            {
                while (i < line.Length && line[i] != ',') i++;
            }
            ranges.Add((start, i - start));
            if (i >= line.Length) return;
            i++; // skip the comma
        }
    }

    private static ReadOnlySpan<char> CellSpan(string line, (int Start, int Length) range)
    {
        var span = line.AsSpan(range.Start, range.Length).Trim();
        if (span.Length >= 2 && span[0] == '"' && span[^1] == '"') span = span[1..^1].Trim();
        return span;
    }

    private static string Unquote(string line, (int Start, int Length) range) =>
        CellSpan(line, range).ToString().Replace("\"\"", "\"");
}
