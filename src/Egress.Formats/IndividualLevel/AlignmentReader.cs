using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// Sequencing reads aligned to a genome: BAM (magic "BAM\1", after its BGZF layer is decompressed),
/// CRAM ("CRAM" and a major version) and SAM text (header lines @HD, @SQ, @RG, @PG). Reads are one
/// person's DNA.
/// </summary>
public sealed class AlignmentReader : IContentReader
{
    public string Format => "alignment";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => Kind(head) is not null;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var kind = Kind(source.Head(16)) ?? throw new InvalidDataException("the alignment header changed between two reads");
        yield return new IndividualLevelPart(path, kind, ContentSize.Of(source, context), $"{kind} sequence reads (DNA of individuals)");
    }

    private static string? Kind(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("BAM\u0001"u8)) return "BAM";
        if (head.Length >= 5 && head.StartsWith("CRAM"u8) && head[4] is >= 1 and <= 4) return "CRAM";
        var text = HeadLines.WithoutBom(head);
        if (text.StartsWith("@HD\tVN:"u8) || text.StartsWith("@SQ\tSN:"u8) || text.StartsWith("@RG\tID:"u8) || text.StartsWith("@PG\tID:"u8)) return "SAM";
        return null;
    }
}
