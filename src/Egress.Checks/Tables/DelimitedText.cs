using System.Text;

namespace Egress.Checks.Tables;

/// <summary>
/// Reads delimited text (CSV, TSV, semicolon, pipe, space with quotes as R's write.table writes it)
/// into a <see cref="Grid"/>: quoted cells may hold delimiters, doubled quotes and line breaks; each
/// row keeps the number of the line it starts on; comment lines ("# …") are skipped.
/// </summary>
public static partial class DelimitedText
{
    /// <summary>The grid, or null when the text has more than <paramref name="maxRows"/> rows (not an aggregate output).</summary>
    public static Grid? Read(string text, char delimiter, int maxRows, string layout, CancellationToken cancel = default)
    {
        var grid = new Grid { Layout = layout };
        var cells = new List<string>();
        var cell = new StringBuilder();
        long line = 1, rowLine = 1;
        var quoted = false;
        var cellStarted = false;
        var atRowStart = true;
        var i = 0;
        while (i < text.Length)
        {
            if ((i & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i += 2; continue; }
                    quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    cell.Append(c);
                }
                i++;
                continue;
            }
            if (atRowStart && c == '#')
            {
                // A comment line: skip to its end.
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end + 1;
                line++;
                rowLine = line;
                continue;
            }
            atRowStart = false;
            if (c == '"' && !cellStarted) { quoted = true; cellStarted = true; i++; continue; }
            if (c == delimiter)
            {
                cells.Add(cell.ToString());
                cell.Clear();
                cellStarted = false;
                i++;
                // write.table pads nothing, but a space-delimited line may hold runs of spaces: one delimiter each.
                continue;
            }
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { i++; continue; }
            if (c == '\n')
            {
                cells.Add(cell.ToString());
                cell.Clear();
                cellStarted = false;
                if (!(cells.Count == 1 && cells[0].Length == 0))
                {
                    if (grid.Rows.Count >= maxRows) return null;
                    grid.Add([.. cells], rowLine);
                }
                cells.Clear();
                line++;
                rowLine = line;
                atRowStart = true;
                i++;
                continue;
            }
            cell.Append(c);
            cellStarted = true;
            i++;
        }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            if (!(cells.Count == 1 && cells[0].Length == 0))
            {
                if (grid.Rows.Count >= maxRows) return null;
                grid.Add([.. cells], rowLine);
            }
        }
        return grid;
    }

    private static readonly System.Text.RegularExpressions.Regex DecimalComma = DecimalCommaPattern();
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*[+-]?\d*,\d+\s*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DecimalCommaPattern();

    /// <summary>Cells written with a decimal comma ("0,107", "-1,5") get a decimal point.</summary>
    public static void DecimalCommas(Grid grid)
    {
        foreach (var row in grid.Rows)
            for (var c = 0; c < row.Length; c++)
                if (DecimalComma.IsMatch(row[c])) row[c] = row[c].Replace(',', '.');
    }

    /// <summary>True when most lines split into the same number (at least two) of cells: the text is a table in this delimiter.</summary>
    private static bool IsWithheldRow(string[] row) =>
        row.Count(c => c.Length > 0) == 1 && IsWithheldLine(row.First(c => c.Length > 0));

    /// <summary>A line that is a suppression marker and separators alone ("[REDACTED];;;;;"): a row withheld whole.</summary>
    public static bool IsWithheldLine(string line)
    {
        var cell = line.Trim().TrimEnd(';', ',', '\t', ' ');
        return cell.Length > 0 && cell.IndexOfAny([',', ';', '\t']) < 0 && CellValue.Parse(cell).Kind == CellKind.Suppressed;
    }

    public static bool IsConsistent(Grid grid)
    {
        // A withheld row ("[REDACTED];;;;" written in place of a row) says nothing about the layout.
        var rows = grid.Rows.Where(r => !IsWithheldRow(r)).ToList();
        if (rows.Count < 2) return false;
        var widths = rows.GroupBy(r => r.Length).OrderByDescending(g => g.Count()).First();
        return widths.Key >= 2 && widths.Count() >= 0.8 * rows.Count;
    }
}
