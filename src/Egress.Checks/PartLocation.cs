namespace Egress.Checks;

/// <summary>
/// How locations inside one part of an export are written: the part's provenance path first (none
/// for a plain file checked as it is), then lines — or rows or records, numbered as the part numbers
/// them where it came from (a sheet's row numbers).
/// </summary>
public sealed class PartLocation(string? prefix, long firstNumber = 1, string noun = "line", IReadOnlyList<string>? columnNames = null)
{
    public static readonly PartLocation WholeFile = new(null);

    public string? Prefix { get; } = prefix;
    private readonly IReadOnlyList<string> _columnNames = columnNames ?? [];

    public PartLocation WithColumnNames(IReadOnlyList<string> names) => new(Prefix, firstNumber, noun, names);

    /// <summary>The number a scanned line has where the part came from.</summary>
    public long Number(long line) => line - 1 + firstNumber;

    public string Line(long line) => Within($"{noun} {Number(line)}");

    public string Lines(long first, long last) => Within(first == last ? $"{noun} {Number(first)}" : $"{noun}s {Number(first)}–{Number(last)}");

    /// <summary>Runs of scanned lines already merged (the first few of <paramref name="total"/>), in the part's numbering.</summary>
    public string LineRanges(IReadOnlyList<(long First, long Last)> shown, long total)
    {
        var ranges = shown.Select(r => r.First == r.Last ? $"{Number(r.First)}" : $"{Number(r.First)}–{Number(r.Last)}");
        var single = total == 1 && shown.Count == 1 && shown[0].First == shown[0].Last;
        var text = (single ? noun + " " : noun + "s ") + string.Join(", ", ranges);
        return Within(total > shown.Count ? text + $" and {total - shown.Count:N0} more ranges" : text);
    }

    /// <summary>One cell: its line (or row, record) in the part's numbering and its column, named when it has a name.</summary>
    public string Cell(long line, int column, string? name) =>
        Within(string.IsNullOrWhiteSpace(name) ? $"{noun} {Number(line)}, column {column + 1}" : $"{noun} {Number(line)}, column {column + 1} '{name}'");

    public string ColumnName(int column) => column < _columnNames.Count ? _columnNames[column] : $"column {column + 1}";

    public string Column(int column) => Within(column < _columnNames.Count ? $"column {column + 1} '{_columnNames[column]}'" : $"column {column + 1}");

    public string Within(string where) => Prefix is null ? where : $"{Prefix}: {where}";

    /// <summary>The part itself, for findings about all of it.</summary>
    public string Whole => Prefix ?? "whole file";
}
