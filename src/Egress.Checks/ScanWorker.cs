using Egress.Formats;
using Egress.Index;

namespace Egress.Checks;

/// <summary>
/// One scanning thread: splits rows into cells, canonicalises and hashes every cell, looks it up in
/// the index, and feeds the ID-run counters and the record matcher. Owns all its state, so blocks are
/// scanned in parallel without locks; the engine merges workers at the end.
/// </summary>
public sealed class ScanWorker
{
    public const int MaxColumns = 4096;
    private const int IdWindowTokens = 256;
    private const int TextWindowHits = 64;

    private readonly CohortIndex _index;
    private readonly InformationBits _bits;
    private readonly RecordMatcher _matcher;
    private readonly int _minIdHits;
    private readonly int _exporter;
    private readonly TextLayout _layout;
    private readonly float _floorBits;
    private readonly float _enoughBits;
    private readonly bool[] _idDigits = new bool[32];
    private readonly int _minIdDigits;
    private readonly int _projects;

    public const int PendingTokens = MaxColumns * 2;
    /// <summary>The token buffer of the row being worked on (each row in the pipeline has its own).</summary>
    private PendingToken[] _pending;
    private readonly ScanScratch _scratch;
    private readonly LookupCache _cache;
    private readonly List<TokenHit> _rowHits = [];
    private readonly ColumnOrder _columnOrder = new();
    private readonly List<TokenHit> _textWindow = [];

    // ID runs: per column, per row (reused), and per stretch of ID-shaped tokens.
    private readonly Dictionary<int, IdRun> _columnRuns = [];
    private readonly RunCounter _rowRun;
    private readonly RunCounter _streamRun;

    public RecordMatches Records { get; }
    private readonly PartLocation _where;

    /// <summary>Hits per row, kept only when the engine asks for a column pass (small tables).</summary>
    public List<(long Line, TokenHit[] Hits)>? RowsForColumns { get; set; }
    public long RowsScanned { get; private set; }

    /// <summary>Leak forensics: every matched window is also attributed to the projects that hold it in full (null when checking).</summary>
    private Forensics.WindowAttributor? _attributor;
    private Forensics.ForensicScan? _forensics;

    /// <summary>Turns on leak forensics for this worker: whole rows are read (no early decision) and matches go to a tally, not a list.</summary>
    public void Attribute(Forensics.ForensicScan forensics)
    {
        _forensics = forensics;
        _attributor = new Forensics.WindowAttributor(_index, forensics.Rent(), _floorBits, _enoughBits);
    }
    public IReadOnlyDictionary<int, IdRun> ColumnRuns => _columnRuns;

    /// <param name="scratch">Working memory to reuse (a thread's, from part to part); new when not given.</param>
    public ScanWorker(CohortIndex index, ParticipantIdDetector ids, ParticipantRecordDetector records, TextLayout layout, PartLocation where,
        ScanScratch? scratch = null)
    {
        scratch ??= new ScanScratch(index);
        _scratch = scratch;
        _pending = scratch.Pending;
        _cache = scratch.Cache;
        _where = where;
        Records = new RecordMatches { Where = where };
        _index = index;
        _bits = new InformationBits(index);
        _matcher = new RecordMatcher(index, _bits);
        _minIdHits = ids.MinHits;
        _exporter = index.ProjectNumber(ids.Exporter);
        _layout = layout;
        _floorBits = records.FloorBits;
        _enoughBits = records.EnoughBits;
        _projects = index.Projects.Count;
        foreach (var p in index.Projects)
            foreach (var d in p.IdDigits)
                if (d < _idDigits.Length) _idDigits[d] = true;
        _minIdDigits = Array.IndexOf(_idDigits, true) is var shortest and >= 0 ? shortest : _idDigits.Length;
        _rowRun = new RunCounter(_projects, where);
        _streamRun = new RunCounter(_projects, where);
    }

