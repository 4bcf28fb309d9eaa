using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// VCF text (by its first line, <c>##fileformat=VCF</c>; gzip'd and BGZF files arrive here decompressed).
/// Sample columns after FORMAT are genotypes of individuals: individual-level. A sites-only VCF (no
/// samples) is a table of variants, and so is a GWAS-VCF whose "sample" columns hold only summary
/// statistics: both are scanned as text like any table. A VCF with samples is scanned as text too, so
/// the report also names the participants whose IDs label its columns.
/// </summary>
public sealed class VcfReader : IContentReader
{
    public string Format => "vcf";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        HeadLines.WithoutBom(head).StartsWith("##fileformat=VCF"u8);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        VcfHeader header;
        using (var stream = source.Open()) header = VcfHeader.Read(stream, context.ThrowIfCancelled);
        if (header.Samples > 0 && !header.IsSummaryStatistics)
        {
            yield return new IndividualLevelPart(path, "VCF", ContentSize.Of(source, context), Describe(header));
        }
        yield return new TextPart(path, source);
    }

    private static string Describe(VcfHeader header) =>
        header.HeaderSamples >= header.DataSamples
            ? $"VCF with {header.HeaderSamples:N0} sample column{(header.HeaderSamples == 1 ? "" : "s")} (genotypes of individuals)"
            : $"VCF whose records carry {header.DataSamples:N0} genotype column{(header.DataSamples == 1 ? "" : "s")} that the #CHROM line does not name (genotypes of individuals)";
}
