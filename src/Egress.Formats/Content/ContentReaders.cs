using Egress.Formats.Containers;
using Egress.Formats.Data;
using Egress.Formats.Documents;
using Egress.Formats.Fonts;
using Egress.Formats.IndividualLevel;
using Egress.Formats.Pdf;
using Egress.Formats.Pictures;
using Egress.Formats.TextEncodings;

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
        new DocumentTablesReader(),
        new HtmlReader(),
        // Before SVG: an SVG font is a font.
        new FontReader(),
        new SvgReader(),
        new GzipReader(),
        new ZlibReader(),
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
        new SqliteReader(),
        new PickleReader(),
        new ArrowReader(),
        new SavReader(),
        new SasReader(),
        new AvroReader(),
        new NetCdfReader(),
        new Hdf5Reader(),
        new JsonReader(),
        new MarkdownReader(),
        // After the XML formats with readers of their own (Office parts, HTML, SVG): any other XML's repeated elements as records.
        new XmlRecordsReader(),
        // Archives by their magic (formats that are zips inside, xlsx and the like, come before).
        new ZipReader(),
        new TarReader(),
        new UnsupportedArchiveReader(),
        // Some of these have no magic number and are recognised by their rows.
        .. IndividualLevelReaders.All(),
        // Content that merely ENDS in a zip (a self-extractor, bytes prepended to hide them), once
        // nothing with a magic at the start claimed it. The prepended bytes are read too.
        new ZipReader { FromTheEnd = true },
        // Fallbacks for content no format took. Text in UTF-16/32 or an 8-bit code page looks binary until
        // transcoded; raw deflate has no magic and is tried on binary only.
        new UnicodeTextReader(),
        new EightBitTextReader(),
        new RawDeflateReader(),
        // Last: binary content no reader above recognised, searched for raw float runs and then opaque.
        new RawFloatRunReader(),
    ];

    public static Unpacker Unpacker() => new(All());
}
