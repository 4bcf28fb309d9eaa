using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// Genetics tools' per-person text tables, by their header rows: PLINK 2 <c>.psam</c> (<c>#FID</c>/<c>#IID</c>),
/// Oxford <c>.sample</c> (<c>ID_1 ID_2 missing</c>), PLINK <c>--recode A</c> dosages <c>.raw</c>
/// (<c>FID IID PAT MAT SEX PHENOTYPE</c>, then a column per variant) and the transposed <c>.traw</c>
/// (<c>CHR SNP (C)M POS COUNTED ALT</c>, then a column per person). The table is scanned as text as
/// well, so the report names whose IDs it lists.
/// </summary>
public sealed class SampleTableReader : IContentReader
{
    public string Format => "sample-table";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => Describe(head) is not null && !LayoutSniffer.LooksBinary(head);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var (format, reason) = Describe(HeadLines.Of(source)) ?? throw new InvalidDataException("the sample table's header changed between two reads");
        yield return new IndividualLevelPart(path, format, ContentSize.Of(source, context), reason);
        yield return new TextPart(path, source);
    }

    private static (string Format, string Reason)? Describe(ReadOnlySpan<byte> head)
    {
        var text = HeadLines.WithoutBom(head);
        if (text.IsEmpty || text[0] is not ((byte)'#' or (byte)'I' or (byte)'F' or (byte)'C')) return null;
        var lines = HeadLines.Split(text, head.Length < Unpacker.HeadBytes, 2);
        if (lines.Count == 0) return null;
        var header = HeadLines.Tokens(text[lines[0]], 8);
        var columns = HeadLines.CountTokens(text[lines[0]]);
        if (header.Count < 2) return null;
        if (header[0] == "#IID" || header[0] == "#FID" && header[1] == "IID")
            return ("PLINK .psam", "PLINK 2 sample table (.psam: one row per person)");
        if (header.Count >= 3 && header[0] == "ID_1" && header[1] == "ID_2" && header[2] == "missing")
            return ("Oxford .sample", "Oxford sample file (.sample: one row per person, paired with genotype files)");
        if (header.Count >= 6 && header.Take(6).SequenceEqual(["FID", "IID", "PAT", "MAT", "SEX", "PHENOTYPE"]))
            return columns == 6
                ? ("PLINK .fam", "PLINK sample table with a header (family, person, parents, sex and phenotype — one row per person)")
                : ("PLINK .raw", $"PLINK genotype dosages (.raw: one row per person, {columns - 6:N0} variant column{(columns == 7 ? "" : "s")})");
        if (header.Count >= 6 && header.Take(6).SequenceEqual(["CHR", "SNP", "(C)M", "POS", "COUNTED", "ALT"]) && columns > 6)
            return ("PLINK .traw", $"PLINK transposed genotype dosages (.traw: {columns - 6:N0} person column{(columns == 7 ? "" : "s")})");
        return null;
    }
}
