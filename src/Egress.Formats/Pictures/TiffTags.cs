using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Pictures;

/// <summary>
/// Walks a TIFF structure (EXIF in a JPEG or PNG, or a TIFF file): every IFD reached from the header,
/// the EXIF, GPS and interoperability IFDs and sub-IFDs, with bounds and loop protection. Tag values
/// become text ("Name: value": strings and numbers as written) to scan; thumbnails and large binary
/// values are returned to be read as files of their own; bytes no tag refers to are counted.
/// </summary>
public static class TiffTags
{
    private const int MaxIfds = 256;
    /// <summary>Undefined or byte values up to this size are small settings (versions, flags), not payloads.</summary>
    private const int SmallBinaryBytes = 64;
    private const int MaxTextChars = 8 << 20;

    public sealed class Walk
    {
        public StringBuilder Text { get; } = new();
        /// <summary>Values to read as files of their own: a thumbnail (Why null: a picture, not a payload) or a large binary value.</summary>
        public List<(string Name, ReadOnlyMemory<byte> Bytes, string? Why)> Blobs { get; } = [];
        public List<string> Damage { get; } = [];
        public List<string> Beyond { get; } = [];
        public List<(string Name, string Text)> Xmp { get; } = [];
    }

    public static bool IsTiff(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) || head.StartsWith("II+\0"u8) || head.StartsWith("MM\0+"u8));

    public static Walk Read(ReadOnlyMemory<byte> tiff, UnpackContext context)
    {
        var walk = new Walk();
        var bytes = tiff.Span;
        if (bytes.Length < 8 || !IsTiff(bytes))
        {
            walk.Damage.Add("TIFF header missing");
            return walk;
        }
        var big = bytes[0] == (byte)'M';
        if (bytes[2] == 0x2B || bytes[3] == 0x2B)
        {
            walk.Damage.Add("BigTIFF is not read here");
            return walk;
        }
        var reader = new Reader(tiff, big, walk, context);
        reader.Run(U32(bytes[4..], big));
        return walk;
    }

    private static uint U32(ReadOnlySpan<byte> b, bool big) => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
    private static ushort U16(ReadOnlySpan<byte> b, bool big) => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private sealed class Reader(ReadOnlyMemory<byte> tiff, bool big, Walk walk, UnpackContext context)
    {
        private readonly IntervalSet _covered = new();
        private readonly HashSet<uint> _visited = [];
        private readonly Queue<(uint Offset, string Name)> _pending = new();
        private int _entries;

        public void Run(uint first)
        {
            _covered.Add(0, 8);
            _pending.Enqueue((first, "IFD0"));
            var chain = 0;
            while (_pending.Count > 0)
            {
                context.ThrowIfCancelled();
                var (offset, name) = _pending.Dequeue();
                if (offset == 0) continue;
                if (!_visited.Add(offset))
                {
                    walk.Damage.Add($"{name} points back to an IFD already read (a loop)");
                    continue;
                }
                if (_visited.Count > MaxIfds)
                {
                    walk.Damage.Add($"more than {MaxIfds} IFDs");
                    break;
                }
                var next = ReadIfd(offset, name);
                if (next != 0 && name.StartsWith("IFD", StringComparison.Ordinal)) _pending.Enqueue((next, $"IFD{++chain}"));
            }
            // Writers align values to two bytes.
            var unexplained = tiff.Length - _covered.Covered;
            if (unexplained > 16 + 2L * _entries)
                walk.Beyond.Add($"{unexplained:N0} bytes of the TIFF/EXIF structure no tag refers to");
        }

        private uint ReadIfd(uint offset, string ifdName)
        {
            var bytes = tiff.Span;
            if (offset > bytes.Length - 2)
            {
                walk.Damage.Add($"{ifdName} at byte {offset} lies outside the data");
                return 0;
            }
            var count = U16(bytes[(int)offset..], big);
            var size = 2 + 12L * count + 4;
            if (offset + size > bytes.Length)
            {
                walk.Damage.Add($"{ifdName} at byte {offset} with {count} entries runs past the end");
                return 0;
            }
            _covered.Add(offset, size);
            _entries += count;
            long thumbOffset = -1, thumbLength = -1;
            uint[]? stripOffsets = null, stripCounts = null;
            for (var i = 0; i < count; i++)
            {
                var entry = bytes.Slice((int)offset + 2 + 12 * i, 12);
                var tag = U16(entry, big);
                var type = U16(entry[2..], big);
                var n = U32(entry[4..], big);
                var unit = TypeSize(type);
                if (unit == 0)
                {
                    walk.Damage.Add($"tag {TagName(tag)} in {ifdName} has an unknown type {type}");
                    continue;
                }
                var total = (long)n * unit;
                int at;
                if (total <= 4) at = (int)offset + 2 + 12 * i + 8;
                else
                {
                    var valueOffset = U32(entry[8..], big);
                    if (valueOffset > bytes.Length || total > bytes.Length - valueOffset)
                    {
                        walk.Damage.Add($"tag {TagName(tag)} in {ifdName} points outside the data");
                        continue;
                    }
                    at = (int)valueOffset;
                    _covered.Add(at, total);
                }
                var value = tiff.Slice(at, (int)total);
                switch (tag)
                {
                    case 0x8769: QueueIfds(value.Span, type, n, "ExifIFD"); continue;
                    case 0x8825: QueueIfds(value.Span, type, n, "GPSIFD"); continue;
                    case 0xA005: QueueIfds(value.Span, type, n, "InteropIFD"); continue;
                    case 0x014A: QueueIfds(value.Span, type, n, "SubIFD"); continue;
                    case 0x0201: thumbOffset = Integer(value.Span, type); continue;
                    case 0x0202: thumbLength = Integer(value.Span, type); continue;
                    case 0x0111 or 0x0144: stripOffsets = Integers(value.Span, type, n); continue;
                    case 0x0117 or 0x0145: stripCounts = Integers(value.Span, type, n); continue;
                    case 0x0120 or 0x0121: continue;
                }
                Describe(tag, type, n, value);
                if (walk.Text.Length > MaxTextChars)
                {
                    walk.Damage.Add($"more than {MaxTextChars:N0} characters of tag values; the rest was not read");
                    _pending.Clear();
                    return 0;
                }
            }
            if (thumbOffset >= 0 && thumbLength > 0)
            {
                if (thumbOffset + thumbLength > bytes.Length) walk.Damage.Add($"the thumbnail in {ifdName} runs past the end");
                else
                {
                    _covered.Add(thumbOffset, thumbLength);
                    walk.Blobs.Add(("thumbnail", tiff.Slice((int)thumbOffset, (int)thumbLength), null));
                }
            }
            if (stripOffsets is not null && stripCounts is not null)
            {
                for (var s = 0; s < Math.Min(stripOffsets.Length, stripCounts.Length); s++)
                {
                    if ((long)stripOffsets[s] + stripCounts[s] > bytes.Length)
                    {
                        walk.Damage.Add($"image data of {ifdName} runs past the end");
                        break;
                    }
                    _covered.Add(stripOffsets[s], stripCounts[s]);
                }
            }
            return U32(bytes[((int)offset + 2 + 12 * count)..], big);
        }

        private void QueueIfds(ReadOnlySpan<byte> value, ushort type, uint n, string name)
        {
            if (type is not (4 or 13)) return;
            for (var k = 0; k < n && k < MaxIfds; k++) _pending.Enqueue((U32(value[(4 * k)..], big), name));
        }

        private void Describe(ushort tag, ushort type, uint n, ReadOnlyMemory<byte> value)
        {
            var span = value.Span;
            var name = TagName(tag);
            switch (type)
            {
                case 2:
                    Line(name, Latin1Strings(span));
                    return;
                case 1 when tag is >= 0x9C9B and <= 0x9C9F:
                    Line(name, Encoding.Unicode.GetString(span[..(span.Length & ~1)]).TrimEnd('\0'));
                    return;
                case 1 or 7 when tag == 0x02BC:
                    walk.Xmp.Add(("XMP", Encoding.UTF8.GetString(span).TrimEnd('\0')));
                    return;
                case 7 when tag == 0x9286:
                    Line(name, UserComment(span));
                    return;
                case 7 when tag is 0x9000 or 0xA000 or 0x0002:
                    Line(name, Latin1Strings(span));
                    return;
                case 1 or 7 when tag == 0x8773:
                    var icc = IccProfile.Inspect(span);
                    if (icc.Problem is not null) walk.Beyond.Add(icc.Problem);
                    if (icc.Text.Length > 0) walk.Text.Append(icc.Text);
                    return;
                case 1 or 6 or 7:
                    if (span.Length <= SmallBinaryBytes)
                    {
                        if (type != 7) Line(name, Numbers(span, type, n));
                        return;
                    }
                    walk.Blobs.Add((name, value, $"{span.Length:N0} bytes of binary data in tag {name}"));
                    return;
                default:
                    Line(name, Numbers(span, type, n));
                    return;
            }
        }

        private void Line(string name, string value)
        {
            if (value.Length == 0) return;
            walk.Text.Append(name).Append(": ").Append(value.Replace('\n', ' ').Replace('\r', ' ')).Append('\n');
        }

        private string UserComment(ReadOnlySpan<byte> span)
        {
            if (span.Length < 8) return Latin1Strings(span);
            var code = span[..8];
            var body = span[8..];
            if (code.StartsWith("UNICODE"u8))
                return (big ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(body[..(body.Length & ~1)]).TrimEnd('\0', ' ');
            return Latin1Strings(body).TrimEnd(' ');
        }

        private string Numbers(ReadOnlySpan<byte> span, ushort type, uint n)
        {
            var text = new StringBuilder();
            var unit = TypeSize(type);
            for (var k = 0; k < n; k++)
            {
                if (k > 0) text.Append(' ');
                var v = span.Slice(k * unit, unit);
                switch (type)
                {
                    case 1 or 7: text.Append(v[0]); break;
                    case 6: text.Append((sbyte)v[0]); break;
                    case 3: text.Append(U16(v, big)); break;
                    case 8: text.Append((short)U16(v, big)); break;
                    case 4 or 13: text.Append(U32(v, big)); break;
                    case 9: text.Append((int)U32(v, big)); break;
                    case 5: Ratio(text, U32(v, big), U32(v[4..], big)); break;
                    case 10: Ratio(text, (int)U32(v, big), (int)U32(v[4..], big)); break;
                    case 11: text.Append(BitConverter.Int32BitsToSingle((int)U32(v, big)).ToString("R", CultureInfo.InvariantCulture)); break;
                    case 12:
                        var bits = big ? BinaryPrimitives.ReadInt64BigEndian(v) : BinaryPrimitives.ReadInt64LittleEndian(v);
                        text.Append(BitConverter.Int64BitsToDouble(bits).ToString("R", CultureInfo.InvariantCulture));
                        break;
                }
                if (text.Length > MaxTextChars) break;
            }
            return text.ToString();
        }

        /// <summary>A rational as the decimal it stands for (a value hidden as 45/2 reads 22.5).</summary>
        private static void Ratio(StringBuilder text, long numerator, long denominator)
        {
            if (denominator == 0) text.Append(numerator).Append("/0");
            else if (numerator % denominator == 0) text.Append(numerator / denominator);
            else text.Append(((double)numerator / denominator).ToString("R", CultureInfo.InvariantCulture));
        }

        private long Integer(ReadOnlySpan<byte> value, ushort type) => type switch
        {
            3 when value.Length >= 2 => U16(value, big),
            4 when value.Length >= 4 => U32(value, big),
            _ => -1,
        };

        private uint[] Integers(ReadOnlySpan<byte> value, ushort type, uint n)
        {
            if (type is not (3 or 4)) return [];
            var result = new uint[n];
            for (var k = 0; k < n; k++) result[k] = type == 3 ? U16(value[(2 * k)..], big) : U32(value[(4 * k)..], big);
            return result;
        }
    }

    private static int TypeSize(ushort type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 => 8,
        _ => 0,
    };

    private static string Latin1Strings(ReadOnlySpan<byte> span)
    {
        var parts = Encoding.Latin1.GetString(span).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", parts).Trim();
    }

    private static string TagName(ushort tag) => tag switch
    {
        0x0100 => "ImageWidth",
        0x0101 => "ImageLength",
        0x0102 => "BitsPerSample",
        0x0103 => "Compression",
        0x0106 => "PhotometricInterpretation",
        0x010D => "DocumentName",
        0x010E => "ImageDescription",
        0x010F => "Make",
        0x0110 => "Model",
        0x0112 => "Orientation",
        0x0115 => "SamplesPerPixel",
        0x011A => "XResolution",
        0x011B => "YResolution",
        0x011D => "PageName",
        0x0128 => "ResolutionUnit",
        0x0131 => "Software",
        0x0132 => "DateTime",
        0x013B => "Artist",
        0x013C => "HostComputer",
        0x0213 => "YCbCrPositioning",
        0x8298 => "Copyright",
        0x829A => "ExposureTime",
        0x829D => "FNumber",
        0x9000 => "ExifVersion",
        0x9003 => "DateTimeOriginal",
        0x9004 => "DateTimeDigitized",
        0x927C => "MakerNote",
        0x9286 => "UserComment",
        0x9C9B => "XPTitle",
        0x9C9C => "XPComment",
        0x9C9D => "XPAuthor",
        0x9C9E => "XPKeywords",
        0x9C9F => "XPSubject",
        0xA000 => "FlashpixVersion",
        0xA001 => "ColorSpace",
        0xA002 => "PixelXDimension",
        0xA003 => "PixelYDimension",
        0xA420 => "ImageUniqueID",
        0xA430 => "CameraOwnerName",
        0xA431 => "BodySerialNumber",
        0xA433 => "LensMake",
        0xA434 => "LensModel",
        _ => $"Tag0x{tag:X4}",
    };
}
