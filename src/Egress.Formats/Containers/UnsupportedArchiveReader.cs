using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// Archives and compressors Egress cannot open (7z, RAR, xz, bzip2, Zstandard, LZ4, lzip, compress,
/// CAB), recognised by their magic so the report can say what the file is and what to do: their
/// content cannot be inspected, so they are never released.
/// </summary>
public sealed class UnsupportedArchiveReader : IContentReader
{
    private static readonly (byte[] Magic, string Kind)[] Kinds =
    [
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "7z archive"),
        ("Rar!\x1A\x07"u8.ToArray(), "RAR archive"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed file"),
        ([0x28, 0xB5, 0x2F, 0xFD], "Zstandard-compressed file"),
        ([0x04, 0x22, 0x4D, 0x18], "LZ4-compressed file"),
        ("LZIP"u8.ToArray(), "lzip-compressed file"),
        ([0x1F, 0x9D], "Unix compress (.Z) file"),
        ("MSCF\0\0\0\0"u8.ToArray(), "Microsoft cabinet (CAB) archive"),
    ];

    public string Format => "unsupported archive";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => KindOf(head) is not null;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var head = source.Head(16);
        var bytes = source.Length is { } length ? $"{length:N0} bytes" : "size unknown";
        yield return new Notice(path, NoticeKind.Unsupported,
            $"{KindOf(head)} ({bytes}): Egress cannot open it, so export its contents as plain files or in a zip or tar archive");
    }

    private static string? KindOf(ReadOnlySpan<byte> head)
    {
        foreach (var (magic, kind) in Kinds)
            if (head.StartsWith(magic)) return "A " + kind;
        // bzip2: "BZh", a block size digit, then a block's or the end-of-stream's magic number.
        if (head.Length >= 10 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9'
            && (head[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) || head[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x17, 0x72, 0x45, 0x38, 0x50, 0x90])))
            return "A bzip2-compressed file";
        return null;
    }
}
