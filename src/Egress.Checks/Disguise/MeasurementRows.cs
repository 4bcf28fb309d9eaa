using System.Globalization;
using Egress.Formats;

namespace Egress.Checks.Disguise;

/// <summary>
/// The first rows of a table part as cells, kept as the scanner streams past, for the rules that look at rows of
/// measurements again after the exact pass: tolerant matching and microdata without quasi-identifiers. A part
/// that is not a delimited or aligned table costs one look at its head.
/// </summary>
public sealed class MeasurementRows(TextLayout? layout, int maxRows) : IStreamWatcher
{
    private const int DecideBytes = 64 * 1024;
    private const int MaxLineBytes = 1 << 16;

    private readonly StreamHead _head = new(DecideBytes);
    private readonly LineCarry _carry = new(MaxLineBytes);
    private readonly Range[] _cells = new Range[512];
    private TextLayout? _layout = layout;
    private bool _deciding = true;
    private bool _off;
    private bool _headerPending;

    public IReadOnlyList<string>? Header { get; private set; }
    public List<string[]> Rows { get; } = [];
    /// <summary>
    /// Rows past the first <c>maxRows</c>: counted over the next <see cref="CountedBytes"/>, and past them estimated from
    /// the bytes at the counted rows' length (a second pass over a 200 MB part only to count its lines cost more than the
    /// rules that use the number: it sets a bar by its logarithm, or says "many").
    /// </summary>
    public long MoreRows => _counted + (_uncountedBytes == 0 ? 0 : (long)Math.Ceiling(_uncountedBytes * (double)Math.Max(1, _counted) / Math.Max(1, _countedBytes)));

    private const long CountedBytes = 8L << 20;
    private long _counted;
    private long _countedBytes;
    private long _uncountedBytes;

    public void Feed(ReadOnlySpan<byte> data)
    {
        if (_off) return;
        if (_deciding)
        {
            if (!_head.Fill(data, out var take)) return;
            Decide(complete: false);
            if (!_off) Consume(data[take..]);
            return;
        }
        Consume(data);
    }

    public void Complete()
    {
        if (_deciding) Decide(complete: true);
        if (!_off && _carry.HasPartial && !_carry.Skipping) Line(_carry.Partial);
        _carry.Clear();
        _off = true;
    }

    private void Decide(bool complete)
    {
        _deciding = false;
        var found = _layout ?? LayoutSniffer.Sniff(_head.Bytes, isWholeFile: complete);
        if (found.Kind is not (LayoutKind.Delimited or LayoutKind.Whitespace))
        {
            _off = true;
            _head.Release();
            return;
        }
        _layout = found;
        _headerPending = found.HasHeader;
        var buffered = _head.Bytes.ToArray();
        _head.Release();
        Consume(buffered);
    }

    private void Consume(ReadOnlySpan<byte> data)
    {
        if (Rows.Count >= maxRows)
        {
            CountMore(data);
            return;
        }
        while (!data.IsEmpty && Rows.Count < maxRows)
        {
            var nl = data.IndexOf((byte)'\n');
            if (nl < 0)
            {
                _carry.Add(data);
                return;
            }
            if (_carry.End(data[..nl], out var line)) Line(line);
            data = data[(nl + 1)..];
        }
        if (Rows.Count >= maxRows) CountMore(data);
    }

    private void CountMore(ReadOnlySpan<byte> data)
    {
        if (_countedBytes >= CountedBytes)
        {
            _uncountedBytes += data.Length;
            return;
        }
        _counted += data.Count((byte)'\n');
        _countedBytes += data.Length;
    }

    private void Line(ReadOnlySpan<byte> line)
    {
        if (ValueCanonicalizer.Trim(line).IsEmpty) return;
        var cursor = new RowCursor(line, _layout!);
        cursor.Next(_cells, out var n);
        var cells = new string[n];
        for (var i = 0; i < n; i++) cells[i] = System.Text.Encoding.UTF8.GetString(ValueCanonicalizer.Trim(line[_cells[i]])).Trim('"');
        if (_headerPending)
        {
            _headerPending = false;
            Header = cells;
            return;
        }
        Rows.Add(cells);
    }

    /// <summary>Rows gathered from elsewhere (several short parts of the same columns, stacked), as if streamed.</summary>
    public static MeasurementRows Of(IReadOnlyList<string>? header, IEnumerable<string[]> rows, long moreRows)
    {
        var table = new MeasurementRows(null, int.MaxValue) { Header = header, _off = true, _counted = moreRows };
        table.Rows.AddRange(rows);
        return table;
    }

    /// <summary>A cell as a decimal number with its count of decimals, or null.</summary>
    public static (double Value, int Decimals)? Decimal(string cell)
    {
        if (cell.Length is 0 or > 24) return null;
        var dot = cell.IndexOf('.');
        if (dot < 0 || cell.IndexOfAny(['e', 'E']) >= 0) return null;
        if (!double.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            return null;
        return (v, cell.Length - dot - 1);
    }
}
