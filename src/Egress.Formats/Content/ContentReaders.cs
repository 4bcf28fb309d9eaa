using Egress.Formats.Containers;

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
        // Formats that are zips inside (xlsx, docx, npz) go before ZipReader. ZipReader also claims
        // files that merely END in a zip (prepended bytes), so readers keyed on a magic at the start
        // (PNG, PDF, ...) go before it too; what precedes the zip is still read as content.
        new ZipReader(),
        new TarReader(),
        new UnsupportedArchiveReader(),
    ];

    public static Unpacker Unpacker() => new(All());
}
