using Egress.Formats.Containers;
using Egress.Formats.Data;
using Egress.Formats.Documents;
using Egress.Formats.IndividualLevel;
using Egress.Formats.Pdf;
using Egress.Formats.Pictures;

namespace Egress.Formats.Content;

/// <summary>
/// Every reader, in the order they are asked: specific formats before the general ones they look like
/// (an XLSX is a zip, a notebook is JSON, an SVG is XML text).
/// </summary>
public static class ContentReaders
{
    public static IReadOnlyList<IContentReader> All() =>
    [
        new NotebookReader(),
        new XlsxReader(),
        new HtmlReader(),
        new SvgReader(),
        new GzipReader(),
        new PngReader(),
        new JpegReader(),
        new GifReader(),
        new WebpReader(),
        new TiffReader(),
        new BmpReader(),
        new PdfReader(),
        new NpyReader(),
        new ParquetReader(),
        new RdsReader(),
        new DtaReader(),
        new JsonReader(),
        new MarkdownReader(),
        // Archives by their magic (formats that are zips inside, xlsx and the like, come before).
        new ZipReader(),
        new TarReader(),
        new UnsupportedArchiveReader(),
        // Some of these have no magic number and are recognised by their rows.
        .. IndividualLevelReaders.All(),
        // Content that merely ENDS in a zip (a self-extractor, bytes prepended to hide them), once
        // nothing with a magic at the start claimed it. The prepended bytes are read too.
        new ZipReader { FromTheEnd = true },
        // Last: binary content no reader above recognised, searched for raw float runs and then opaque.
        new RawFloatRunReader(),
    ];

    public static Unpacker Unpacker() => new(All());
}
