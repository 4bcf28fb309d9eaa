using Egress.Formats.Content;

namespace Egress.Formats.Pdf;

/// <summary>
/// A PDF's objects, found by scanning for "n g obj … endobj" from the header to the end rather than
/// trusting the cross-reference table (which damage or tampering makes wrong). Later definitions of
/// an object replace earlier ones, as incremental updates do. Object streams are opened and their
/// objects added. Bytes between objects that are not cross-reference tables, trailers or comments
/// are kept as unexplained ranges.
/// </summary>
public sealed class PdfFile
{
    /// <summary>More objects than this in one PDF is a limit, not a document.</summary>
    public const int MaxObjects = 1_000_000;
    private const int MaxReferenceChain = 32;

    private readonly Dictionary<int, PdfObject> _objects = [];
    private readonly UnpackContext _context;

    private PdfFile(ReadOnlyMemory<byte> data, int headerAt, UnpackContext context)
    {
        Data = data;
        HeaderAt = headerAt;
        _context = context;
    }

    public ReadOnlyMemory<byte> Data { get; }
    public int HeaderAt { get; }
    public IReadOnlyDictionary<int, PdfObject> Objects => _objects;
    public List<PdfDictionary> Trailers { get; } = [];
    /// <summary>Ranges of the file (start, length) that no object, table, trailer or comment explains.</summary>
    public List<(int Start, int Length)> Unexplained { get; } = [];
    /// <summary>Where the last %%EOF marker ends (bytes after it are appended to the document).</summary>
    public int EndOfDocument { get; private set; }
    public List<string> Damage { get; } = [];
    /// <summary>Object numbers defined inside object streams (not at the top level).</summary>
    public HashSet<int> InObjectStreams { get; } = [];

    /// <summary>Where "%PDF-" starts within the first kilobyte, or -1.</summary>
    public static int FindHeader(ReadOnlySpan<byte> head) => head[..Math.Min(head.Length, 1024)].IndexOf("%PDF-"u8);

    public static PdfFile Scan(ReadOnlyMemory<byte> data, UnpackContext context)
    {
        var file = new PdfFile(data, Math.Max(0, FindHeader(data.Span)), context);
        file.ScanTopLevel();
        file.ResolveIndirectLengths();
        return file;
    }

    public PdfObject? Get(int number) => _objects.GetValueOrDefault(number);

    /// <summary>Follows references to the object they name (null when missing or a chain loops).</summary>
    public PdfObject? Resolve(PdfObject? value)
    {
        for (var i = 0; i < MaxReferenceChain && value is PdfReference r; i++) value = Get(r.Number);
        return value is PdfReference ? null : value;
    }

    public PdfDictionary? ResolveDictionary(PdfObject? value) => Resolve(value) switch
    {
        PdfDictionary d => d,
        PdfStream s => s.Dictionary,
        _ => null,
    };

    public double? ResolveNumber(PdfObject? value) => (Resolve(value) as PdfNumber)?.Value;

    private void ScanTopLevel()
    {
        var span = Data.Span;
        var syntax = new PdfSyntax(Data, _context.Limits.MaxNesting);
        // The header line and the binary-marker comment that follows it.
        var pos = HeaderAt;
        var gapStart = pos;
        var lengths = new List<(PdfStream Stream, PdfReference Length, int DataStart, int EndStream)>();
        while (pos < span.Length)
        {
            _context.ThrowIfCancelled();
            var at = FindObjectHeader(span, pos, out var number, out var generation, out var bodyStart);
            if (at < 0) break;
            ExplainGap(gapStart, at);
            if (_objects.Count >= MaxObjects) throw new InputLimitException($"more than {MaxObjects:N0} objects in a PDF");
            syntax.Position = bodyStart;
            PdfObject value;
            try
            {
                value = syntax.ReadObject() ?? PdfKeyword.Null;
            }
            catch (InvalidDataException e)
            {
                Damage.Add($"object {number} at byte {at}: {e.Message}");
                pos = gapStart = SkipPastEndObj(span, bodyStart);
                continue;
            }
            if (value is PdfKeyword { Value: "endobj" }) value = PdfKeyword.Null;
            var afterValue = syntax.Position;
            syntax.SkipWhitespaceAndComments();
            if (value is PdfDictionary dictionary && span[syntax.Position..].StartsWith("stream"u8))
            {
                var dataStart = syntax.Position + 6;
                if (dataStart < span.Length && span[dataStart] == 13) dataStart++;
                if (dataStart < span.Length && span[dataStart] == 10) dataStart++;
                var endStream = span[dataStart..].IndexOf("endstream"u8);
                endStream = endStream < 0 ? span.Length : dataStart + endStream;
                var length = DirectLength(dictionary, span, dataStart, endStream);
                var stream = new PdfStream(dictionary, Data[dataStart..(dataStart + length)]);
                if (dictionary["Length"] is PdfReference lengthRef) lengths.Add((stream, lengthRef, dataStart, endStream));
                value = stream;
                afterValue = endStream < span.Length ? endStream + "endstream"u8.Length : span.Length;
                if (endStream == span.Length) Damage.Add($"the stream of object {number} has no end");
            }
            else syntax.Position = afterValue;
            syntax.Position = afterValue;
            syntax.SkipWhitespaceAndComments();
            if (span[syntax.Position..].StartsWith("endobj"u8)) syntax.Position += 6;
            else Damage.Add($"object {number} at byte {at} has no endobj");
            _objects[number] = value;
            InObjectStreams.Remove(number);
            _ = generation;
            pos = gapStart = Math.Max(syntax.Position, bodyStart);
        }
        ExplainGap(gapStart, span.Length);
        if (EndOfDocument == 0) Damage.Add("no %%EOF marker: the file ends early");
        _pendingLengths = lengths;
    }