    /// <summary>Scans one block of whole rows whose first row starts on <paramref name="firstLine"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Scan(ReadOnlySpan<byte> block, long firstLine, CancellationToken cancel)
    {
        // Free text, and tables too narrow to hold a record in one row (key–value dumps), are also read in sliding windows.
        var isText = _layout.Kind == LayoutKind.PlainText;
        var sliding = isText || _layout.Columns <= 3;
        // Forensics weighs every value of a row against every project, and a column pass needs every hit: no row is decided early.
        if (RowsForColumns is null && !sliding && _attributor is null)
        {
            ScanDecidingEarly(block, firstLine, cancel);
            return;
        }
        var cursor = new RowCursor(block, _layout);
        Span<Range> cells = stackalloc Range[MaxColumns];
        Span<byte> canonical = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        Span<byte> alternate = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        _pending = _scratch.Pending;
        var line = firstLine;
        while (true)
        {
            if ((RowsScanned & 1023) == 0) cancel.ThrowIfCancellationRequested();
            var rowStart = cursor.Position;
            if (!cursor.Next(cells, out var n)) break;
            var rowLine = line;
            line += block[rowStart..cursor.Position].Count((byte)'\n');
            if (n == 0) continue;
            RowsScanned++;
            _rowHits.Clear();
            LookUp(HashCells(block, cells[..n], _columnOrder.For(n, reorder: false), canonical, alternate), rowLine, isText, sliding);
            ObserveRun(_rowRun, rowLine);
            MatchRow(rowLine);
        }
    }

    /// <summary>
    /// Tables whose rows can be decided early, in a pipeline four rows deep: a row's first cells are
    /// hashed and their slots requested, the row before has its slots read and its entries requested,
    /// the one before that its likely participant's postings requested, and the row before that is judged.
    /// Each row's waits on memory overlap the work on the other three.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ScanDecidingEarly(ReadOnlySpan<byte> block, long firstLine, CancellationToken cancel)
    {
        var cursor = new RowCursor(block, _layout);
        Span<byte> canonical = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        Span<byte> alternate = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        var rows = _scratch.RowsInFlight;
        var line = firstLine;
        long read = 0, resolved = 0, guessed = 0, judged = 0;
        var more = true;
        while (more || judged < read)
        {
            if (more)
            {
                if ((RowsScanned & 1023) == 0) cancel.ThrowIfCancellationRequested();
                if (ReadRow(ref cursor, block, rows[read % rows.Length], ref line)) HashFirstLook(block, rows[read++ % rows.Length], canonical, alternate);
                else more = false;
            }
            if (resolved < read - (more ? 1 : 0)) ResolveSlots(rows[resolved++ % rows.Length]);
            if (guessed < resolved - (more ? 1 : 0)) PrefetchCandidateHolds(rows[guessed++ % rows.Length]);
            if (judged < guessed - (more ? 1 : 0)) JudgeRow(block, rows[judged++ % rows.Length], canonical, alternate);
        }
    }

    /// <summary>Reads the next row with cells into <paramref name="row"/>; false at the end of the block.</summary>
    private bool ReadRow(ref RowCursor cursor, ReadOnlySpan<byte> block, RowInFlight row, ref long line)
    {
        while (true)
        {
            var rowStart = cursor.Position;
            if (!cursor.Next(row.Cells, out var n)) return false;
            row.Line = line;
            line += block[rowStart..cursor.Position].Count((byte)'\n');
            if (n == 0) continue;
            RowsScanned++;
            row.Width = n;
            return true;
        }
    }

    /// <summary>Pipeline stage 1: hashes the row's most identifying cells and requests their slots.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void HashFirstLook(ReadOnlySpan<byte> block, RowInFlight row, Span<byte> canonical, Span<byte> alternate)
    {
        row.Order = _columnOrder.Reordered(row.Width);
        row.FirstLook = Math.Min(row.Width, _firstLook.Next(out row.Sampling));
        _pending = row.Pending;
        row.Tokens = HashCells(block, row.Cells.AsSpan(0, row.Width), row.Order.AsSpan(0, row.FirstLook), canonical, alternate);
    }

    /// <summary>Pipeline stage 2: reads the slots requested a row ago and requests their entries.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ResolveSlots(RowInFlight row)
    {
        for (var t = 0; t < row.Tokens; t++)
        {
            ref var token = ref row.Pending[t];
            if (_cache.Finish(ref token)) _index.PrefetchEntries(token.Slot.EntryStart);
        }
    }

