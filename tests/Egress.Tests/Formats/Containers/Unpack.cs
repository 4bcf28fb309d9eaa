using System.Text;
using Egress.Formats.Content;

namespace Egress.Tests.Formats.Containers;

/// <summary>Walks bytes or a file through every registered reader, as the check engine does, and reads parts back.</summary>
internal static class Unpack
{
    public static List<Part> Bytes(byte[] bytes, string name, UnpackLimits? limits = null) => Walk(new MemorySource(bytes), name, limits);

    public static List<Part> File(string path, UnpackLimits? limits = null) => Walk(new FileSource(path), Path.GetFileName(path), limits);

    /// <summary>
    /// Like the engine, each text part is read to its end as it comes, before the walk goes on (a gzip reports damage after its
    /// content is read). An archive's listing of its entry names is left out unless asked for (XmlRecordsTests check it).
    /// </summary>
    private static List<Part> Walk(ContentSource source, string name, UnpackLimits? limits, bool entryNames = false)
    {
        var parts = new List<Part>();
        foreach (var part in ContentReaders.Unpacker().Walk(source, name, new UnpackContext(limits ?? new UnpackLimits(), CancellationToken.None)))
        {
            if (!entryNames && part.Path.EndsWith("#entry-names", StringComparison.Ordinal)) continue;
            if (part is TextPart text)
                try
                {
                    using var stream = text.Source.Open();
                    stream.CopyTo(Stream.Null);
                }
                catch (InvalidDataException) { }
            parts.Add(part);
        }
        return parts;
    }

    public static string Text(Part part)
    {
        var source = part switch
        {
            TextPart t => t.Source,
            EmbeddedFile e => e.Source,
            _ => throw new ArgumentException($"{part} has no content"),
        };
        using var stream = source.Open();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static T Single<T>(IEnumerable<Part> parts, string path) where T : Part =>
        parts.OfType<T>().Single(p => p.Path == path);

    public static string Describe(IEnumerable<Part> parts) =>
        string.Join("\n", parts.Select(p => p switch
        {
            Notice n => $"{n.Path} notice {n.Kind}: {n.Message}",
            _ => $"{p.Path} {p.GetType().Name}",
        }));
}