    private static readonly System.Buffers.SearchValues<byte> StreamPadding = System.Buffers.SearchValues.Create(" \r\n\t\0"u8);

    private List<(PdfStream Stream, PdfReference Length, int DataStart, int EndStream)> _pendingLengths = [];

    /// <summary>"/Length 12 0 R": known only once every object is read. Use it when it fits before "endstream".</summary>
    private void ResolveIndirectLengths()
    {
        var span = Data.Span;
        foreach (var (stream, reference, dataStart, endStream) in _pendingLengths)
        {
            if (ResolveNumber(reference) is not { } declared || declared < 0 || dataStart + declared > endStream) continue;
            var end = dataStart + (int)declared;
            if (span[end..endStream].IndexOfAnyExcept(StreamPadding) < 0)
                stream.Raw = Data[dataStart..end];
        }
        _pendingLengths = [];
    }

    /// <summary>The stream's length: a direct /Length when it ends just before "endstream", else up to "endstream" less its end of line.</summary>
    private static int DirectLength(PdfDictionary dictionary, ReadOnlySpan<byte> span, int dataStart, int endStream)
    {
        if (dictionary["Length"] is PdfNumber { Value: >= 0 } n && dataStart + n.Value <= endStream)
        {
            var end = dataStart + (int)n.Value;
            if (span[end..endStream].IndexOfAnyExcept(StreamPadding) < 0) return end - dataStart;
        }
        var stop = endStream;
        if (stop > dataStart && span[stop - 1] == 10) stop--;
        if (stop > dataStart && span[stop - 1] == 13) stop--;
        return stop - dataStart;
    }

    /// <summary>The next "n g obj" at or after <paramref name="from"/>: its start, or -1.</summary>
    private static int FindObjectHeader(ReadOnlySpan<byte> span, int from, out int number, out int generation, out int bodyStart)
    {
        number = generation = bodyStart = 0;
        var search = from;
        while (search < span.Length)
        {
            var hit = span[search..].IndexOf("obj"u8);
            if (hit < 0) return -1;
            var obj = search + hit;
            search = obj + 3;
            if (obj + 3 < span.Length && !PdfSyntax.IsWhitespace(span[obj + 3]) && !PdfSyntax.IsDelimiter(span[obj + 3])) continue;
            var p = obj - 1;
            if (p < from || !PdfSyntax.IsWhitespace(span[p])) continue;
            while (p >= from && PdfSyntax.IsWhitespace(span[p])) p--;
            var genEnd = p + 1;
            while (p >= from && span[p] is >= (byte)'0' and <= (byte)'9') p--;
            if (p + 1 == genEnd || p < from || !PdfSyntax.IsWhitespace(span[p])) continue;
            var genStart = p + 1;
            while (p >= from && PdfSyntax.IsWhitespace(span[p])) p--;
            var numEnd = p + 1;
            while (p >= from && span[p] is >= (byte)'0' and <= (byte)'9') p--;
            if (p + 1 == numEnd || numEnd - (p + 1) > 9 || genEnd - genStart > 5) continue;
            if (p >= from && !PdfSyntax.IsWhitespace(span[p]) && !PdfSyntax.IsDelimiter(span[p]) && span[p] != '>') continue;
            number = int.Parse(span[(p + 1)..numEnd]);
            generation = int.Parse(span[genStart..genEnd]);
            bodyStart = obj + 3;
            return p + 1;
        }
        return -1;
    }

