using Egress.Formats.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Pdf;

/// <summary>What decoding a stream gave: its bytes, or why they could not be had.</summary>
public sealed record DecodedStream(byte[] Bytes, DecodeStatus Status, string? Problem = null, string? ImageFilter = null, long TrailingBytes = 0);

public enum DecodeStatus
{
    /// <summary>Every filter was applied.</summary>
    Decoded,
    /// <summary>The chain ends in an image codec (DCT, JPX, JBIG2, CCITT): the bytes are what that codec reads.</summary>
    ImageCoded,
    /// <summary>A filter is not supported here (or the stream is encrypted).</summary>
    Unsupported,
    /// <summary>A filter failed on damaged data; the bytes are what was decoded before the damage.</summary>
    Damaged,
}

/// <summary>
/// Applies a stream's filter chain: FlateDecode (with PNG and TIFF predictors), LZWDecode,
/// ASCIIHexDecode, ASCII85Decode, RunLengthDecode. Image codecs end the chain; anything else is
/// unsupported. Output is bounded by the in-memory cap and counts towards the expansion budget.
/// </summary>
public static class PdfFilters
{
    private static readonly Dictionary<string, string> Abbreviations = new()
    {
        ["Fl"] = "FlateDecode", ["AHx"] = "ASCIIHexDecode", ["A85"] = "ASCII85Decode", ["LZW"] = "LZWDecode",
        ["RL"] = "RunLengthDecode", ["DCT"] = "DCTDecode", ["CCF"] = "CCITTFaxDecode",
    };

