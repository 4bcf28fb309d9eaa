namespace Egress.Checks;

/// <summary>
/// The columns of a GWAS summary-statistics table, found by header names as the common tools write them
/// (PLINK, REGENIE, BOLT-LMM, SAIGE, METAL, GCTA, the GWAS Catalog format): a table is GWAS when it
/// has a variant column (CHR, BP, SNP…), a per-variant statistic (BETA, SE, P…) and an allele
/// frequency or count. Finds the columns the minor allele count is computed from.
/// </summary>
public sealed class GwasColumns
{
    private static readonly HashSet<string> VariantNames = Names(
        "CHR", "CHROM", "CHROMOSOME", "BP", "POS", "POSITION", "GENPOS", "BASEPAIRLOCATION", "SNP", "SNPID", "RSID", "RS", "ID",
        "MARKERNAME", "MARKER", "VARIANT", "VARIANTID", "CPTID");

    private static readonly HashSet<string> StatisticNames = Names(
        "P", "PVAL", "PVALUE", "PBOLTLMM", "PBOLTLMMINF", "PLINREG", "LOG10P", "MLOG10P", "NEGLOG10P", "LOGP", "LP",
        "BETA", "B", "EFFECT", "ES", "OR", "LOGOR", "SE", "STDERR", "STANDARDERROR", "SEBETA", "Z", "ZSCORE", "TSTAT", "TSTATISTIC", "CHISQ");

    /// <summary>Frequency columns by exact name; other names holding FREQ or FRQ are taken when none of these is present.</summary>
    private static readonly HashSet<string> FrequencyNames = Names(
        "AF", "EAF", "MAF", "RAF", "AF1", "A1FREQ", "A1FRQ", "FREQ", "FRQ", "FREQ1", "FREQA1", "ALTFREQ", "ALTFREQS", "AFALT", "ALTAF",
        "AFALLELE2", "AFCODED", "EFFECTALLELEFREQUENCY", "EFFECTALLELEFREQ", "MINORALLELEFREQUENCY", "MINORAF", "ALLELEFREQUENCY");

    private static readonly HashSet<string> MinorAlleleCountNames = Names("MAC", "MINORALLELECOUNT", "MACOUNT", "MINORAC");
    private static readonly HashSet<string> AlleleCountNames = Names("AC", "ACALLELE2", "A1CT", "ALTCT", "ALTCOUNT", "EFFECTALLELECOUNT");
    private static readonly HashSet<string> SampleSizeNames = Names(
        "N", "NTOTAL", "TOTALN", "NTOT", "NALL", "NOBS", "OBSCT", "NMISS", "NSAMPLES", "SAMPLESIZE", "NCOMPLETESAMPLES");
    private static readonly HashSet<string> CaseNames = Names("NCASES", "NCASE", "CASES", "NCAS");
    private static readonly HashSet<string> ControlNames = Names("NCONTROLS", "NCONTROL", "CONTROLS", "NCTRL", "NCON");

    private GwasColumns(IReadOnlyList<string> header, List<string> names)
    {
        Width = names.Count;
        Header = header;
        MinorAlleleCount = Find(names, MinorAlleleCountNames);
        AlleleCount = Find(names, AlleleCountNames);
        Frequency = Find(names, FrequencyNames);
        if (Frequency < 0) Frequency = names.FindIndex(n => n.Contains("FREQ") || n.Contains("FRQ"));
        SampleSize = Find(names, SampleSizeNames);
        Cases = Find(names, CaseNames);
        Controls = Find(names, ControlNames);
    }

    public int Width { get; }
    public IReadOnlyList<string> Header { get; }
    /// <summary>Column indexes, -1 when absent.</summary>
    public int MinorAlleleCount { get; }
    public int AlleleCount { get; }
    public int Frequency { get; }
    public int SampleSize { get; }
    public int Cases { get; }
    public int Controls { get; }

    public bool HasSampleSize => SampleSize >= 0 || Cases >= 0 && Controls >= 0;

    /// <summary>Whether every row's minor allele count can be worked out from these columns.</summary>
    public bool CanCountMinorAlleles => MinorAlleleCount >= 0 || HasSampleSize && (AlleleCount >= 0 || Frequency >= 0);

    /// <summary>How the count is worked out, for the report.</summary>
    public string Method
    {
        get
        {
            if (MinorAlleleCount >= 0) return $"column '{Header[MinorAlleleCount]}'";
            var n = SampleSize >= 0 ? $"'{Header[SampleSize]}'" : $"'{Header[Cases]}' + '{Header[Controls]}'";
            return AlleleCount >= 0
                ? $"min(AC, 2N − AC) from '{Header[AlleleCount]}' and N = {n}"
                : $"2·N·min(AF, 1 − AF) from '{Header[Frequency]}' and N = {n}";
        }
    }

    /// <summary>The columns when the header names a GWAS table, else null.</summary>
    public static GwasColumns? FromHeader(IReadOnlyList<string> header)
    {
        if (header.Count < 3) return null;
        var names = header.Select(Normalise).ToList();
        var hasVariant = names.Any(VariantNames.Contains);
        var hasStatistic = names.Any(StatisticNames.Contains);
        var columns = new GwasColumns(header, names);
        var hasAlleles = columns.MinorAlleleCount >= 0 || columns.AlleleCount >= 0 || columns.Frequency >= 0;
        return hasVariant && hasStatistic && hasAlleles ? columns : null;
    }

    /// <summary>"A1_FREQ", "a1freq" and "#A1FREQ" are the same column: upper case, no punctuation.</summary>
    public static string Normalise(string name)
    {
        Span<char> kept = stackalloc char[Math.Min(name.Length, 64)];
        var n = 0;
        foreach (var c in name)
        {
            if (n == kept.Length) break;
            if (char.IsAsciiLetterOrDigit(c)) kept[n++] = char.ToUpperInvariant(c);
        }
        return new string(kept[..n]);
    }

    private static int Find(List<string> names, HashSet<string> wanted) => names.FindIndex(wanted.Contains);

    private static HashSet<string> Names(params string[] names) => new(names, StringComparer.Ordinal);
}
