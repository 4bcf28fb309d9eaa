using System.Text;
using Egress.Formats;

namespace Egress.Checks.Risk;

/// <summary>
/// Reads a table's text as the scanner streams it past and keeps what the row-level rule needs, in the
/// same pass: the header, a sample of rows to judge the table by, and — only when the sample is judged
/// row-level — the quasi-identifier cells of every row (interned, so a million rows of a few codes stay
/// small). A table whose header rules it out costs one look at its first line.
/// </summary>
public sealed class RowLevelCollector(int minRows, int maxRows, TextLayout? layout) : IStreamWatcher
{
    /// <summary>Content buffered before deciding whether this is a table at all.</summary>
    private const int DecideBytes = 64 * 1024;
    /// <summary>Rows (and at most this many cells) judged before deciding whether the table is row-level.</summary>
    public const int SampleRows = QuasiIdentifierDetector.SampleRows;
    private const int SampleCells = 500_000;
    /// <summary>A line longer than this is skipped.</summary>
    private const int MaxLineBytes = 1 << 20;

    private enum State { Pending, Sampling, Collecting, Counting, Off }

    private State _state = State.Pending;
    private readonly StreamHead _head = new(DecideBytes);
    private readonly LineCarry _carry = new(MaxLineBytes);
    /// <summary>While only counting: a last line without its newline yet.</summary>
    private bool _unfinishedLine;
    private TextLayout? _layout = layout;
    private bool _headerPending;
    private readonly List<IReadOnlyList<string>> _sample = [];
    private int _sampleCells;
    private readonly List<IReadOnlyList<string>> _collected = [];
    private Dictionary<string, string>[] _interned = [];
    private Range[] _cells = new Range[4096];

    public IReadOnlyList<string>? Header { get; private set; }
    /// <summary>Set once the table was judged (null when it never got that far).</summary>
    public RowLevelClassification? Classification { get; private set; }
    /// <summary>Data rows seen once the table was judged row-level (all of them, also past <c>maxRows</c>).</summary>
    public long TotalRows { get; private set; }
    /// <summary>The quasi-identifier cells of the first <c>maxRows</c> rows, in the order of <see cref="RowLevelClassification.QuasiIdentifiers"/>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Collected => _collected;
    public bool IsRowLevel => Classification?.IsRowLevel == true;

    public void Feed(ReadOnlySpan<byte> data)
    {
        switch (_state)
        {
            case State.Off:
                return;
            case State.Pending:
                if (!_head.Fill(data, out var take)) return;
                Decide(complete: false);
                if (_state != State.Off) Consume(data[take..]);
                return;
            default:
                Consume(data);
                return;
        }
    }

    /// <summary>The end of the text: the last row, and the judgement of a table shorter than the sample.</summary>
    public void Complete()
    {
        if (_state == State.Pending) Decide(complete: true);
        if (_state == State.Counting && _unfinishedLine) TotalRows++;
        if (_state is State.Sampling or State.Collecting && _carry.HasPartial && !_carry.Skipping) Line(_carry.Partial);
        _carry.Clear();
        if (_state == State.Sampling) Judge();
        _state = State.Off;
    }

    private void Decide(bool complete)
    {
        var start = _head.Bytes;
        var found = _layout ?? LayoutSniffer.Sniff(start, isWholeFile: complete);
        _state = State.Off;
        if (found.Kind is not (LayoutKind.Delimited or LayoutKind.Whitespace)) return;
        _layout = found;
        _headerPending = found.HasHeader;
        _state = State.Sampling;
        var buffered = start.ToArray();
        _head.Release();
        Consume(buffered);
    }

    private void Consume(ReadOnlySpan<byte> data)
    {
        if (_state == State.Counting)
        {
            Count(data);
            return;
        }
        while (!data.IsEmpty && _state is State.Sampling or State.Collecting)
        {
            var nl = data.IndexOf((byte)'\n');
            if (nl < 0)
            {
                _carry.Add(data);
                return;
            }
            if (_carry.End(data[..nl], out var line)) Line(line);
            data = data[(nl + 1)..];
            if (_state == State.Counting)
            {
                Count(data);
                return;
            }
        }
    }

