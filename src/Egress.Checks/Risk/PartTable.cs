using System.Text;
using Egress.Formats;
using Egress.Formats.Content;

namespace Egress.Checks.Risk;

/// <summary>
/// A whole table read from a part (a reader's table, or delimited or space-aligned text), for measuring
/// risk over chosen columns: header (null when there is none) and rows as text cells.
/// </summary>
public sealed record PartTable(string Path, IReadOnlyList<string>? Header, IReadOnlyList<IReadOnlyList<string>> Rows, long TotalRows)
{
    /// <summary>Column names as given, or `column N` where the table has none.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            var width = Math.Max(Header?.Count ?? 0, Rows.Select(r => r.Count).DefaultIfEmpty(0).Max());
            return Enumerable.Range(0, width)
                .Select(c => Header is not null && c < Header.Count && !string.IsNullOrWhiteSpace(Header[c]) ? Header[c] : $"column {c + 1}")
                .ToList();
        }
    }

    /// <summary>
    /// The first table-like part of an export (a reader's table, or text laid out as one) that <paramref name="fits"/>
    /// (e.g. has the key columns asked for), else the first table, or null when it has none.
    /// </summary>
    public static PartTable? FirstOf(IEnumerable<Part> parts, int maxRows, Func<PartTable, bool> fits, CancellationToken cancel)
    {
        PartTable? first = null;
        foreach (var part in parts)
        {
            cancel.ThrowIfCancellationRequested();
            var table = part switch
            {
                TablePart t => FromTable(t, maxRows, cancel),
                TextPart x => FromText(x, maxRows, cancel),
                _ => null,
            };
            if (table is null) continue;
            if (fits(table)) return table;
            first ??= table;
        }
        return first;
    }

    public static PartTable FromTable(TablePart table, int maxRows, CancellationToken cancel)
    {
        var rows = new List<IReadOnlyList<string>>();
        long total = 0;
        IReadOnlyList<string>? header = table.Header;
        var first = header is null;
        foreach (var row in table.Rows)
        {
            if ((total & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
            // Without a header from the reader, a first row of text only is taken as one (a sheet's first row).
            if (first)
            {
                first = false;
                if (row.Count > 0 && row.All(c => !KeyCell.IsMissing(c) && !double.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out _)))
                {
                    header = row;
                    continue;
                }
            }
            total++;
            if (rows.Count < maxRows) rows.Add(row);
        }
        return new PartTable(table.Path, header, rows, total);
    }

    /// <summary>Text read as rows when its layout is a table (delimited or space-aligned); null otherwise.</summary>
    public static PartTable? FromText(TextPart text, int maxRows, CancellationToken cancel)
    {
        var head = text.Source.Head(Unpacker.HeadBytes);
        var layout = LayoutSniffer.Sniff(head, isWholeFile: text.Source.Length is { } n && n <= head.Length);
        if (layout.Kind is not (LayoutKind.Delimited or LayoutKind.Whitespace)) return null;
        IReadOnlyList<string>? header = null;
        var rows = new List<IReadOnlyList<string>>();
        long total = 0;
        var cells = new Range[4096];
        using var stream = text.Source.Open();
        var reader = new BlockReader(stream, quoteAware: layout.HasQuotes);
        var headerPending = layout.HasHeader;
        while (reader.Next() is { } block)
        {
            cancel.ThrowIfCancellationRequested();
            using (block)
            {
                var span = block.Span;
                var cursor = new RowCursor(span, layout);
                while (cursor.Next(cells, out var count))
                {
                    if (count == 0 || count == 1 && ValueCanonicalizer.Trim(span[cells[0]]).IsEmpty) continue;
                    var row = new string[Math.Min(count, cells.Length)];
                    for (var i = 0; i < row.Length; i++) row[i] = Encoding.UTF8.GetString(ValueCanonicalizer.Trim(span[cells[i]]));
                    if (headerPending)
                    {
                        headerPending = false;
                        header = row;
                        continue;
                    }
                    total++;
                    // R prints a data frame's row names under no header cell.
                    var aligned = layout.Kind == LayoutKind.Whitespace && header is not null && row.Length == header.Count + 1 ? row[1..] : row;
                    if (rows.Count < maxRows) rows.Add(aligned);
                }
            }
        }
        return new PartTable(text.Path, header, rows, total);
    }
}
