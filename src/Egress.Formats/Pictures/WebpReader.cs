using System.Buffers.Binary;
using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Pictures;

/// <summary>
/// WebP (RIFF….WEBP): walks the RIFF chunks. EXIF and XMP are scanned, the colour profile checked,
/// unknown chunks and bytes after the RIFF are payloads. The VP8/VP8L bitstreams are not decoded.
/// </summary>
public sealed class WebpReader : IContentReader
{
    public string Format => "webp";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var bytes = source.ReadAll(context);
        var picture = new PictureInspection(path, Format);
        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(bytes.Span[4..]);
        if (riffEnd > bytes.Length)
        {
            picture.Damaged($"the RIFF header claims {riffEnd:N0} bytes for a file of {bytes.Length:N0}");
            riffEnd = bytes.Length;
        }
        var pos = 12;
        var sawImage = false;
        while (pos < riffEnd)
        {
            context.ThrowIfCancelled();
            if (riffEnd - pos < 8)
            {
                picture.Damaged("the file ends inside a chunk header");
                break;
            }
            var type = Encoding.ASCII.GetString(bytes.Span.Slice(pos, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Span[(pos + 4)..]);
            if (size > riffEnd - pos - 8)
            {
                picture.Damaged($"chunk {type} claims {size:N0} bytes beyond the end");
                break;
            }
            var data = bytes.Slice(pos + 8, (int)size);
            pos += 8 + (int)((size + 1) & ~1u);
            switch (type)
            {
                case "VP8 " or "VP8L" or "ANMF":
                    sawImage = true;
                    break;
                case "VP8X" when size == 10:
                case "ALPH":
                case "ANIM" when size == 6:
                    break;
                case "ICCP":
                    var icc = IccProfile.Inspect(data.Span);
                    if (icc.Problem is not null) yield return picture.Payload("ICCP", data, icc.Problem);
                    else if (icc.Text.Length > 0) yield return picture.Text("ICCP", icc.Text);
                    break;
                case "EXIF":
                    var tags = TiffTags.Read(data.Span.StartsWith("Exif\0\0"u8) ? data[6..] : data, context);
                    foreach (var d in tags.Damage) picture.Damaged($"EXIF: {d}");
                    foreach (var b in tags.Beyond) picture.Beyond($"EXIF: {b}");
                    if (tags.Text.Length > 0) yield return picture.Text("EXIF", tags.Text.ToString(), PictureInspection.ShortExifChars);
                    foreach (var (name, blob, why) in tags.Blobs) yield return picture.Embedded($"EXIF:{name}", blob, why);
                    break;
                case "XMP ":
                    yield return picture.Text("XMP", Encoding.UTF8.GetString(data.Span), PictureInspection.ShortXmpChars);
                    break;
                default:
                    yield return picture.Payload(type.Trim(), data, $"a chunk {type.Trim()} carrying {size:N0} bytes");
                    break;
            }
        }
        if (!sawImage) picture.Damaged("no image data");
        if (riffEnd < bytes.Length && !PictureInspection.IsPadding(bytes.Span[(int)riffEnd..]))
            yield return picture.Payload("after-RIFF", bytes[(int)riffEnd..], $"{bytes.Length - riffEnd:N0} bytes after the end of the picture");
        foreach (var part in picture.Close(bytes.Length)) yield return part;
    }
}