    /// <summary>
    /// Pipeline stage 3: the entries requested a row ago name the participant the row most likely
    /// is (a value only they hold, the exporter's first); where that participant would sit in each
    /// value's postings is requested, for the judging a row later.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void PrefetchCandidateHolds(RowInFlight row)
    {
        var project = -1;
        var ordinal = 0u;
        for (var t = 0; t < row.Tokens && !(project >= 0 && project == _exporter); t++)
        {
            ref var token = ref row.Pending[t];
            if (token.Found) _matcher.ConsiderSingleHolders(token.Slot.EntryStart, (uint)token.Slot.EntryCount, _exporter, ref project, ref ordinal);
        }
        if (project < 0) return;
        for (var t = 0; t < row.Tokens; t++)
        {
            ref var token = ref row.Pending[t];
            if (token.Found) _matcher.PrefetchHolds(token.Slot.EntryStart, (uint)token.Slot.EntryCount, project, ordinal);
        }
    }

    /// <summary>Pipeline stage 4: decides the row from its first cells if they settle it, else reads the rest.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void JudgeRow(ReadOnlySpan<byte> block, RowInFlight row, Span<byte> canonical, Span<byte> alternate)
    {
        _pending = row.Pending;
        _rowHits.Clear();
        var decided = SettleEarly(block, row.Cells.AsSpan(0, row.Width), row, canonical, alternate);
        ObserveRun(_rowRun, row.Line);
        if (decided is { } match)
        {
            Records.Windows++;
            Note(match, true, row.Line, -1);
        }
        else MatchRow(row.Line);
    }

    /// <summary>Finishes runs that end with the worker's last block.</summary>
    public void Flush()
    {
        if (_streamRun.Tokens > 0) ObserveRun(_streamRun, -1);
        if (_textWindow.Count > 0) MatchTextWindow();
        if (_forensics is null || _attributor is null) return;
        _forensics.CountWindows(Records.Windows);
        _forensics.Return(_attributor.Tally);
    }

    private static readonly TextLayout PlainText = new(LayoutKind.PlainText, 0, 0, false, false);

    private readonly FirstLookSize _firstLook = new(5, MaxEarlyLook);
    private const int MaxEarlyLook = 14;

