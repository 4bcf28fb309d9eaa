using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>DICOM (the "DICM" prefix after a 128-byte preamble): a medical image and its patient record.</summary>
public sealed class DicomReader : IContentReader
{
    public string Format => "dicom";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.Length >= 132 && head.Slice(128, 4).SequenceEqual("DICM"u8);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        yield return new IndividualLevelPart(path, "DICOM", ContentSize.Of(source, context),
            "DICOM medical image (pixel data and patient attributes of one person)");
    }
}
