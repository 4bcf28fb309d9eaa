using Egress.Formats.Containers;
using Egress.Formats.Data;

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
        new NpyReader(),
        new ParquetReader(),
        new RdsReader(),
        new DtaReader(),
        // Last: binary content no reader above recognised, searched for raw float runs and then opaque.
        new RawFloatRunReader(),
    ];

    public static Unpacker Unpacker() => new(All());
}