    /// <summary>Whether the cells looked up so far could carry the row past the bar (else a search is futile).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool CouldSettle(int width)
    {
        float potential = 0;
        foreach (var hit in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rowHits)) potential += hit.MaxBits;
        return potential - Combinatorics.Log2Binomial(width, _rowHits.Count) >= _enoughBits;
    }

    /// <summary>
    /// Looks up a row's most identifying cells first (the row's first look is already hashed). When
    /// they prove beyond doubt (the bar for the largest possible file) that the row is one
    /// participant's record, the rest of the row cannot change that: only its ID-shaped cells are
    /// still looked at, for the ID detector. Returns the match when the row was decided early.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private WindowMatch? SettleEarly(ReadOnlySpan<byte> block, ReadOnlySpan<Range> cells, RowInFlight row, Span<byte> canonical, Span<byte> alternate)
    {
        var order = row.Order.AsSpan(0, row.Width);
        var looked = row.FirstLook;
        var tokens = row.Tokens;
        var progress = SingleHolderProgress.Start;
        while (true)
        {
            LookUp(tokens, row.Line, isText: false, sliding: false);
            if (looked == order.Length) return null;
            // Most identifying cells first: a handful usually settle the row (the first look is learnt, so most rows take one
            // round); one more cell at a time when some are missing, as each round costs less than a cell read in vain.
            if (_rowHits.Count >= 3 && CouldSettle(cells.Length))
            {
                // Judged as part of the whole row: the choice penalty is for every cell the row has.
                var hits = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rowHits);
                var quick = _matcher.ConfirmSingleHolder(hits, cells.Length, _enoughBits, _exporter, ref progress);
                if (quick is null && looked >= MaxEarlyLook)
                    quick = _matcher.Match(hits, _enoughBits, _enoughBits, out _, maxSeeds: 2, windowSize: cells.Length);
                if (quick is { } m && m.Bits >= _enoughBits)
                {
                    _firstLook.Settled(looked, row.Sampling);
                    LookUp(HashIdShapedCells(block, cells, order[looked..], canonical, alternate), row.Line, isText: false, sliding: false);
                    return PreferExporter(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rowHits), m, out _);
                }
            }
            var next = looked < MaxEarlyLook ? Math.Min(order.Length, looked + 1) : order.Length;
            tokens = HashCells(block, cells, order[looked..next], canonical, alternate);
            looked = next;
        }
    }

    private static readonly System.Buffers.SearchValues<byte> WordSeparators = System.Buffers.SearchValues.Create(" ,;_"u8);
    private static readonly System.Buffers.SearchValues<byte> ListSeparators = System.Buffers.SearchValues.Create(" ,;"u8);

    /// <summary>
    /// The rest of a row already proven a record: only its ID-shaped cells matter now (for the ID
    /// detector). Most cells are bare (a digit at each end, or not a digit at all) and are ruled out
    /// from their length and end bytes without slicing; padded or quoted ones take the full test.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int HashIdShapedCells(ReadOnlySpan<byte> block, ReadOnlySpan<Range> cells, ReadOnlySpan<int> columns, Span<byte> canonical, Span<byte> alternate)
    {
        var count = 0;
        foreach (var c in columns)
        {
            var range = cells[c];
            int start = range.Start.Value, end = range.End.Value;
            var length = end - start;
            if (length <= 0 || (uint)end > (uint)block.Length) continue;
            // ID-shaped: digits of an ID's length once spaces and quotes are stripped from the ends.
            byte first = block[start], last = block[end - 1];
            var firstDigit = (uint)(first - '0') <= 9;
            var lastDigit = (uint)(last - '0') <= 9;
            if (!firstDigit && !IsStrippable(first) || !lastDigit && !IsStrippable(last)) continue;
            if (firstDigit && lastDigit && (length >= _idDigits.Length || !_idDigits[length])) continue;
            var cell = block.Slice(start, length);
            if (!LooksLikeId(cell)) continue;
            if (count >= _pending.Length - 2) break;
            var value = ValueCanonicalizer.Canonicalize(cell, canonical, alternate, out var alt);
            if (value.Kind == ValueKind.None) continue;
            count = AddToken(count, c, value, canonical, alt, alternate);
        }
        return count;
    }

    /// <summary>The bytes <see cref="LooksLikeId"/> strips from a cell's ends.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsStrippable(byte b) => b is (byte)' ' or (byte)'"' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int HashCells(ReadOnlySpan<byte> block, ReadOnlySpan<Range> cells, ReadOnlySpan<int> columns, Span<byte> canonical, Span<byte> alternate)
    {
        var count = 0;
        Span<Range> words = stackalloc Range[64];
        foreach (var c in columns)
        {
            if (count >= _pending.Length - 2) break;
            var cell = block[cells[c]];
            var value = ValueCanonicalizer.Canonicalize(cell, canonical, alternate, out var alt);
            if (value.Kind == ValueKind.None) continue;
            count = AddToken(count, c, value, canonical, alt, alternate);
            if (_layout.Kind == LayoutKind.PlainText || cell.Length <= _minIdDigits) continue;
            // Free text inside a cell, or a name built of parts (1234567_20252_2_0.zip): its words are tokens too. Other
            // cells that hold more than one value — digits glued to punctuation ("[1234567", "c(1234567", "k=1234567") or
            // numbers run together ("1234567,2345678" reads as one number) — give the ID detector their ID-shaped words.
            bool idsOnly;
            if (value.Kind == ValueKind.Text)
            {
                idsOnly = cell.IndexOfAny(WordSeparators) < 0;
                if (idsOnly && cell.IndexOfAnyInRange((byte)'0', (byte)'9') < 0) continue;
            }
            else
            {
                // A number or date cell hides an ID only behind a list separator ("1234567," is not read as the integer;
                // "1234567,2345678" is one number); a plain integer too short to hold two IDs was added as itself.
                if (value.IsPlainInteger && cell.Length <= 2 * _minIdDigits || cell.IndexOfAny(ListSeparators) < 0) continue;
                idsOnly = true;
            }
            var cursor = new RowCursor(cell, PlainText);
            while (cursor.Next(words, out var n))
                for (var w = 0; w < n && count < _pending.Length - 2; w++)
                {
                    if (idsOnly && !LooksLikeId(cell[words[w]])) continue;
                    var word = ValueCanonicalizer.Canonicalize(cell[words[w]], canonical, alternate, out var wordAlt);
                    if (word.Kind != ValueKind.None) count = AddToken(count, c, word, canonical, wordAlt, alternate);
                }
        }
        return count;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int AddToken(int count, int column, CanonicalValue value, ReadOnlySpan<byte> canonical, CanonicalValue alt, ReadOnlySpan<byte> alternate)
    {
        ref var token = ref _pending[count];
        _cache.Begin(ref token, canonical[..value.Length]);
        token.Column = column;
        token.IdShaped = value.IsPlainInteger && value.Length < _idDigits.Length && _idDigits[value.Length];
        count++;
        if (alt.Kind == ValueKind.None) return count;
        ref var second = ref _pending[count];
        _cache.Begin(ref second, alternate[..alt.Length]);
        second.Column = column;
        second.IdShaped = false;
        return count + 1;
    }

    /// <summary>Digits only, of a length some project's IDs have (quotes and spaces allowed around).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool LooksLikeId(ReadOnlySpan<byte> cell)
    {
        // Most cells are bare: a digit at each end means nothing to trim.
        if (cell.Length == 0 || (uint)(cell[0] - '0') > 9 || (uint)(cell[^1] - '0') > 9)
            cell = ValueCanonicalizer.Trim(cell).Trim((byte)'"');
        if (cell.Length >= _idDigits.Length || !_idDigits[cell.Length]) return false;
        return !cell.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void LookUp(int tokens, long line, bool isText, bool sliding)
    {
        for (var t = 0; t < tokens; t++)
        {
            ref var token = ref _pending[t];
            var column = token.Column;
            var idShaped = token.IdShaped;
            IdRun? columnRun = null;
            if (idShaped)
            {
                _rowRun.Tokens++;
                if (isText)
                {
                    // Free text has no columns: stretches of ID-shaped numbers stand in for them.
                    _streamRun.Tokens++;
                    _streamRun.NoteLine(line);
                }
                if (!isText)
                {
                    columnRun = ColumnRun(column);
                    columnRun.Tokens++;
                }
            }
            if (_cache.Finish(ref token))
            {
                var slot = token.Slot;
                _index.PrefetchEntries(slot.EntryStart);
                if (slot.HasId && idShaped)
                {
                    for (var e = 0u; e < slot.EntryCount; e++)
                    {
                        var entry = _index.Entry(slot.EntryStart + e);
                        if (!entry.IsId) continue;
                        _rowRun.Hit(entry.Project, entry.Word1);
                        if (isText) _streamRun.Hit(entry.Project, entry.Word1);
                        if (columnRun is not null)
                        {
                            columnRun.Hits[entry.Project]++;
                            columnRun.Ordinals[entry.Project].Add(entry.Word1);
                        }
                    }
                }
                var maxBits = _bits.UpperBound(slot);
                _columnOrder.Observe(column, maxBits);
                _rowHits.Add(new TokenHit { Hash = token.Hash, EntryStart = slot.EntryStart, EntryCount = (uint)slot.EntryCount, MaxBits = maxBits, Column = column });
                if (sliding) _textWindow.Add(_rowHits[^1]);
            }
            if (_streamRun.Tokens >= IdWindowTokens)
            {
                ObserveRun(_streamRun, -1);
            }
            if (sliding && _textWindow.Count >= TextWindowHits)
            {
                MatchTextWindow();
                _textWindow.RemoveRange(0, TextWindowHits / 2);
            }
            _textWindowLine = line;
        }
    }

    private long _textWindowLine;

    /// <summary>ID runs tested by this worker, and those with enough hits to be judged at the end.</summary>
    public long IdRunsTested { get; private set; }
    public List<IdRun> IdRunCandidates { get; } = [];

    /// <param name="line">The line a row run is on, or -1 for a stretch of lines.</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ObserveRun(RunCounter counter, long line)
    {
        IdRunsTested++;
        if (counter.MaxHits >= _minIdHits)
            IdRunCandidates.Add(counter.ToRun(line >= 0 ? _where.Line(line) : counter.Describe()));
        counter.Clear();
    }

    private IdRun ColumnRun(int column)
    {
        column = Math.Min(column, MaxColumns - 1);
        if (!_columnRuns.TryGetValue(column, out var run))
            _columnRuns[column] = run = new IdRun($"column {column + 1}", _projects);
        return run;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void MatchRow(long line)
    {
        Records.Windows++;
        if (RowsForColumns is not null) RowsForColumns.Add((line, [.. _rowHits]));
        if (_rowHits.Count == 0) return;
        var hits = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rowHits);
        var match = MatchPreferringExporter(hits, out var complete);
        if (_attributor is not null && match is { } m && m.Bits >= _floorBits) _attributor.Observe(hits, m, isRow: true);
        Note(match, complete, line, -1);
    }

    private void MatchTextWindow()
    {
        Records.Windows++;
        MatchAll(_textWindow, _textWindowLine, -1);
    }

    /// <summary>
    /// A stretch of text or a column can hold several people's records: after each match the
    /// participant's values are taken out and the rest is searched again.
    /// </summary>
    private void MatchAll(IReadOnlyList<TokenHit> window, long line, int column)
    {
        _peel.Clear();
        _peel.AddRange(window);
        for (var round = 0; round < MaxRecordsPerWindow && _peel.Count > 0; round++)
        {
            var match = MatchPreferringExporter(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_peel), out var complete);
            Note(match, complete, line, column);
            if (match is not { } m || m.Bits < _floorBits) return;
            _attributor?.Observe(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_peel), m, isRow: false);
            _peel.RemoveAll(hit => _matcher.Holds(hit, m.Project, m.Ordinal));
        }
    }

    private const int MaxRecordsPerWindow = 16;
    private readonly List<TokenHit> _peel = [];

    /// <summary>Matches each column of a small table as one window: records laid out transposed.</summary>
    public void MatchColumns(IEnumerable<IGrouping<int, TokenHit>> columns)
    {
        foreach (var column in columns)
        {
            Records.Windows++;
            MatchAll(column.ToList(), 0, column.Key);
        }
    }

    /// <summary>
    /// The same person is in several projects under different IDs. When a window matches someone of
    /// another project, it is attributed to the exporter's own project if that project holds the record about as strongly.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private WindowMatch? MatchPreferringExporter(ReadOnlySpan<TokenHit> hits, out bool complete)
    {
        var match = _matcher.Match(hits, _floorBits, _enoughBits, out complete);
        if (match is not { } m) return null;
        var preferred = PreferExporter(hits, m, out var ownComplete);
        complete &= ownComplete;
        return preferred;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private WindowMatch PreferExporter(ReadOnlySpan<TokenHit> hits, WindowMatch m, out bool complete)
    {
        complete = true;
        if (m.Project == _exporter || _exporter < 0) return m;
        // Only an own-project match about as strong would change the attribution: search with that bar.
        var own = _matcher.Match(hits, Math.Max(_floorBits, Math.Min(m.Bits, _enoughBits) - 3), _enoughBits, out complete, _exporter, maxSeeds: 3);
        // Within a few bits it is the same evidence; a row that also carries the other project's ID is not.
        return own is { } o && o.Bits >= m.Bits - 3 ? o : m;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Note(WindowMatch? match, bool complete, long line, int column)
    {
        if (!complete)
        {
            Records.Incomplete++;
            if (Records.FirstIncompleteLine < 0) Records.FirstIncompleteLine = line;
        }
        // Forensics keeps counts, not a list that grows with the file.
        if (match is { } m && m.Bits >= _floorBits && _attributor is null)
            Records.Matches.Add(new MatchedWindow(line, column, m));
    }

    /// <summary>Counts of ID-shaped tokens and valid-ID hits in a run being read.</summary>
    private sealed class RunCounter(int projects, PartLocation where)
    {
        public long Tokens;
        private readonly long[] _hits = new long[projects];
        private readonly List<uint>[] _ordinals = Enumerable.Range(0, projects).Select(_ => new List<uint>()).ToArray();
        private long _firstLine = -1;
        private long _lastLine;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Hit(int project, uint ordinal)
        {
            _hits[project]++;
            _ordinals[project].Add(ordinal);
        }

        public long MaxHits => _hits.Length == 0 ? 0 : _hits.Max();

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void NoteLine(long line)
        {
            if (_firstLine < 0) _firstLine = line;
            _lastLine = line;
        }

        public string Describe() => where.Lines(_firstLine, _lastLine);

        public IdRun ToRun(string location)
        {
            var run = new IdRun(location, projects) { Tokens = Tokens };
            for (var p = 0; p < projects; p++)
            {
                run.Hits[p] = _hits[p];
                if (_hits[p] > 0) run.Ordinals[p].AddRange(_ordinals[p]);
            }
            return run;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Clear()
        {
            Tokens = 0;
            Array.Clear(_hits);
            foreach (var o in _ordinals) o.Clear();
            _firstLine = -1;
        }
    }
}
