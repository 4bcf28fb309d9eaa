using Egress.Formats.Content;

namespace Egress.Formats.Pictures;

/// <summary>
/// TIFF (II*\0 / MM\0*): its tags are read as text (descriptions, software, numbers) and its
/// thumbnails and large binary values as files of their own; the many compressions of its pixel data
/// are not checked, so a TIFF is never a clean plot.
/// </summary>
public sealed class TiffReader : IContentReader
{
    public string Format => "tiff";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => TiffTags.IsTiff(head);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var bytes = source.ReadAll(context);
        var picture = new PictureInspection(path, Format);
        var tags = TiffTags.Read(bytes, context);
        foreach (var d in tags.Damage) picture.Damaged(d);
        foreach (var b in tags.Beyond) picture.Beyond(b);
        picture.Beyond("TIFF pixel data is not checked");
        if (tags.Text.Length > 0) yield return picture.Text("tags", tags.Text.ToString(), PictureInspection.ShortExifChars);
        foreach (var (name, text) in tags.Xmp) yield return picture.Text(name, text, PictureInspection.ShortXmpChars);
        foreach (var (name, blob, why) in tags.Blobs) yield return picture.Embedded(name, blob, why);
        foreach (var part in picture.Close(bytes.Length)) yield return part;
    }
}
