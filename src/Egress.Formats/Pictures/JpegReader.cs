using System.Buffers.Binary;
using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Pictures;

/// <summary>
/// JPEG (FF D8 FF): walks the segments to EOI, stepping over entropy-coded data (stuffed FF00 and
/// restart markers). Comments, EXIF (as TIFF tags), XMP, IPTC and colour profiles' text are scanned;
/// other application segments' payloads and bytes after EOI are read as files of their own. Clean
/// only when the structure holds and nothing is hidden.
/// </summary>
public sealed class JpegReader : IContentReader
{
    /// <summary>Small unknown settings blocks (Photoshop's, Ducky's) together may take this much; more is a payload.</summary>
    private const int SmallUnknownBudget = 1024;

    public string Format => "jpeg";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var bytes = source.ReadAll(context);
        var picture = new PictureInspection(path, Format);
        var walk = new Walk(bytes, picture, context);
        foreach (var part in walk.Segments()) yield return part;
        foreach (var part in picture.Close(bytes.Length)) yield return part;
    }

    private sealed class Walk(ReadOnlyMemory<byte> bytes, PictureInspection picture, UnpackContext context)
    {
        private readonly SortedDictionary<int, ReadOnlyMemory<byte>> _iccChunks = [];
        private int _iccCount;
        private int _smallUnknown;
        private bool _sawFrame;
        private bool _sawScan;

        public IEnumerable<Part> Segments()
        {
            var pos = 2;
            var ended = false;
            while (pos < bytes.Length)
            {
                context.ThrowIfCancelled();
                if (bytes.Span[pos] != 0xFF)
                {
                    picture.Damaged($"no marker where one was expected (byte {pos})");
                    break;
                }
                while (pos + 1 < bytes.Length && bytes.Span[pos + 1] == 0xFF) pos++;
                if (pos + 1 >= bytes.Length) break;
                var marker = bytes.Span[pos + 1];
                pos += 2;
                if (marker == 0xD9)
                {
                    ended = true;
                    break;
                }
                if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue;
                if (marker == 0xD8)
                {
                    picture.Damaged($"a second start-of-image marker at byte {pos - 2}");
                    break;
                }
                if (bytes.Length - pos < 2)
                {
                    pos = bytes.Length;
                    break;
                }
                var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.Span[pos..]);
                if (length < 2 || length > bytes.Length - pos)
                {
                    picture.Damaged($"segment FF{marker:X2} at byte {pos - 2} claims {length:N0} bytes but only {bytes.Length - pos:N0} remain");
                    pos = bytes.Length;
                    break;
                }
                var payload = bytes.Slice(pos + 2, length - 2);
                foreach (var part in Segment(marker, payload)) yield return part;
                pos += length;
                if (marker == 0xDA) pos = SkipEntropyCoded(bytes.Span, pos);
            }
            if (!ended) picture.Damaged("the file ends before its end-of-image marker");
            if (!_sawFrame) picture.Damaged("no frame header (SOF)");
            if (!_sawScan) picture.Damaged("no image data (SOS)");
            foreach (var part in Profile()) yield return part;
            if (ended && pos < bytes.Length && !PictureInspection.IsPadding(bytes.Span[pos..]))
                yield return picture.Payload("after-EOI", bytes[pos..], $"{bytes.Length - pos:N0} bytes after the end of the picture");
        }

        /// <summary>The position of the marker that ends a scan: FF followed by anything but 00 (stuffing), RSTn or FF (fill).</summary>
        private static int SkipEntropyCoded(ReadOnlySpan<byte> b, int pos)
        {
            while (pos < b.Length)
            {
                var i = b[pos..].IndexOf((byte)0xFF);
                if (i < 0) return b.Length;
                pos += i;
                if (pos + 1 >= b.Length) return b.Length;
                var next = b[pos + 1];
                if (next == 0x00 || next is >= 0xD0 and <= 0xD7) pos += 2;
                else if (next == 0xFF) pos += 1;
                else return pos;
            }
            return pos;
        }

        private IEnumerable<Part> Segment(byte marker, ReadOnlyMemory<byte> payload)
        {
            var data = payload.Span;
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2 or 0xC3 or 0xC5 or 0xC6 or 0xC7 or 0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF or 0xDE:
                    if (_sawFrame && marker != 0xDE && !_hierarchical) picture.Damaged("a second frame header");
                    _sawFrame = true;
                    if (data.Length < 6 || data.Length != 6 + 3 * data[5]) picture.Damaged($"a frame header (FF{marker:X2}) of {data.Length} bytes");
                    if (marker == 0xDE) _hierarchical = true;
                    yield break;
                case 0xDA:
                    _sawScan = true;
                    if (data.Length < 1 || data.Length != 4 + 2 * data[0]) picture.Damaged($"a scan header of {data.Length} bytes");
                    yield break;
                case 0xDB:
                    if (!QuantisationTables(data)) picture.Damaged("a malformed quantisation table segment");
                    yield break;
                case 0xC4:
                    if (!HuffmanTables(data)) picture.Damaged("a malformed Huffman table segment");
                    yield break;
                case 0xDD or 0xDC:
                    if (data.Length != 2) picture.Damaged($"segment FF{marker:X2} of {data.Length} bytes");
                    yield break;
                case 0xCC:
                    if (data.Length % 2 != 0) picture.Damaged("a malformed arithmetic-coding segment");
                    yield break;
                case 0xDF:
                    if (data.Length != 1) picture.Damaged("a malformed expand segment");
                    yield break;
                case 0xFE:
                    yield return picture.Text("COM", Decode(data));
                    yield break;
                case >= 0xE0 and <= 0xEF:
                    foreach (var part in Application(marker - 0xE0, payload)) yield return part;
                    yield break;
                default:
                    yield return picture.Payload($"FF{marker:X2}", payload, $"an unknown segment FF{marker:X2} carrying {data.Length:N0} bytes");
                    yield break;
            }
        }

        private bool _hierarchical;

        private IEnumerable<Part> Application(int n, ReadOnlyMemory<byte> payload)
        {
            var data = payload.Span;
            if (n == 0 && data.StartsWith("JFIF\0"u8))
            {
                if (data.Length < 14 || data.Length != 14 + 3 * data[12] * data[13])
                    yield return picture.Payload("APP0:JFIF", payload, $"a JFIF header of {data.Length} bytes");
                yield break;
            }
            if (n == 0 && data.StartsWith("JFXX\0"u8) && data.Length > 6)
            {
                if (data[5] == 0x10) yield return picture.Embedded("APP0:thumbnail", payload[6..], null);
                else if (data[5] is 0x11 or 0x13 && data.Length >= 8 && data.Length == 8 + (data[5] == 0x11 ? 768 + data[6] * data[7] : 3 * data[6] * data[7])) { }
                else yield return picture.Payload("APP0:JFXX", payload, "a malformed JFIF extension");
                yield break;
            }
            if (n == 1 && data.Length >= 6 && data.StartsWith("Exif\0"u8))
            {
                foreach (var part in Exif("APP1:Exif", payload[6..])) yield return part;
                yield break;
            }
            if (n == 1 && data.StartsWith("http://ns.adobe.com/xap/1.0/\0"u8))
            {
                yield return picture.Text("APP1:XMP", Encoding.UTF8.GetString(data["http://ns.adobe.com/xap/1.0/\0"u8.Length..]).TrimEnd('\0'),
                    PictureInspection.ShortXmpChars);
                yield break;
            }
            if (n == 1 && data.StartsWith("http://ns.adobe.com/xmp/extension/\0"u8))
            {
                var header = "http://ns.adobe.com/xmp/extension/\0"u8.Length + 40;
                yield return picture.Text("APP1:XMP-extension", Encoding.UTF8.GetString(data[Math.Min(header, data.Length)..]), PictureInspection.ShortXmpChars);
                yield break;
            }
            if (n == 2 && data.StartsWith("ICC_PROFILE\0"u8) && data.Length >= 14)
            {
                _iccCount = data[13];
                if (!_iccChunks.TryAdd(data[12], payload[14..])) picture.Damaged("a colour profile chunk repeated");
                yield break;
            }
            if (n == 2 && data.StartsWith("MPF\0"u8))
            {
                foreach (var part in Exif("APP2:MPF", payload[4..])) yield return part;
                yield break;
            }
            if (n == 13 && data.StartsWith("Photoshop 3.0\0"u8))
            {
                foreach (var part in Photoshop(payload["Photoshop 3.0\0"u8.Length..])) yield return part;
                yield break;
            }
            if (n == 14 && data.StartsWith("Adobe"u8) && data.Length <= 16) yield break;
            if (n == 12 && data.StartsWith("Ducky"u8) && SmallUnknown(data.Length)) yield break;
            yield return picture.Payload($"APP{n}", payload, $"an application segment APP{n} carrying {data.Length:N0} bytes");
        }

        private IEnumerable<Part> Exif(string fragment, ReadOnlyMemory<byte> tiff)
        {
            var tags = TiffTags.Read(tiff, context);
            foreach (var d in tags.Damage) picture.Damaged($"{fragment}: {d}");
            foreach (var b in tags.Beyond) picture.Beyond($"{fragment}: {b}");
            if (tags.Text.Length > 0) yield return picture.Text(fragment, tags.Text.ToString(), PictureInspection.ShortExifChars);
            foreach (var (name, text) in tags.Xmp) yield return picture.Text($"{fragment}:{name}", text, PictureInspection.ShortXmpChars);
            foreach (var (name, blob, why) in tags.Blobs) yield return picture.Embedded($"{fragment}:{name}", blob, why);
        }

        /// <summary>Photoshop's image resource blocks: IPTC text, EXIF, XMP, profile and thumbnail are read; small settings pass.</summary>
        private IEnumerable<Part> Photoshop(ReadOnlyMemory<byte> resources)
        {
            var at = 0;
            while (at < resources.Length)
            {
                var span = resources.Span;
                if (resources.Length - at < 12 || !span[at..].StartsWith("8BIM"u8))
                {
                    yield return picture.Payload("APP13", resources[at..], "bytes in the Photoshop segment that are not resource blocks");
                    yield break;
                }
                var id = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 4)..]);
                var nameLength = span[at + 6];
                var sizeAt = at + 6 + ((1 + nameLength + 1) & ~1);
                if (sizeAt + 4 > resources.Length)
                {
                    picture.Damaged("a Photoshop resource block runs past its segment");
                    yield break;
                }
                var size = BinaryPrimitives.ReadUInt32BigEndian(span[sizeAt..]);
                if (size > resources.Length - sizeAt - 4)
                {
                    picture.Damaged("a Photoshop resource block runs past its segment");
                    yield break;
                }
                var data = resources.Slice(sizeAt + 4, (int)size);
                at = sizeAt + 4 + (int)((size + 1) & ~1u);
                switch (id)
                {
                    case 0x0404:
                        var iptc = Iptc(data.Span);
                        if (iptc.Length > 0) yield return picture.Text("APP13:IPTC", iptc);
                        break;
                    case 0x0422 or 0x0423:
                        foreach (var part in Exif("APP13:Exif", data)) yield return part;
                        break;
                    case 0x0424:
                        yield return picture.Text("APP13:XMP", Encoding.UTF8.GetString(data.Span), PictureInspection.ShortXmpChars);
                        break;
                    case 0x040F:
                        var icc = IccProfile.Inspect(data.Span);
                        if (icc.Problem is not null) yield return picture.Payload("APP13:ICC", data, icc.Problem);
                        else if (icc.Text.Length > 0) yield return picture.Text("APP13:ICC", icc.Text);
                        break;
                    case 0x0409 or 0x040C when data.Length > 28:
                        yield return picture.Embedded("APP13:thumbnail", data[28..], null);
                        break;
                    default:
                        if (!SmallUnknown(data.Length))
                            yield return picture.Payload($"APP13:0x{id:X4}", data, $"a Photoshop resource 0x{id:X4} carrying {data.Length:N0} bytes");
                        break;
                }
            }
        }

        /// <summary>IPTC-IIM datasets as "record:dataset: text" lines.</summary>
        private static string Iptc(ReadOnlySpan<byte> data)
        {
            var text = new StringBuilder();
            var at = 0;
            while (at + 5 <= data.Length && data[at] == 0x1C)
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 3)..]);
                if ((length & 0x8000) != 0 || at + 5 + length > data.Length) break;
                var value = data.Slice(at + 5, length);
                if (data[at + 1] == 2 && data[at + 2] != 0) text.Append($"IPTC 2:{data[at + 2]}: ").Append(Decode(value)).Append('\n');
                at += 5 + length;
            }
            if (at < data.Length && data[at..].IndexOfAnyExcept((byte)0) >= 0) text.Append(Decode(data[at..]));
            return text.ToString();
        }

        private IEnumerable<Part> Profile()
        {
            if (_iccChunks.Count == 0) yield break;
            if (_iccChunks.Count != _iccCount || _iccChunks.Keys.First() != 1 || _iccChunks.Keys.Last() != _iccCount)
            {
                picture.Damaged("the colour profile's chunks are incomplete");
                yield break;
            }
            var profile = new byte[_iccChunks.Values.Sum(c => c.Length)];
            var at = 0;
            foreach (var chunk in _iccChunks.Values)
            {
                chunk.Span.CopyTo(profile.AsSpan(at));
                at += chunk.Length;
            }
            var icc = IccProfile.Inspect(profile);
            if (icc.Problem is not null) yield return picture.Payload("APP2:ICC", profile, icc.Problem);
            else if (icc.Text.Length > 0) yield return picture.Text("APP2:ICC", icc.Text);
        }

        private bool SmallUnknown(int length)
        {
            _smallUnknown += length;
            return _smallUnknown <= SmallUnknownBudget;
        }

        private static bool QuantisationTables(ReadOnlySpan<byte> data)
        {
            var at = 0;
            while (at < data.Length)
            {
                var size = (data[at] >> 4) == 0 ? 64 : 128;
                if ((data[at] >> 4) > 1 || (data[at] & 0x0F) > 3 || at + 1 + size > data.Length) return false;
                at += 1 + size;
            }
            return data.Length > 0;
        }

        private static bool HuffmanTables(ReadOnlySpan<byte> data)
        {
            var at = 0;
            while (at < data.Length)
            {
                if ((data[at] >> 4) > 1 || (data[at] & 0x0F) > 3 || at + 17 > data.Length) return false;
                var symbols = 0;
                for (var k = 1; k <= 16; k++) symbols += data[at + k];
                if (symbols > 256 || at + 17 + symbols > data.Length) return false;
                at += 17 + symbols;
            }
            return data.Length > 0;
        }
    }

    /// <summary>UTF-8 when it is valid UTF-8, Latin-1 otherwise; NULs end strings.</summary>
    internal static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        return text.Replace('\0', ' ').Trim();
    }
}
