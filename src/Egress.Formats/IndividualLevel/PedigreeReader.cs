using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// PLINK's per-person text without a header, by its rows: <c>.fam</c> (FID IID father mother sex
/// phenotype — one row per person) and <c>.ped</c> (the same six columns, then two allele columns per
/// variant — genotypes). Recognised when every row has that shape: sex coded 0/1/2, parents either 0
/// or people in the file, and each person listed once. The rows are scanned as text as well, so the
/// report names whose IDs they are.
/// </summary>
public sealed class PedigreeReader : IContentReader
{
    private const int MinRows = 3;
    private const int MaxRows = 2000;
    /// <summary>A row with at least this many allele columns is a .ped row even when it is the only one the head holds.</summary>
    private const int MinAllelesForOneRow = 200;

    private static readonly HashSet<string> SexCodes = new(StringComparer.Ordinal) { "0", "1", "2", "-9", "NA" };

    public string Format => "plink-text";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => Classify(head) is not null;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var shape = Classify(HeadLines.Of(source)) ?? throw new InvalidDataException("the PLINK pedigree rows changed between two reads");
        var size = ContentSize.Of(source, context);
        yield return shape.Alleles == 0
            ? new IndividualLevelPart(path, "PLINK .fam", size, "PLINK sample table (.fam: family, person, parents, sex and phenotype — one row per person)")
            : new IndividualLevelPart(path, "PLINK .ped", size,
                $"PLINK pedigree genotypes (.ped: one row per person with {shape.Alleles / 2:N0} genotype{(shape.Alleles == 2 ? "" : "s")} each)");
        yield return new TextPart(path, source);
    }

    private sealed record Shape(int Alleles);

    private static Shape? Classify(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty) return null;
        var text = HeadLines.WithoutBom(head);
        var isWhole = head.Length < Unpacker.HeadBytes;
        var lines = HeadLines.Split(text, isWhole, MaxRows);
        if (lines.Count == 0)
        {
            // One person's .ped row can be longer than the head: judge its beginning.
            var partial = HeadLines.Split(text, isWhole: true, 1);
            return partial.Count == 1 && OneLongRow(text[partial[0]]) is { } row && !LayoutSniffer.LooksBinary(head) ? row : null;
        }
        if (lines.Count < MinRows) return null;
        var width = HeadLines.CountTokens(text[lines[0]]);
        if (width < 6 || (width - 6) % 2 != 0 || LayoutSniffer.LooksBinary(head)) return null;
        var people = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<List<string>>(lines.Count);
        foreach (var line in lines)
        {
            var span = text[line];
            if (HeadLines.CountTokens(span) != width) return null;
            var tokens = HeadLines.Tokens(span, 6 + Math.Min(width - 6, 40));
            if (!SexCodes.Contains(tokens[4])) return null;
            if (!people.Add(tokens[0] + "\u0001" + tokens[1])) return null;
            if (width > 6 && !AllelesLookRight(tokens, 6)) return null;
            rows.Add(tokens);
        }
        // Parents are 0 (unknown) or people of the file — a father not female, a mother not male, nobody
        // their own parent; a table of numbers is rarely so.
        var sexOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in rows) sexOf.TryAdd(r[1], r[4]);
        var plausible = rows.Count(r => IsParent(r[2], r[1], "2", sexOf) && IsParent(r[3], r[1], "1", sexOf) && (r[2] == "0" || r[2] != r[3]));
        if (plausible * 2 < rows.Count) return null;
        return new Shape(width - 6);
    }

    private static Shape? OneLongRow(ReadOnlySpan<byte> line)
    {
        var tokens = HeadLines.Tokens(line, 6 + MinAllelesForOneRow);
        if (tokens.Count < 6 + MinAllelesForOneRow || !SexCodes.Contains(tokens[4])) return null;
        if (tokens[2] != "0" && tokens[2] == tokens[1]) return null;
        return AllelesLookRight(tokens, 6) ? new Shape(HeadLines.CountTokens(line) - 6) : null;
    }

    private static bool IsParent(string id, string child, string impossibleSex, Dictionary<string, string> sexOf) =>
        id == "0" || id != child && sexOf.TryGetValue(id, out var sex) && sex != impossibleSex;

    /// <summary>Allele columns hold one nucleotide or code each (A C G T, 1–4, 0 or N for missing, I/D).</summary>
    private static bool AllelesLookRight(List<string> tokens, int from)
    {
        var good = 0;
        for (var i = from; i < tokens.Count; i++)
            if (tokens[i].Length == 1 && "ACGTNacgtn01234ID-.".Contains(tokens[i][0])) good++;
        var total = tokens.Count - from;
        return total > 0 && good * 20 >= total * 19;
    }
}
