using System.Buffers.Binary;
using System.Text;
using Egress.Formats.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Pictures;

/// <summary>
/// PNG (magic 89 50 4E 47 0D 0A 1A 0A): walks the chunks checking each CRC and their order, scans the
/// text chunks (tEXt, zTXt, iTXt), the EXIF (eXIf) and the colour profile's text, reads private
/// chunks' payloads and bytes after IEND as files of their own, and inflates the image data to check
/// it is exactly what the header implies. Clean only when all of that holds and nothing is hidden.
/// </summary>
public sealed class PngReader : IContentReader
{
    private static ReadOnlySpan<byte> Magic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A compressed text or profile may expand to at most this.</summary>
    private const int MaxInflatedMetadata = 16 << 20;

    public string Format => "png";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.StartsWith(Magic);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var bytes = source.ReadAll(context);
        var picture = new PictureInspection(path, Format);
        var walk = new Walk(bytes, picture, context);
        foreach (var part in walk.Chunks()) yield return part;
        walk.CheckImageData();
        foreach (var part in walk.Leftovers()) yield return part;
        foreach (var part in picture.Close(bytes.Length)) yield return part;
    }

    private sealed class Walk(ReadOnlyMemory<byte> bytes, PictureInspection picture, UnpackContext context)
    {
        private readonly List<ReadOnlyMemory<byte>> _idat = [];
        private PngHeader? _header;
        private int _end;
        private bool _sawIend;
        private bool _idatEnded;
        private bool _sawPalette;
        private bool _animated;
        private ReadOnlyMemory<byte> _afterDeflate;

        public IEnumerable<Part> Chunks()
        {
            var pos = Magic.Length;
            var index = 0;
            while (pos < bytes.Length)
            {
                context.ThrowIfCancelled();
                var span = bytes.Span;
                if (bytes.Length - pos < 12)
                {
                    picture.Damaged($"the file ends inside a chunk header at byte {pos}");
                    pos = bytes.Length;
                    break;
                }
                var length = BinaryPrimitives.ReadUInt32BigEndian(span[pos..]);
                var typeBytes = span.Slice(pos + 4, 4);
                if (!IsChunkType(typeBytes))
                {
                    picture.Damaged($"no valid chunk type at byte {pos}");
                    break;
                }
                var type = Encoding.ASCII.GetString(typeBytes);
                if (length > int.MaxValue || length > bytes.Length - pos - 12)
                {
                    picture.Damaged($"chunk {type} at byte {pos} claims {length:N0} bytes but only {Math.Max(0, bytes.Length - pos - 12):N0} remain");
                    pos = bytes.Length;
                    break;
                }
                var data = bytes.Slice(pos + 8, (int)length);
                var crc = BinaryPrimitives.ReadUInt32BigEndian(span[(pos + 8 + (int)length)..]);
                if (Crc32.Compute(typeBytes, data.Span) != crc) picture.Damaged($"chunk {type} at byte {pos} has a wrong CRC");
                if (index == 0 && type != "IHDR") picture.Damaged("the first chunk is not IHDR");
                foreach (var part in Chunk(type, data, index, pos)) yield return part;
                pos += 12 + (int)length;
                index++;
                if (type == "IEND") break;
            }
            _end = pos;
            if (!_sawIend) picture.Damaged("no IEND chunk: the file ends early");
            if (_idat.Count == 0) picture.Damaged("no image data (IDAT)");
        }

        private IEnumerable<Part> Chunk(string type, ReadOnlyMemory<byte> data, int index, int pos)
        {
            if (type != "IDAT" && _idat.Count > 0) _idatEnded = true;
            switch (type)
            {
                case "IHDR":
                    if (index != 0) picture.Damaged("a second IHDR chunk");
                    else
                    {
                        _header = PngHeader.Parse(data.Span, out var problem);
                        if (problem is not null) picture.Damaged(problem);
                    }
                    yield break;
                case "PLTE":
                    if (_idat.Count > 0) picture.Damaged("the palette comes after the image data");
                    if (data.Length % 3 != 0 || data.Length > 768) picture.Damaged($"a palette of {data.Length} bytes");
                    _sawPalette = true;
                    yield break;
                case "IDAT":
                    if (_idatEnded) picture.Damaged($"image data split by other chunks (IDAT at byte {pos})");
                    _idat.Add(data);
                    yield break;
                case "IEND":
                    _sawIend = true;
                    if (data.Length > 0) yield return picture.Payload("IEND", data, "IEND carries data");
                    yield break;
                case "tEXt":
                    yield return TextChunk(type, data.Span, compressed: false, utf8: false);
                    yield break;
                case "zTXt":
                    yield return TextChunk(type, data.Span, compressed: true, utf8: false);
                    yield break;
                case "iTXt":
                    yield return InternationalText(data);
                    yield break;
                case "eXIf":
                    foreach (var part in Exif(data)) yield return part;
                    yield break;
                case "iCCP":
                    foreach (var part in Profile(data)) yield return part;
                    yield break;
                case "acTL" or "fcTL" or "fdAT":
                    if (!_animated) picture.Beyond("an animated PNG: its frames are not checked");
                    _animated = true;
                    yield break;
            }
            if (KnownSize(type) is { } bound)
            {
                if (data.Length < bound.Min || data.Length > bound.Max)
                    yield return picture.Payload(type, data, $"chunk {type} of {data.Length:N0} bytes (at most {bound.Max} expected)");
                yield break;
            }
            if (char.IsUpper(type[0])) picture.Damaged($"an unknown critical chunk {type}");
            if (data.Length > 0) yield return picture.Payload(type, data, $"a private chunk {type} carrying {data.Length:N0} bytes");
        }

        private Part TextChunk(string type, ReadOnlySpan<byte> data, bool compressed, bool utf8)
        {
            var nul = data.IndexOf((byte)0);
            if (nul is < 1 or > 79) picture.Damaged($"a {type} chunk without a valid keyword");
            var keyword = nul < 0 ? "" : Keyword(data[..nul]);
            var body = data[(nul + 1)..];
            if (compressed)
            {
                if (body.IsEmpty || body[0] != 0) picture.Damaged($"{type}:{keyword} uses an unknown compression method");
                body = Inflated(body.IsEmpty ? body : body[1..], $"{type}:{keyword}");
            }
            var text = utf8 ? Encoding.UTF8.GetString(body) : Encoding.Latin1.GetString(body);
            return picture.Text($"{type}:{keyword}", text);
        }

        private Part InternationalText(ReadOnlyMemory<byte> chunk)
        {
            var data = chunk.Span;
            var nul = data.IndexOf((byte)0);
            if (nul < 1 || data.Length < nul + 3)
            {
                picture.Damaged("an iTXt chunk without a valid keyword");
                return picture.Text("iTXt", Encoding.Latin1.GetString(data));
            }
            var keyword = Keyword(data[..nul]);
            var compressed = data[nul + 1] == 1;
            var rest = data[(nul + 3)..];
            var language = rest.IndexOf((byte)0);
            var translated = language < 0 ? -1 : rest[(language + 1)..].IndexOf((byte)0);
            if (translated < 0)
            {
                picture.Damaged($"iTXt:{keyword} is malformed");
                return picture.Text($"iTXt:{keyword}", Encoding.UTF8.GetString(rest));
            }
            var translatedKeyword = rest.Slice(language + 1, translated);
            var body = rest[(language + 1 + translated + 1)..];
            if (compressed) body = Inflated(body, $"iTXt:{keyword}");
            var text = Encoding.UTF8.GetString(body);
            if (!translatedKeyword.IsEmpty) text = Encoding.UTF8.GetString(translatedKeyword) + ": " + text;
            var isXmp = keyword == "XML:com.adobe.xmp";
            return picture.Text($"iTXt:{keyword}", text, isXmp ? PictureInspection.ShortXmpChars : PictureInspection.ShortTextChars);
        }

        private IEnumerable<Part> Exif(ReadOnlyMemory<byte> data)
        {
            var tags = TiffTags.Read(data, context);
            foreach (var d in tags.Damage) picture.Damaged($"eXIf: {d}");
            foreach (var b in tags.Beyond) picture.Beyond($"eXIf: {b}");
            if (tags.Text.Length > 0) yield return picture.Text("eXIf", tags.Text.ToString(), PictureInspection.ShortExifChars);
            foreach (var (name, text) in tags.Xmp) yield return picture.Text($"eXIf:{name}", text, PictureInspection.ShortXmpChars);
            foreach (var (name, blob, why) in tags.Blobs) yield return picture.Embedded($"eXIf:{name}", blob, why);
        }

        private IEnumerable<Part> Profile(ReadOnlyMemory<byte> data)
        {
            var nul = data.Span.IndexOf((byte)0);
            if (nul is < 1 or > 79 || data.Length < nul + 2 || data.Span[nul + 1] != 0)
            {
                picture.Damaged("a malformed iCCP chunk");
                yield break;
            }
            var profile = Inflated(data.Span[(nul + 2)..], "iCCP");
            var icc = IccProfile.Inspect(profile);
            if (icc.Problem is not null) yield return picture.Payload("iCCP", profile.ToArray(), $"iCCP: {icc.Problem}");
            else if (icc.Text.Length > 0) yield return picture.Text("iCCP", icc.Text);
        }

        /// <summary>Inflates a compressed text or profile, bounded; damage and bytes after its end are recorded.</summary>
        private ReadOnlySpan<byte> Inflated(ReadOnlySpan<byte> compressed, string what)
        {
            var (output, outcome) = ZlibInflation.InflateToArray(compressed.ToArray(), MaxInflatedMetadata, context);
            if (outcome.Error is not null) picture.Damaged($"{what}: {outcome.Error}");
            else if (!outcome.Ended) picture.Damaged($"{what}: the compressed text ends early");
            else if (outcome.TrailingBytes > 0) picture.Beyond($"{what}: {outcome.TrailingBytes:N0} bytes after the compressed text");
            return output;
        }

        /// <summary>Inflates the image data: it must decode, end where the data ends, and fill exactly the rows the header implies.</summary>
        public void CheckImageData()
        {
            if (_header is not { } header || _idat.Count == 0) return;
            if (header.Palette && !_sawPalette) picture.Damaged("a palette image without a palette");
            var expected = header.RawBytes();
            if (expected > context.Limits.MaxExpandedBytes - context.ExpandedBytes)
                throw new InputLimitException($"the image data would expand to {expected:N0} bytes, beyond the decompression budget");
            var rows = new ScanlineCheck(header);
            long produced = 0;
            var outcome = ZlibInflation.Inflate(_idat, context, chunk =>
            {
                var take = (int)Math.Min(chunk.Length, expected - produced);
                if (!rows.Accept(chunk[..take])) return false;
                produced += chunk.Length;
                return produced <= expected;
            });
            if (outcome.Error is not null) picture.Damaged($"the image data: {outcome.Error}");
            else if (!rows.Valid) picture.Damaged("the image data has an invalid row filter");
            else if (outcome.StoppedEarly) picture.Beyond("the image data decodes to more bytes than the picture has pixels");
            else if (!outcome.Ended) picture.Damaged("the image data ends early");
            else if (produced < expected) picture.Damaged($"the image data decodes to {produced:N0} bytes where the header implies {expected:N0}");
            else if (outcome.TrailingBytes > 0)
            {
                var total = 0L;
                foreach (var s in _idat) total += s.Length;
                _afterDeflate = Concat(_idat, total - outcome.TrailingBytes);
            }
        }

        public IEnumerable<Part> Leftovers()
        {
            if (!_afterDeflate.IsEmpty)
                yield return picture.Payload("IDAT-trailing", _afterDeflate, $"{_afterDeflate.Length:N0} bytes after the end of the compressed image data");
            if (_end < bytes.Length && !PictureInspection.IsPadding(bytes.Span[_end..]))
                yield return picture.Payload("after-IEND", bytes[_end..], $"{bytes.Length - _end:N0} bytes after the end of the picture");
        }

        private static ReadOnlyMemory<byte> Concat(List<ReadOnlyMemory<byte>> segments, long from)
        {
            var result = new List<byte>();
            long at = 0;
            foreach (var s in segments)
            {
                var skip = (int)Math.Clamp(from - at, 0, s.Length);
                result.AddRange(s.Span[skip..]);
                at += s.Length;
            }
            return result.ToArray();
        }

        private static (int Min, int Max)? KnownSize(string type) => type switch
        {
            "gAMA" => (4, 4),
            "cHRM" => (32, 32),
            "sRGB" => (1, 1),
            "pHYs" => (9, 9),
            "tIME" => (7, 7),
            "sBIT" => (1, 4),
            "bKGD" => (1, 6),
            "tRNS" => (0, 256),
            "hIST" => (0, 512),
            "cICP" => (4, 4),
            "cLLI" or "cLLi" => (8, 8),
            "mDCV" or "mDCv" => (24, 24),
            "oFFs" => (9, 9),
            "sTER" => (1, 1),
            "sCAL" => (4, 64),
            "vpAg" => (9, 9),
            "iDOT" => (0, 64),
            "orNT" => (1, 1),
            "gIFg" => (4, 4),
            _ => null,
        };

        private static bool IsChunkType(ReadOnlySpan<byte> type)
        {
            foreach (var b in type)
                if (!char.IsAsciiLetter((char)b)) return false;
            return true;
        }

        private static string Keyword(ReadOnlySpan<byte> raw)
        {
            var keyword = Encoding.Latin1.GetString(raw);
            var clean = new StringBuilder(keyword.Length);
            foreach (var c in keyword) clean.Append(c is '#' or '/' || char.IsControl(c) ? '_' : c);
            return clean.ToString();
        }
    }
}

