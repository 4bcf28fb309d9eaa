using System.Globalization;
using System.Text;
using Egress.Formats;

namespace Egress.Checks;

/// <summary>
/// Reads a table's text as it streams past and, when its header names a GWAS summary-statistics table,
/// counts the variants whose minor allele count is below a threshold and where they lie. Any other
/// table costs one look at its first line. Lines are numbered as the scanner numbers them (line 1 is
/// the first line of the text), so locations agree with the other detectors'.
/// </summary>
public sealed class MinorAlleleCounter(int threshold, TextLayout? layout) : IStreamWatcher
{
    /// <summary>Content buffered before deciding: enough to find the header and sniff the layout.</summary>
    private const int DecideBytes = 64 * 1024;
    /// <summary>Leading lines of ## metadata tolerated before the header.</summary>
    private const int MaxMetaLines = 1000;
    /// <summary>A row longer than this is skipped (a GWAS row is a few hundred bytes).</summary>
    private const int MaxRowBytes = 1 << 20;
    /// <summary>Ranges of low-count variants kept for the report; the rest are only counted.</summary>
    private const int KeptRanges = 4;

    private enum State { Pending, Counting, Off }

    private State _state = State.Pending;
    private readonly StreamHead _head = new(DecideBytes);
    private readonly LineCarry _carry = new(MaxRowBytes);
    private long _line; // lines completed so far
    private TextLayout? _layout = layout;
    private readonly List<(long First, long Last)> _ranges = [];
    private long _lastLow = -1;
    private Range[]? _cells;
    private bool _lastRangeKept;

    public GwasColumns? Columns { get; private set; }
    /// <summary>Variant rows whose minor allele count could be worked out.</summary>
    public long Variants { get; private set; }
    /// <summary>Of those, rows below the threshold.</summary>
    public long LowVariants { get; private set; }
    /// <summary>Runs of consecutive low-count rows, in scanned line numbers: the first few, and how many in all.</summary>
    public IReadOnlyList<(long First, long Last)> LowRanges => _ranges;
    public long LowRangeCount { get; private set; }
    public int Threshold => threshold;

    /// <summary>True once the header named a GWAS table whose minor allele counts can be worked out.</summary>
    public bool IsGwas => Columns is not null;

    public void Feed(ReadOnlySpan<byte> data)
    {
        switch (_state)
        {
            case State.Off:
                return;
            case State.Pending:
                if (!_head.Fill(data, out var take)) return;
                Decide(complete: false);
                if (_state == State.Counting) Consume(data[take..]);
                return;
            default:
                Consume(data);
                return;
        }
    }

    /// <summary>The end of the text: decides on short content and counts the last row.</summary>
    public void Complete()
    {
        if (_state == State.Pending) Decide(complete: true);
        if (_state != State.Counting) return;
        if (_carry.HasPartial && !_carry.Skipping) Row(_carry.Partial, _line + 1);
        _carry.Clear();
        _state = State.Off;
    }

    private void Decide(bool complete)
    {
        var start = _head.Bytes;
        _state = State.Off;
        // The header is the first line that is not ## metadata.
        var at = 0;
        var line = 0L;
        while (true)
        {
            var nl = start[at..].IndexOf((byte)'\n');
            if (nl < 0 && !complete) return;
            var end = nl < 0 ? start.Length : at + nl;
            if (!start[at..end].StartsWith("##"u8)) break;
            if (++line > MaxMetaLines || nl < 0) return;
            at = end + 1;
        }
        var rest = start[at..];
        var headerEnd = rest.IndexOf((byte)'\n');
        if (headerEnd < 0 && !complete) return;
        var headerLine = headerEnd < 0 ? rest : rest[..headerEnd];
        // The plain-table path: one split of the first line and a few look-ups, then nothing more.
        if (GwasColumns.FromHeader(LooseSplit(headerLine)) is null) return;
        var found = _layout ?? LayoutSniffer.Sniff(rest, isWholeFile: complete);
        if (found.Kind is not (LayoutKind.Delimited or LayoutKind.Whitespace)) return;
        _layout = found with { HasHeader = true };
        var header = HeaderRow.Read(rest, _layout, out _);
        var columns = GwasColumns.FromHeader(header.Select(h => h.TrimStart('#')).ToList());
        if (columns is null || !columns.CanCountMinorAlleles) return;
        Columns = columns;
        _state = State.Counting;
        _line = line + 1;
        _carry.Clear();
        if (headerEnd >= 0) Consume(rest[(headerEnd + 1)..]);
        _head.Release();
    }

    private void Consume(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var nl = data.IndexOf((byte)'\n');
            if (nl < 0)
            {
                _carry.Add(data);
                return;
            }
            _line++;
            if (_carry.End(data[..nl], out var row)) Row(row, _line);
            data = data[(nl + 1)..];
        }
    }

    private void Row(ReadOnlySpan<byte> row, long line)
    {
        var columns = Columns!;
        var cells = _cells ??= new Range[columns.Width + 1];
        var cursor = new RowCursor(row, _layout!);
        if (!cursor.Next(cells, out var count) || count < columns.Width) return;
        if (MinorAlleleCount(row, cells, columns) is not { } mac) return;
        Variants++;
        if (Math.Round(mac, MidpointRounding.AwayFromZero) >= threshold) return;
        LowVariants++;
        if (_lastLow == line - 1)
        {
            if (_lastRangeKept) _ranges[^1] = (_ranges[^1].First, line);
        }
        else
        {
            LowRangeCount++;
            _lastRangeKept = _ranges.Count < KeptRanges;
            if (_lastRangeKept) _ranges.Add((line, line));
        }
        _lastLow = line;
    }

    private static double? MinorAlleleCount(ReadOnlySpan<byte> row, Span<Range> cells, GwasColumns columns)
    {
        if (columns.MinorAlleleCount >= 0) return Number(row, cells, columns.MinorAlleleCount);
        double? n = columns.SampleSize >= 0
            ? Number(row, cells, columns.SampleSize)
            : Number(row, cells, columns.Cases) + Number(row, cells, columns.Controls);
        if (n is not { } people || people <= 0) return null;
        if (columns.AlleleCount >= 0)
            return Number(row, cells, columns.AlleleCount) is { } ac && ac >= 0 ? Math.Min(ac, 2 * people - ac) : null;
        if (Number(row, cells, columns.Frequency) is not { } af || af is < 0 or > 1) return null;
        return 2 * people * Math.Min(af, 1 - af);
    }

    private static double? Number(ReadOnlySpan<byte> row, Span<Range> cells, int column)
    {
        var cell = ValueCanonicalizer.Trim(row[cells[column]]);
        if (cell.Length > 0 && cell[0] == '"') cell = cell.Trim((byte)'"');
        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
    }

    /// <summary>The first line's cells by any common separator, for the cheap look at the header.</summary>
    private static List<string> LooseSplit(ReadOnlySpan<byte> line)
    {
        var names = new List<string>();
        var text = Encoding.UTF8.GetString(line.Length > 4096 ? line[..4096] : line);
        foreach (var name in text.Split(['\t', ',', ';', '|', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            names.Add(name.Trim('"').TrimStart('#'));
        return names;
    }
}
