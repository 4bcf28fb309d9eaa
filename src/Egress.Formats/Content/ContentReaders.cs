using Egress.Formats.Containers;
using Egress.Formats.IndividualLevel;

namespace Egress.Formats.Content;

/// <summary>
/// Every reader, in the order they are asked: specific formats before the general ones they look like
/// (an XLSX is a zip, a notebook is JSON, an SVG is XML text).
/// </summary>
public static class ContentReaders
{
    public static IReadOnlyList<IContentReader> All() =>
    [
        new GzipReader(),
        // Individual-level formats first: a DICOM or BAM that is also something else is still blocked.
        .. IndividualLevelReaders.All(),
        // Formats that are zips inside (xlsx, docx, npz) go before ZipReader.
        new ZipReader(),
        new TarReader(),
        new UnsupportedArchiveReader(),
        // Last resort: content that merely ENDS in a zip (a self-extractor, bytes prepended to hide
        // them), once nothing with a magic at the start claimed it. The prepended bytes are read too.
        new ZipReader { FromTheEnd = true },
    ];

    public static Unpacker Unpacker() => new(All());
}