/// <summary>IHDR: size, bit depth, colour type and interlacing, and the raw byte count they imply.</summary>
internal readonly record struct PngHeader(uint Width, uint Height, byte BitDepth, byte ColorType, bool Interlaced)
{
    public bool Palette => ColorType == 3;

    private int Channels => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };

    public static PngHeader? Parse(ReadOnlySpan<byte> data, out string? problem)
    {
        problem = null;
        if (data.Length != 13)
        {
            problem = $"IHDR of {data.Length} bytes";
            return null;
        }
        var header = new PngHeader(BinaryPrimitives.ReadUInt32BigEndian(data), BinaryPrimitives.ReadUInt32BigEndian(data[4..]), data[8], data[9], data[12] == 1);
        var depthOk = header.ColorType switch
        {
            0 => header.BitDepth is 1 or 2 or 4 or 8 or 16,
            3 => header.BitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => header.BitDepth is 8 or 16,
            _ => false,
        };
        if (header.Width == 0 || header.Height == 0 || header.Width > int.MaxValue || header.Height > int.MaxValue) problem = "IHDR gives an invalid size";
        else if (!depthOk) problem = $"IHDR gives colour type {header.ColorType} with bit depth {header.BitDepth}";
        else if (data[10] != 0 || data[11] != 0 || data[12] > 1) problem = "IHDR gives an unknown compression, filter or interlace method";
        return problem is null ? header : null;
    }

    /// <summary>Bytes of one scanline of <paramref name="width"/> pixels, its filter byte included.</summary>
    public long RowBytes(long width) => 1 + (width * Channels * BitDepth + 7) / 8;

    /// <summary>The rows of the image data in order: one pass, or Adam7's seven.</summary>
    public IEnumerable<(long RowBytes, long Rows)> Passes()
    {
        if (!Interlaced)
        {
            yield return (RowBytes(Width), Height);
            yield break;
        }
        ReadOnlySpan<int> x0 = [0, 4, 0, 2, 0, 1, 0], y0 = [0, 0, 4, 0, 2, 0, 1], dx = [8, 8, 4, 4, 2, 2, 1], dy = [8, 8, 8, 4, 4, 2, 2];
        var passes = new List<(long, long)>();
        for (var p = 0; p < 7; p++)
        {
            var w = Width > x0[p] ? (Width - x0[p] + dx[p] - 1) / dx[p] : 0;
            var h = Height > y0[p] ? (Height - y0[p] + dy[p] - 1) / dy[p] : 0;
            if (w > 0 && h > 0) passes.Add((RowBytes(w), h));
        }
        foreach (var pass in passes) yield return pass;
    }

    /// <summary>The decoded size the header implies (long.MaxValue when it overflows: a header no budget can meet).</summary>
    public long RawBytes()
    {
        try
        {
            long total = 0;
            foreach (var (rowBytes, rows) in Passes()) total = checked(total + checked(rowBytes * rows));
            return total;
        }
        catch (OverflowException)
        {
            return long.MaxValue;
        }
    }
}

/// <summary>Follows the decoded image data row by row: each row starts with a filter type 0–4.</summary>
internal sealed class ScanlineCheck(PngHeader header)
{
    private readonly IEnumerator<(long RowBytes, long Rows)> _passes = header.Passes().GetEnumerator();
    private long _rowBytes;
    private long _rowsLeft;
    private long _inRow;

    public bool Valid { get; private set; } = true;

    public bool Accept(ReadOnlySpan<byte> data)
    {
        var i = 0L;
        while (i < data.Length)
        {
            if (_inRow == 0)
            {
                while (_rowsLeft == 0)
                {
                    if (!_passes.MoveNext()) return true;
                    (_rowBytes, _rowsLeft) = _passes.Current;
                }
                if (data[(int)i] > 4) return Valid = false;
            }
            var step = Math.Min(_rowBytes - _inRow, data.Length - i);
            i += step;
            _inRow += step;
            if (_inRow == _rowBytes)
            {
                _inRow = 0;
                _rowsLeft--;
            }
        }
        return true;
    }
}
