using System.Buffers.Binary;
using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// PLINK binary genotype files, by the magic bytes 6C 1B and the mode byte after them: PLINK 1 <c>.bed</c>
/// (01 variant-major, 00 sample-major) and PLINK 2 <c>.pgen</c> (02–04 fixed-width, 10–13
/// variable-width), both genotype calls of individuals. A <c>.pgen.pgi</c> index (20, 21) holds
/// record offsets, not genotypes, and cannot be inspected.
/// </summary>
public sealed class PlinkBinaryReader : IContentReader
{
    public string Format => "plink";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= 2 && head[0] == 0x6C && head[1] == 0x1B && (head.Length == 2 || Kind(head[2]) is not null);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var head = source.Head(12);
        if (head.Length < 3)
        {
            yield return new Notice(path, NoticeKind.Corrupt, "a PLINK genotype file cut short after its magic bytes");
            yield break;
        }
        var size = ContentSize.Of(source, context);
        switch (Kind(head[2]))
        {
            case "bed":
                yield return new IndividualLevelPart(path, "PLINK .bed", size,
                    $"PLINK 1 binary genotype matrix (.bed, {(head[2] == 1 ? "variant-major" : "sample-major")}; {size - 3:N0} bytes of 2-bit genotype calls of individuals)");
                break;
            case "pgen":
                yield return new IndividualLevelPart(path, "PLINK .pgen", size, DescribePgen(head));
                break;
            default:
                yield return new OpaquePart(path, size, "PLINK 2 .pgen index (.pgi): variant record offsets of a genotype file, not inspectable");
                break;
        }
    }

    private static string? Kind(byte mode) => mode switch
    {
        0x00 or 0x01 => "bed",
        0x02 or 0x03 or 0x04 or >= 0x10 and <= 0x13 => "pgen",
        0x20 or 0x21 => "pgi",
        _ => null,
    };

    /// <summary>A .pgen header: variant count (bytes 3–6) and sample count (7–10), little-endian.</summary>
    private static string DescribePgen(byte[] head)
    {
        if (head.Length < 11) return "PLINK 2 genotype file (.pgen; genotypes of individuals; header cut short)";
        var variants = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(3));
        var samples = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(7));
        return $"PLINK 2 genotype file (.pgen) of {samples:N0} samples at {variants:N0} variants (genotypes of individuals)";
    }
}