    private static int SkipPastEndObj(ReadOnlySpan<byte> span, int from)
    {
        var end = span[from..].IndexOf("endobj"u8);
        return end < 0 ? span.Length : from + end + 6;
    }

    /// <summary>
    /// Between objects only cross-reference tables, trailers, startxref and comments belong. Anything
    /// else is unexplained; the last %%EOF marks where the document ends.
    /// </summary>
    private void ExplainGap(int start, int end)
    {
        if (end <= start) return;
        var span = Data.Span;
        var syntax = new PdfSyntax(Data[..end], _context.Limits.MaxNesting) { Position = start };
        var eof = span[start..end].LastIndexOf("%%EOF"u8);
        if (eof >= 0) EndOfDocument = Math.Max(EndOfDocument, start + eof + 5);
        var unexplainedFrom = -1;
        // xref: "n m" subsection headers and "offset gen f|n" lines until "trailer"; then one dictionary; "startxref" then one number.
        var inTable = false;
        var expectTrailer = false;
        var expectOffset = false;
        while (true)
        {
            syntax.SkipWhitespaceAndComments();
            if (syntax.AtEnd) break;
            var tokenStart = syntax.Position;
            PdfObject? token;
            try
            {
                token = syntax.ReadObject();
            }
            catch (InvalidDataException)
            {
                token = null;
                syntax.Position = end;
            }
            bool explained;
            switch (token)
            {
                case PdfKeyword { Value: "xref" }:
                    explained = inTable = true;
                    break;
                case PdfKeyword { Value: "trailer" }:
                    inTable = false;
                    explained = expectTrailer = true;
                    break;
                case PdfKeyword { Value: "startxref" }:
                    inTable = false;
                    explained = expectOffset = true;
                    break;
                case PdfNumber or PdfKeyword { Value: "f" or "n" } when inTable:
                    explained = true;
                    break;
                case PdfNumber when expectOffset:
                    expectOffset = false;
                    explained = true;
                    break;
                case PdfDictionary d when expectTrailer:
                    expectTrailer = false;
                    Trailers.Add(d);
                    explained = true;
                    break;
                default:
                    explained = false;
                    break;
            }
            if (!explained && unexplainedFrom < 0) unexplainedFrom = tokenStart;
            if (explained && unexplainedFrom >= 0)
            {
                Unexplained.Add((unexplainedFrom, tokenStart - unexplainedFrom));
                unexplainedFrom = -1;
            }
            if (token is null) break;
        }
        if (unexplainedFrom >= 0) Unexplained.Add((unexplainedFrom, end - unexplainedFrom));
    }

    /// <summary>Adds the objects of an object stream (its decoded bytes); objects defined at the top level win.</summary>
    public void AddObjectStream(int streamNumber, PdfDictionary dictionary, ReadOnlyMemory<byte> decoded)
    {
        var count = ResolveNumber(dictionary["N"]) ?? 0;
        var first = ResolveNumber(dictionary["First"]) ?? 0;
        if (count < 0 || first < 0 || first > decoded.Length)
        {
            Damage.Add($"object stream {streamNumber} has an invalid header");
            return;
        }
        var syntax = new PdfSyntax(decoded, _context.Limits.MaxNesting);
        var entries = new List<(int Number, int Offset)>();
        for (var i = 0; i < count && syntax.Position < first; i++)
        {
            if (syntax.ReadObject() is not PdfNumber number || syntax.ReadObject() is not PdfNumber offset) break;
            entries.Add((number.Int, offset.Int));
        }
        foreach (var (number, offset) in entries)
        {
            _context.ThrowIfCancelled();
            if (_objects.Count >= MaxObjects) throw new InputLimitException($"more than {MaxObjects:N0} objects in a PDF");
            if (_objects.ContainsKey(number) && !InObjectStreams.Contains(number)) continue;
            if (offset < 0 || first + offset >= decoded.Length) continue;
            syntax.Position = (int)first + offset;
            try
            {
                if (syntax.ReadObject() is { } value)
                {
                    _objects[number] = value;
                    InObjectStreams.Add(number);
                }
            }
            catch (InvalidDataException e)
            {
                Damage.Add($"object {number} in object stream {streamNumber}: {e.Message}");
            }
        }
    }
}
