namespace Egress.Checks.Tables;

/// <summary>
/// Names the cells of a table the way its source does: a worksheet's cells A1-style after the sheet's
/// path (<c>book.xlsx#Sheet1!C7</c>), anything else by its line (or row, record) and column
/// (<c>out.zip/t.csv: line 7, column 3 'n'</c>).
/// </summary>
public sealed class CellLocator
{
    private readonly PartLocation? _lines;
    private readonly string? _sheet;
    private readonly IReadOnlyList<long> _rowNumbers;
    private readonly int _firstColumn;

    private CellLocator(PartLocation? lines, string? sheet, IReadOnlyList<long> rowNumbers, int firstColumn)
    {
        _lines = lines;
        _sheet = sheet;
        _rowNumbers = rowNumbers;
        _firstColumn = firstColumn;
    }

    /// <summary>Rows located by the lines the part's scanner numbers them with (<paramref name="rowLines"/>: one per data row).</summary>
    public static CellLocator ForLines(PartLocation where, IReadOnlyList<long> rowLines) => new(where, null, rowLines, 0);

    /// <summary>Rows of a worksheet: <paramref name="sheetRows"/> are the sheet's row numbers, columns start at <paramref name="firstColumn"/> (0 = A).</summary>
    public static CellLocator ForSheet(string sheetPath, IReadOnlyList<long> sheetRows, int firstColumn = 0) => new(null, sheetPath, sheetRows, firstColumn);

    public string Cell(int row, int column, string? name)
    {
        var number = row < _rowNumbers.Count ? _rowNumbers[row] : row + 1;
        if (_sheet is not null) return $"{_sheet}!{ColumnLetters(column + _firstColumn)}{number}";
        return _lines!.Cell(number, column, name);
    }

    /// <summary>The source line a row was read from (1-based), when rows are lines; null for worksheets.</summary>
    public long? LineOf(int row) => _sheet is null && row >= 0 && row < _rowNumbers.Count ? _rowNumbers[row] : null;

    public string Row(int row)
    {
        var number = row < _rowNumbers.Count ? _rowNumbers[row] : row + 1;
        if (_sheet is not null) return $"{_sheet}!{number}:{number}";
        return _lines!.Line(number);
    }

    /// <summary>A line of the source outside the table's rows (a model's "on 12 degrees of freedom"), when rows are lines.</summary>
    public string Line(long number) => _lines is null ? Whole : _lines.Line(number);

    /// <summary>The table as a whole: the part's path, or "whole file".</summary>
    public string Whole => _sheet ?? _lines!.Whole;

    /// <summary>A (zero-based) column as a worksheet names it: A … Z, AA …</summary>
    public static string ColumnLetters(int column)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }
}
