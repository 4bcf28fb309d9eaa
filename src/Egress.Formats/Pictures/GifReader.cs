using System.Buffers.Binary;
using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Pictures;

/// <summary>
/// GIF (GIF87a/GIF89a): walks the blocks to the trailer. Comment and plain-text extensions are
/// scanned as text; application extensions other than looping, XMP and a colour profile are
/// payloads; bytes after the trailer are read as a file of their own. The LZW pixel data is not decoded.
/// </summary>
public sealed class GifReader : IContentReader
{
    public string Format => "gif";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var bytes = source.ReadAll(context);
        var picture = new PictureInspection(path, Format);
        foreach (var part in Blocks(bytes, picture, context)) yield return part;
        foreach (var part in picture.Close(bytes.Length)) yield return part;
    }

    private static IEnumerable<Part> Blocks(ReadOnlyMemory<byte> bytes, PictureInspection picture, UnpackContext context)
    {
        if (bytes.Length < 13)
        {
            picture.Damaged("the file ends inside its header");
            yield break;
        }
        var pos = 13 + ColourTableBytes(bytes.Span[10]);
        var images = 0;
        var ended = false;
        while (pos < bytes.Length)
        {
            context.ThrowIfCancelled();
            var introducer = bytes.Span[pos];
            if (introducer == 0x3B)
            {
                ended = true;
                pos++;
                break;
            }
            if (introducer == 0x2C)
            {
                if (bytes.Length - pos < 11)
                {
                    pos = bytes.Length;
                    break;
                }
                pos += 10 + ColourTableBytes(bytes.Span[pos + 9]) + 1;
                if (!SubBlocks(bytes.Span, ref pos, out _)) break;
                images++;
                continue;
            }
            if (introducer != 0x21 || pos + 1 >= bytes.Length)
            {
                picture.Damaged($"an unknown block 0x{introducer:X2} at byte {pos}");
                break;
            }
            var label = bytes.Span[pos + 1];
            var start = pos + 2;
            pos = start;
            if (!SubBlocks(bytes.Span, ref pos, out var data)) break;
            switch (label)
            {
                case 0xF9 when data.Count == 1 && data[0].Length == 4:
                    break;
                case 0xFE:
                    yield return picture.Text("comment", Join(bytes, data));
                    break;
                case 0x01:
                    var body = Join(bytes, data);
                    yield return picture.Text("plain-text", body.Length > 12 ? body[12..] : "");
                    break;
                case 0xFF when data.Count > 0 && data[0].Length == 11:
                    var application = Encoding.ASCII.GetString(bytes.Span.Slice(data[0].Start, 11));
                    if (application is "NETSCAPE2.0" or "ANIMEXTS1.0" && data.Count == 2 && data[1].Length == 3) break;
                    if (application == "XMP DataXMP")
                    {
                        // XMP is stored raw (its bytes read as sub-blocks) and ends with a 258-byte "magic trailer".
                        var raw = Encoding.UTF8.GetString(bytes.Span[(data[0].Start + 11)..Math.Max(data[0].Start + 11, pos - 1 - 257)]);
                        yield return picture.Text("XMP", raw, PictureInspection.ShortXmpChars);
                        break;
                    }
                    if (application == "ICCRGBG1012")
                    {
                        var profile = Encoding.Latin1.GetBytes(Join(bytes, data.Skip(1).ToList()));
                        var icc = IccProfile.Inspect(profile);
                        if (icc.Problem is not null) yield return picture.Payload("ICC", profile, icc.Problem);
                        break;
                    }
                    yield return picture.Payload($"application:{Clean(application)}", bytes[start..pos],
                        $"an application extension {Clean(application)} carrying {pos - start:N0} bytes");
                    break;
                default:
                    yield return picture.Payload($"extension-0x{label:X2}", bytes[start..pos], $"an extension 0x{label:X2} carrying {pos - start:N0} bytes");
                    break;
            }
        }
        if (!ended) picture.Damaged("the file ends before its trailer");
        if (images == 0) picture.Damaged("no image in the file");
        if (ended && pos < bytes.Length && !PictureInspection.IsPadding(bytes.Span[pos..]))
            yield return picture.Payload("after-trailer", bytes[pos..], $"{bytes.Length - pos:N0} bytes after the end of the picture");

        bool SubBlocks(ReadOnlySpan<byte> b, ref int at, out List<(int Start, int Length)> blocks)
        {
            blocks = [];
            while (true)
            {
                if (at >= b.Length)
                {
                    picture.Damaged("the file ends inside a block");
                    return false;
                }
                var size = b[at++];
                if (size == 0) return true;
                if (at + size > b.Length)
                {
                    picture.Damaged("the file ends inside a block");
                    at = b.Length;
                    return false;
                }
                blocks.Add((at, size));
                at += size;
            }
        }
    }

    private static int ColourTableBytes(byte packed) => (packed & 0x80) != 0 ? 3 * (2 << (packed & 7)) : 0;

    private static string Join(ReadOnlyMemory<byte> bytes, List<(int Start, int Length)> blocks)
    {
        var text = new StringBuilder();
        foreach (var (start, length) in blocks) text.Append(Encoding.Latin1.GetString(bytes.Span.Slice(start, length)));
        return text.ToString();
    }

    private static string Clean(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '.' ? c : '_').ToArray());
}