    /// <summary>Past <c>maxRows</c> rows are only counted: one search for line ends per block, no cells.</summary>
    private void Count(ReadOnlySpan<byte> data)
    {
        var lines = data.Count((byte)'\n');
        TotalRows += lines;
        var last = data.LastIndexOf((byte)'\n');
        // Whether a partial last line is pending (counted at the end) is all that is kept of it here.
        _unfinishedLine = lines == 0 ? _unfinishedLine || data.Length > 0 : last < data.Length - 1;
    }

    private void Line(ReadOnlySpan<byte> line)
    {
        if (ValueCanonicalizer.Trim(line).IsEmpty) return;
        var cursor = new RowCursor(line, _layout!);
        cursor.Next(_cells, out var n);
        if (_headerPending)
        {
            _headerPending = false;
            Header = Cells(line, n);
            if (!HeaderAllowsRowLevel(Header)) _state = State.Off;
            return;
        }
        // R prints a data frame's row names under no header cell.
        var skip = _layout!.Kind == LayoutKind.Whitespace && Header is not null && n == Header.Count + 1 ? 1 : 0;
        if (_state == State.Sampling)
        {
            var row = Cells(line, n, skip);
            _sample.Add(row);
            _sampleCells += row.Length;
            if (_sample.Count >= SampleRows || _sampleCells >= SampleCells) Judge();
            return;
        }
        TotalRows++;
        _collected.Add(Project(line, n, skip));
        if (_collected.Count >= maxRows) _state = State.Counting;
    }

    /// <summary>A header that names a statistic, or too few columns that could be quasi-identifiers, rules the table out at once.</summary>
    private static bool HeaderAllowsRowLevel(IReadOnlyList<string> header)
    {
        if (header.Any(HeaderNames.NamesStatistic)) return false;
        return header.Count(h => HeaderNames.Recognise(h) is not null || HeaderNames.IsGeneric(h)) >= 2;
    }

    private void Judge()
    {
        Classification = RowLevelClassifier.Classify(Header, _sample, minRows);
        if (!Classification.IsRowLevel)
        {
            _state = State.Off;
            _sample.Clear();
            return;
        }
        _interned = Classification.QuasiIdentifiers.Select(_ => new Dictionary<string, string>(StringComparer.Ordinal)).ToArray();
        foreach (var row in _sample)
        {
            TotalRows++;
            if (_collected.Count < maxRows) _collected.Add(Project(row));
        }
        _sample.Clear();
        _state = _collected.Count >= maxRows ? State.Counting : State.Collecting;
    }

    private string[] Project(IReadOnlyList<string> row)
    {
        var qis = Classification!.QuasiIdentifiers;
        var projected = new string[qis.Count];
        for (var i = 0; i < qis.Count; i++)
        {
            var cell = qis[i].Column < row.Count ? row[qis[i].Column] : "";
            if (!_interned[i].TryGetValue(cell, out var shared)) _interned[i][cell] = shared = cell;
            projected[i] = shared;
        }
        return projected;
    }

    /// <summary>Only the quasi-identifier cells of a row, looked up in the interned values without a string per cell.</summary>
    private string[] Project(ReadOnlySpan<byte> line, int n, int skip)
    {
        var qis = Classification!.QuasiIdentifiers;
        var projected = new string[qis.Count];
        Span<char> chars = stackalloc char[256];
        for (var i = 0; i < qis.Count; i++)
        {
            var at = qis[i].Column + skip;
            var bytes = at < Math.Min(n, _cells.Length) ? ValueCanonicalizer.Trim(line[_cells[at]]) : [];
            if (bytes.Length <= chars.Length && Encoding.UTF8.GetCharCount(bytes) <= chars.Length)
            {
                var text = chars[..Encoding.UTF8.GetChars(bytes, chars)];
                var lookup = _interned[i].GetAlternateLookup<ReadOnlySpan<char>>();
                if (lookup.TryGetValue(text, out _, out var shared))
                {
                    projected[i] = shared;
                    continue;
                }
            }
            var cell = Encoding.UTF8.GetString(bytes);
            _interned[i].TryAdd(cell, cell);
            projected[i] = _interned[i][cell];
        }
        return projected;
    }

    private string[] Cells(ReadOnlySpan<byte> line, int n, int skip = 0)
    {
        n = Math.Min(n, _cells.Length);
        var cells = new string[Math.Max(0, n - skip)];
        for (var i = skip; i < n; i++) cells[i - skip] = Encoding.UTF8.GetString(ValueCanonicalizer.Trim(line[_cells[i]]));
        return cells;
    }
}
