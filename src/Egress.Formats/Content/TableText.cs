using System.Text;

namespace Egress.Formats.Content;

/// <summary>
/// A table part rendered as tab-separated text, row by row as it is read, so tables from any reader
/// go through the same scanner as a CSV. Tabs and line breaks inside a cell become spaces; a cell
/// with a quote is quoted. Line 1 is the header when the table has one.
/// </summary>
public sealed class TableText : ReadOnlyStream
{
    public static readonly TextLayout Layout = new(LayoutKind.Delimited, (byte)'\t', 0, false, true);

    private readonly IEnumerator<IReadOnlyList<string>> _rows;
    private readonly IReadOnlyList<string>? _header;
    private readonly StringBuilder _line = new();
    private byte[] _pending = [];
    private int _pendingAt;
    private bool _headerDone;

    public TableText(TablePart table)
    {
        _header = table.Header;
        _rows = table.Rows.GetEnumerator();
    }

    /// <summary>The layout to scan the rendered text with (columns as the header or first row has them).</summary>
    public static TextLayout LayoutFor(TablePart table, int columns) => Layout with { Columns = columns, HasHeader = table.Header is not null };

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_pendingAt == _pending.Length && !Fill()) break;
            var n = Math.Min(buffer.Length - written, _pending.Length - _pendingAt);
            _pending.AsSpan(_pendingAt, n).CopyTo(buffer[written..]);
            _pendingAt += n;
            written += n;
        }
        return written;
    }

    private bool Fill()
    {
        IReadOnlyList<string> cells;
        if (!_headerDone)
        {
            _headerDone = true;
            if (_header is not null) cells = _header;
            else if (_rows.MoveNext()) cells = _rows.Current;
            else return false;
        }
        else if (_rows.MoveNext()) cells = _rows.Current;
        else return false;
        _line.Clear();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) _line.Append('\t');
            AppendCell(cells[i] ?? "");
        }
        _line.Append('\n');
        _pending = Encoding.UTF8.GetBytes(_line.ToString());
        _pendingAt = 0;
        return true;
    }

    private void AppendCell(string cell)
    {
        if (cell.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
            cell = cell.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
        if (!cell.Contains('"'))
        {
            _line.Append(cell);
            return;
        }
        _line.Append('"').Append(cell.Replace("\"", "\"\"")).Append('"');
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rows.Dispose();
        base.Dispose(disposing);
    }
}