    private static readonly HashSet<string> ImageCodecs = ["DCTDecode", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode"];

    public static IReadOnlyList<string> FilterNames(PdfFile file, PdfDictionary dictionary)
    {
        var filter = file.Resolve(dictionary["Filter"]);
        var names = filter switch
        {
            PdfName n => [n.Value],
            PdfArray a => a.Items.Select(i => (file.Resolve(i) as PdfName)?.Value ?? "?").ToList(),
            _ => new List<string>(),
        };
        return names.Select(n => Abbreviations.GetValueOrDefault(n, n)).ToList();
    }

    public static DecodedStream Decode(PdfFile file, PdfStream stream, UnpackContext context)
    {
        var names = FilterNames(file, stream.Dictionary);
        var parms = file.Resolve(stream.Dictionary["DecodeParms"] ?? stream.Dictionary["DP"]);
        var cap = context.Limits.MaxInMemoryBytes;
        var bytes = stream.Raw.ToArray();
        long trailing = 0;
        for (var i = 0; i < names.Count; i++)
        {
            context.ThrowIfCancelled();
            var name = names[i];
            if (ImageCodecs.Contains(name)) return new DecodedStream(bytes, DecodeStatus.ImageCoded, ImageFilter: name);
            var p = parms switch
            {
                PdfDictionary d => d,
                PdfArray a when i < a.Items.Count => file.ResolveDictionary(a.Items[i]),
                _ => null,
            };
            try
            {
                switch (name)
                {
                    case "FlateDecode":
                        var (output, outcome) = ZlibInflation.InflateToArray(bytes, cap, context, raw: LooksRawDeflate(bytes));
                        if (outcome.Error is not null || !outcome.Ended)
                            return new DecodedStream(output, DecodeStatus.Damaged, outcome.Error ?? "the compressed stream ends early");
                        trailing += outcome.TrailingBytes;
                        bytes = Predict(output, p, file);
                        break;
                    case "LZWDecode":
                        bytes = Predict(Lzw(bytes, cap, EarlyChange(p, file), context), p, file);
                        break;
                    case "ASCIIHexDecode":
                        bytes = AsciiHex(bytes);
                        context.CountExpanded(bytes.Length);
                        break;
                    case "ASCII85Decode":
                        bytes = Ascii85(bytes);
                        context.CountExpanded(bytes.Length);
                        break;
                    case "RunLengthDecode":
                        bytes = RunLength(bytes, cap, context);
                        break;
                    case "Crypt" when p?.NameOf("Name") is null or "Identity":
                        break;
                    default:
                        return new DecodedStream(bytes, DecodeStatus.Unsupported, $"the {name} filter is not supported");
                }
            }
            catch (InvalidDataException e)
            {
                return new DecodedStream(bytes, DecodeStatus.Damaged, e.Message);
            }
        }
        return new DecodedStream(bytes, DecodeStatus.Decoded, TrailingBytes: trailing);
    }

    /// <summary>Some writers omit the zlib header: a first byte that cannot start one means raw deflate.</summary>
    private static bool LooksRawDeflate(byte[] bytes) =>
        bytes.Length >= 2 && ((bytes[0] & 0x0F) != 8 || ((bytes[0] << 8) | bytes[1]) % 31 != 0);

    private static int EarlyChange(PdfDictionary? parms, PdfFile file) => (int)(file.ResolveNumber(parms?["EarlyChange"]) ?? 1);

    /// <summary>Undoes a PNG (10–15) or TIFF (2, 8-bit) predictor.</summary>
    private static byte[] Predict(byte[] data, PdfDictionary? parms, PdfFile file)
    {
        var predictor = (int)(file.ResolveNumber(parms?["Predictor"]) ?? 1);
        if (predictor <= 1) return data;
        var colors = (int)Math.Clamp(file.ResolveNumber(parms?["Colors"]) ?? 1, 1, 32);
        var bpc = (int)Math.Clamp(file.ResolveNumber(parms?["BitsPerComponent"]) ?? 8, 1, 16);
        var columns = (int)Math.Clamp(file.ResolveNumber(parms?["Columns"]) ?? 1, 1, 1 << 24);
        var bpp = Math.Max(1, colors * bpc / 8);
        var wide = ((long)columns * colors * bpc + 7) / 8;
        // A row longer than the data is a lie of the dictionary: never allocate from it.
        if (wide > data.Length) throw new InvalidDataException($"predictor rows of {wide:N0} bytes in {data.Length:N0} bytes of data");
        var rowBytes = (int)wide;
        if (predictor == 2)
        {
            if (bpc != 8) throw new InvalidDataException("a TIFF predictor on other than 8-bit samples is not supported");
            var result = (byte[])data.Clone();
            for (var row = 0; row + rowBytes <= result.Length; row += rowBytes)
                for (var i = bpp; i < rowBytes; i++) result[row + i] += result[row + i - bpp];
            return result;
        }
        if (predictor < 10) throw new InvalidDataException($"predictor {predictor} is not supported");
        var rows = data.Length / (rowBytes + 1);
        var output = new byte[rows * rowBytes];
        var previous = new byte[rowBytes];
        for (var r = 0; r < rows; r++)
        {
            var input = data.AsSpan(r * (rowBytes + 1) + 1, rowBytes);
            var type = data[r * (rowBytes + 1)];
            var current = output.AsSpan(r * rowBytes, rowBytes);
            for (var i = 0; i < rowBytes; i++)
            {
                var left = i >= bpp ? current[i - bpp] : 0;
                var up = previous[i];
                var upLeft = i >= bpp ? previous[i - bpp] : 0;
                current[i] = (byte)(input[i] + type switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"an invalid PNG predictor row type {type}"),
                });
            }
            current.CopyTo(previous);
        }
        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] AsciiHex(byte[] data)
    {
        var output = new List<byte>(data.Length / 2);
        var high = -1;
        foreach (var b in data)
        {
            if (b == '>') break;
            int v = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (v < 0)
            {
                if (PdfSyntax.IsWhitespace(b)) continue;
                throw new InvalidDataException("a byte that is not hexadecimal in ASCIIHexDecode data");
            }
            if (high < 0) high = v;
            else
            {
                output.Add((byte)(high * 16 + v));
                high = -1;
            }
        }
        if (high >= 0) output.Add((byte)(high * 16));
        return output.ToArray();
    }

    private static byte[] Ascii85(byte[] data)
    {
        var output = new List<byte>(data.Length * 4 / 5);
        Span<uint> group = stackalloc uint[5];
        var n = 0;
        var start = data.AsSpan().StartsWith("<~"u8) ? 2 : 0;
        for (var i = start; i < data.Length; i++)
        {
            var b = data[i];
            if (PdfSyntax.IsWhitespace(b)) continue;
            if (b == '~') break;
            if (b == 'z' && n == 0)
            {
                output.AddRange([0, 0, 0, 0]);
                continue;
            }
            if (b is < (byte)'!' or > (byte)'u') throw new InvalidDataException("a byte outside ASCII85's range");
            group[n++] = (uint)(b - '!');
            if (n < 5) continue;
            Emit(group, 4);
            n = 0;
        }
        if (n == 1) throw new InvalidDataException("ASCII85 data ends with a single character");
        if (n > 1)
        {
            for (var k = n; k < 5; k++) group[k] = 84;
            Emit(group, n - 1);
        }
        return output.ToArray();

        void Emit(Span<uint> g, int count)
        {
            ulong value = 0;
            foreach (var d in g) value = value * 85 + d;
            if (value > uint.MaxValue) throw new InvalidDataException("an ASCII85 group out of range");
            for (var k = 0; k < count; k++) output.Add((byte)(value >> (24 - 8 * k)));
        }
    }

    private static byte[] RunLength(byte[] data, long cap, UnpackContext context)
    {
        using var output = new MemoryStream();
        var i = 0;
        while (i < data.Length)
        {
            var length = data[i++];
            if (length == 128) break;
            if (length < 128)
            {
                var n = Math.Min(length + 1, data.Length - i);
                output.Write(data, i, n);
                i += n;
            }
            else if (i < data.Length)
            {
                for (var k = 0; k < 257 - length; k++) output.WriteByte(data[i]);
                i++;
            }
            if (output.Length > cap) throw new InputLimitException($"a stream expands to more than {cap:N0} bytes");
        }
        context.CountExpanded(output.Length);
        return output.ToArray();
    }

    /// <summary>LZW as PDF uses it: 9- to 12-bit codes, MSB first, clear 256, end 257, early change by default.</summary>
    private static byte[] Lzw(byte[] data, long cap, int earlyChange, UnpackContext context)
    {
        using var output = new MemoryStream();
        var prefixes = new int[4096];
        var suffixes = new byte[4096];
        var lengths = new int[4096];
        for (var k = 0; k < 256; k++)
        {
            prefixes[k] = -1;
            suffixes[k] = (byte)k;
            lengths[k] = 1;
        }
        var next = 258;
        var width = 9;
        var previous = -1;
        long bits = 0;
        var bitCount = 0;
        var buffer = new byte[4096];
        foreach (var b in data)
        {
            bits = (bits << 8) | b;
            bitCount += 8;
            while (bitCount >= width)
            {
                var code = (int)((bits >> (bitCount - width)) & ((1 << width) - 1));
                bitCount -= width;
                if (code == 256)
                {
                    next = 258;
                    width = 9;
                    previous = -1;
                    continue;
                }
                if (code == 257) return Done();
                if (previous < 0)
                {
                    if (code > 255) throw new InvalidDataException("an LZW code before any entry");
                    output.WriteByte((byte)code);
                    previous = code;
                    continue;
                }
                int emit;
                byte first;
                if (code < next)
                {
                    emit = code;
                    first = FirstByte(code);
                }
                else if (code == next)
                {
                    emit = -1;
                    first = FirstByte(previous);
                }
                else throw new InvalidDataException("an invalid LZW code");
                if (next < 4096)
                {
                    prefixes[next] = previous;
                    suffixes[next] = first;
                    lengths[next] = lengths[previous] + 1;
                    next++;
                }
                Write(emit < 0 ? next - 1 : emit);
                previous = code;
                if (next + earlyChange >= (1 << width) && width < 12) width++;
                if (output.Length > cap) throw new InputLimitException($"a stream expands to more than {cap:N0} bytes");
            }
        }
        return Done();

        byte FirstByte(int code)
        {
            while (prefixes[code] >= 0) code = prefixes[code];
            return suffixes[code];
        }

        void Write(int code)
        {
            var n = lengths[code];
            for (var k = n - 1; k >= 0; k--)
            {
                buffer[k] = suffixes[code];
                code = prefixes[code];
            }
            output.Write(buffer, 0, n);
        }

        byte[] Done()
        {
            context.CountExpanded(output.Length);
            return output.ToArray();
        }
    }
}
