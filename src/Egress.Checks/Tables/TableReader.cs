using System.Text;
using Egress.Core;
using Egress.Formats;
using Egress.Formats.Content;

namespace Egress.Checks.Tables;

/// <summary>
/// The second, light pass over a part that may be an aggregate output: a table part's rows, or a text
/// part's content read again (CSV/TSV, write.table, console prints), turned into <see cref="TableModel"/>s.
/// Only parts of modest size qualify — an aggregate output is small; a larger part (more rows or bytes
/// than the policy's bounds) is left to the record and ID detectors and yields no table.
/// </summary>
public sealed class TableReader(SdcPolicy policy)
{
    /// <summary>True when a part of <paramref name="bytes"/> (as scanned) is small enough to be read again as a table.</summary>
    public bool Qualifies(long bytes) => policy.Enabled && bytes <= policy.MaxAggregateBytes;

    /// <summary>The tables of a table part (one, or none when it is too large or holds no table).</summary>
    /// <param name="roundingNote">Told the base when a cell declares the counts rounded ("rounded to the nearest 5").</param>
    public IReadOnlyList<TableModel> Read(TablePart part, PartLocation where, string source, CancellationToken cancel, Action<int>? roundingNote = null)
    {
        var grid = new Grid
        {
            Layout = part.SpreadsheetCells ? "worksheet" : part.RowNoun is "record" or "member" ? "JSON records" : "table",
            HeaderKnown = part.Header is not null,
        };
        var firstLine = 1L;
        if (part.Header is { } header)
        {
            grid.Header.Add([.. header]);
            grid.HeaderNumbers.Add(1);
            firstLine = 2;
        }
        long chars = 0;
        var i = 0L;
        foreach (var row in part.Rows)
        {
            if ((i & 1023) == 0) cancel.ThrowIfCancellationRequested();
            if (grid.Rows.Count >= policy.MaxAggregateRows) return [];
            var cells = new string[Math.Min(row.Count, TableBuilder.MaxColumns)];
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = row[c] ?? "";
                chars += cells[c].Length + 1;
                if (roundingNote is not null && cells[c].Length >= 16 && Sdc.RoundingDeclaration.In(cells[c], policy.RoundingBases) is { } b) roundingNote(b);
            }
            if (chars > policy.MaxAggregateBytes) return [];
            grid.Add(cells, part.SpreadsheetCells ? part.FirstRowNumber + i : firstLine + i);
            i++;
        }
        Func<IReadOnlyList<long>, CellLocator> locator = part.SpreadsheetCells
            ? numbers => CellLocator.ForSheet(part.Path, numbers)
            : numbers => CellLocator.ForLines(where, numbers);
        return TableBuilder.Build(grid, source, locator) is { } table ? [table] : [];
    }

    /// <summary>The tables in a text part: one for delimited text, any number for console output.</summary>
    /// <param name="roundingNote">Told the base when the text declares the counts rounded ("counts rounded to the nearest 7").</param>
    public IReadOnlyList<TableModel> Read(ContentSource content, TextLayout layout, PartLocation where, string source, CancellationToken cancel,
        Action<int>? roundingNote = null)
    {
        if (layout.Kind == LayoutKind.Binary) return [];
        var text = ReadText(content, policy.MaxAggregateBytes);
        if (text is null) return [];
        if (roundingNote is not null && Sdc.RoundingDeclaration.In(text, policy.RoundingBases) is { } declared) roundingNote(declared);
        var lines = 1;
        foreach (var c in text)
            if (c == '\n' && ++lines > policy.MaxAggregateRows + 1) return [];
        Func<IReadOnlyList<long>, CellLocator> locator = numbers => CellLocator.ForLines(where, numbers);
        var tables = new List<TableModel>();
        foreach (var grid in Grids(text, layout, cancel))
            if (TableBuilder.Build(grid, source, locator) is { } table)
                tables.Add(table);
        return tables;
    }

    private IEnumerable<Grid> Grids(string text, TextLayout layout, CancellationToken cancel)
    {
        // Bars make console tables (Stata) and pipe tables: read them as printed, not as bar-delimited text.
        if (layout.Kind == LayoutKind.Delimited && layout.Delimiter != (byte)'|')
        {
            var name = layout.Delimiter switch { (byte)',' => "CSV", (byte)'\t' => "TSV", (byte)';' => "semicolon-separated", _ => "delimited text" };
            if (DelimitedText.Read(text, (char)layout.Delimiter, policy.MaxAggregateRows, name, cancel) is { } grid && DelimitedText.IsConsistent(grid))
            {
                // Semicolons separate cells where commas are decimal marks (write.csv2, European Excel).
                if (layout.Delimiter == (byte)';') DelimitedText.DecimalCommas(grid);
                return [grid];
            }
        }
        // Rows withheld whole ("[REDACTED];;;;" between comma-separated rows) hide a delimited table's layout from the sniffer.
        if (layout.Kind != LayoutKind.Delimited && text.Split('\n', 200).Any(DelimitedText.IsWithheldLine))
            foreach (var (delimiter, name) in new[] { (',', "CSV"), ('\t', "TSV") })
                if (DelimitedText.Read(text, delimiter, policy.MaxAggregateRows, name, cancel) is { } withheld && DelimitedText.IsConsistent(withheld)
                    && withheld.Rows.Max(r => r.Length) >= 3)
                    return [withheld];
        // R's write.table: cells split by single spaces, strings quoted, nothing aligned.
        if (text.Contains('"') && DelimitedText.Read(text, ' ', policy.MaxAggregateRows, "space-separated (write.table)", cancel) is { } spaced
            && DelimitedText.IsConsistent(spaced) && !spaced.Rows.Any(r => r.Length > 2 && r.Skip(1).Take(r.Length - 2).Any(c => c.Length == 0) && r.Any(c => c.Length > 0 && CellValue.Parse(c).IsNumber)))
            return [spaced];
        return ConsoleTables.Read(text, cancel);
    }

    /// <summary>The content as text (UTF-8, a byte-order mark dropped), or null when it is larger than <paramref name="max"/> bytes.</summary>
    private static string? ReadText(ContentSource content, long max)
    {
        using var stream = content.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        while (true)
        {
            var n = stream.Read(chunk, 0, chunk.Length);
            if (n == 0) break;
            if (buffer.Length + n > max) return null;
            buffer.Write(chunk, 0, n);
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        return Encoding.UTF8.GetString(bytes);
    }
}
