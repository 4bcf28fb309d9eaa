using System.Collections.Concurrent;
using Egress.Formats;

namespace Egress.Index;

/// <summary>What one block of an extract contributes to the index.</summary>
internal sealed class ExtractBlockResult
{
    public readonly GrowableArray<ulong> PairHashes = new(1 << 16);
    public readonly GrowableArray<uint> PairRows = new(1 << 16);
    public readonly GrowableArray<ulong> IdHashes = new(1 << 12);
    public readonly Dictionary<ulong, int> QiCounts = new();
    public readonly Dictionary<int, int> IdDigitCounts = new();
    /// <summary>Per column (eid at 0, unused): sums for the field statistics.</summary>
    public FieldAccumulator[] Fields = [];
}

/// <summary>
/// Reads one project's extract (CSV/TSV, gzip or not; header row; first column the participant ID)
/// and turns every row into keyed hashes: the ID, every value in canonical form, every decimal value
/// also at one and two fewer decimals (so a rounded export still matches), and the row's
/// quasi-identifier combinations. Blocks are processed in parallel.
/// </summary>
internal sealed class ExtractReader(SipHash hasher, string project)
{
    public IReadOnlyList<string> Columns { get; private set; } = [];

    public List<ExtractBlockResult> Read(string path, Action<long, long>? progress)
    {
        var fileBytes = new FileInfo(path).Length;
        using var stream = InputOpener.Open(path, long.MaxValue, out var compressed);
        var reader = new BlockReader(stream, quoteAware: true);
        var first = reader.Next() ?? throw new InvalidDataException($"{path} is empty");
        var layout = LayoutSniffer.Sniff(first.Span, isWholeFile: first.Length < (4 << 20));
        if (layout.Kind != LayoutKind.Delimited)
            throw new InvalidDataException($"{path}: not a delimited table ({layout.Describe()})");
        var headerLength = ParseHeader(first.Span, layout, path);
        var qiPositions = Columns.Select(QuasiIdentifierKeys.FieldPosition).ToArray();

        var results = new ConcurrentDictionary<int, ExtractBlockResult>();
        long consumed = 0;
        Parallel.ForEach(Blocks(first, reader), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, block =>
        {
            using (block)
            {
                var span = block.Index == 0 ? block.Span[headerLength..] : block.Span;
                results[block.Index] = ReadBlock(span, layout, qiPositions);
                var done = Interlocked.Add(ref consumed, block.Length);
                progress?.Invoke(compressed ? Math.Min(done / 4, fileBytes) : done, fileBytes);
            }
        });
        return [.. results.OrderBy(kv => kv.Key).Select(kv => kv.Value)];
    }

    /// <summary>The extract's numeric and date columns' aggregates, merged over the blocks read.</summary>
    public IReadOnlyList<FieldStat> FieldStatistics(IEnumerable<ExtractBlockResult> blocks)
    {
        var merged = Enumerable.Range(0, Columns.Count).Select(_ => new FieldAccumulator()).ToArray();
        foreach (var block in blocks)
            for (var c = 1; c < Math.Min(merged.Length, block.Fields.Length); c++) merged[c].Merge(block.Fields[c]);
        return [.. Enumerable.Range(1, Math.Max(0, merged.Length - 1)).Select(c => merged[c].Finish(Columns[c])).OfType<FieldStat>()];
    }

    private static IEnumerable<TextBlock> Blocks(TextBlock first, BlockReader reader)
    {
        yield return first;
        while (reader.Next() is { } block) yield return block;
    }

    private int ParseHeader(ReadOnlySpan<byte> block, TextLayout layout, string path)
    {
        var columns = HeaderRow.Read(block, layout, out var length);
        var n = columns.Count;
        if (n < 2 || !columns[0].Equals("eid", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path}: the first column must be 'eid' (found '{(n > 0 ? columns[0] : "")}')");
        Columns = columns;
        return length;
    }

    private ExtractBlockResult ReadBlock(ReadOnlySpan<byte> span, TextLayout layout, int[] qiPositions)
    {
        var result = new ExtractBlockResult { Fields = [.. Enumerable.Range(0, Columns.Count).Select(_ => new FieldAccumulator())] };
        var cursor = new RowCursor(span, layout);
        Span<Range> cells = stackalloc Range[Columns.Count + 1];
        Span<byte> canonical = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        Span<byte> alternate = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        Span<byte> rounded = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        Span<ulong> rowHashes = stackalloc ulong[Columns.Count * 4 + 4];
        var qi = new QiRowCollector(hasher, project, QuasiIdentifierKeys.Fields.Count);
        uint row = 0;
        while (cursor.Next(cells, out var n))
        {
            if (n == 0 || n == 1 && span[cells[0]].IsEmpty) continue;
            var id = ValueCanonicalizer.Canonicalize(span[cells[0]], canonical);
            if (id.Kind != ValueKind.Number || !id.IsPlainInteger) continue; // not a participant row
            result.IdHashes.Add(IndexLayout.SlotKey(hasher.Hash(canonical[..id.Length])));
            result.IdDigitCounts[id.Length] = result.IdDigitCounts.GetValueOrDefault(id.Length) + 1;
            qi.Clear();
            var count = 0;
            for (var c = 1; c < n; c++)
            {
                var value = ValueCanonicalizer.Canonicalize(span[cells[c]], canonical, alternate, out var alt);
                if (value.Kind == ValueKind.None) continue;
                var bytes = canonical[..value.Length];
                var hash = IndexLayout.SlotKey(hasher.Hash(bytes));
                rowHashes[count++] = hash;
                if (c < result.Fields.Length)
                {
                    if (value.Kind is ValueKind.Number or ValueKind.Date) result.Fields[c].Add(bytes, value.Kind == ValueKind.Date, value.Decimals, hash);
                    else result.Fields[c].Others++;
                }
                // An extract writes its dates one way: the month-first reading of an ambiguous one is a guess for scanning only.
                if (alt.Kind is not (ValueKind.None or ValueKind.Date)) rowHashes[count++] = IndexLayout.SlotKey(hasher.Hash(alternate[..alt.Length]));
                if (value.Kind == ValueKind.Number && value.Decimals >= 2)
                    for (var d = value.Decimals - 1; d >= Math.Max(1, value.Decimals - 2); d--)
                        rowHashes[count++] = IndexLayout.SlotKey(hasher.Hash(rounded[..DecimalRounding.Round(bytes, d, rounded)]));
                if (qiPositions[c] >= 0) qi.Set(qiPositions[c], bytes);
                if (count > rowHashes.Length - 4) break;
            }
            qi.CountCombinations(result.QiCounts);
            // A participant holds a value once however many of their fields show it.
            var distinct = rowHashes[..count];
            distinct.Sort();
            ulong previous = 0;
            foreach (var h in distinct)
            {
                if (h == previous) continue;
                previous = h;
                result.PairHashes.Add(h);
                result.PairRows.Add(row);
            }
            row++;
        }
        return result;
    }
}
