using System.Runtime.CompilerServices;
using System.Text;

namespace Egress.Cohort.Outputs;

/// <summary>
/// Simulated GWAS summary statistics for a cohort phenotype: one row per variant with CHR, BP, SNP, A1, A2, BETA, SE,
/// P, AF and N. Genome-wide files hold thousands of 8–9 digit positions; regional files (a locus in the first 10 Mb
/// of a chromosome) hold thousands of 7-digit positions — numbers shaped like participant IDs that are not.
/// </summary>
public sealed class GwasSummaryStatisticsOutput : ILegitimateOutput
{
    public OutputKind Kind => OutputKind.GwasSummaryStatistics;

    /// <summary>The columns every file carries (names as PLINK/METAL/LDSC users write them).</summary>
    public static readonly string[] RequiredColumns = ["CHR", "BP", "SNP", "A1", "A2", "BETA", "SE", "P", "AF", "N"];

    /// <summary>GRCh37 autosome lengths.</summary>
    private static readonly int[] ChromosomeLength =
    [
        249250621, 243199373, 198022430, 191154276, 180915260, 171115067, 159138663, 146364022, 141213431, 135534747, 135006516,
        133851895, 115169878, 107349540, 102531392, 90354753, 81195210, 78077248, 59128983, 63025520, 48129895, 51304566,
    ];

    private static readonly string[] Phenotypes = ["bmi", "height", "ldl", "hdl", "sbp", "dbp", "hba1c", "crp", "triglycerides", "cholesterol", "haemoglobin", "platelets", "wbc"];

    private sealed record Variant(int Chr, int Bp, string Snp, string A1, string A2, double Af, double Info, double Beta, double Se, double P, int N);

    public OutputDraft? TryCreate(CohortVariables cohort, SeededRandom rng)
    {
        var available = Phenotypes.Select(cohort.ContinuousByName).OfType<ContinuousVariable>().ToList();
        var phenotype = available.Count > 0 ? rng.Pick(available) : null;
        string trait = phenotype?.Name ?? "trait";
        string traitLabel = phenotype?.Label ?? "a quantitative trait";
        int n = phenotype is null ? cohort.Count : phenotype.Values.Count(v => !double.IsNaN(v));
        if (n < 100) n = Math.Max(cohort.Count, 100);

        double r = rng.NextDouble();
        List<Variant> variants;
        string scope, baseName;
        if (r < 0.35)
        {
            variants = GenomeWide(rng, n, rng.Between(2000, 8000));
            scope = "genome-wide (thinned)";
            baseName = $"gwas_{trait}_sumstats";
        }
        else if (r < 0.7)
        {
            int chr = rng.Between(1, 22);
            variants = Regional(rng, n, chr, rng.Between(800, 5000));
            scope = $"regional, chromosome {chr} {variants[0].Bp:N0}-{variants[^1].Bp:N0}";
            baseName = $"gwas_{trait}_chr{chr}_locus";
        }
        else if (r < 0.85)
        {
            int chr = rng.Pick(new[] { 19, 20, 21, 22, 17, 18 });
            variants = Chromosome(rng, n, chr, rng.Between(1500, 6000));
            scope = $"chromosome {chr}";
            baseName = $"gwas_{trait}_chr{chr}";
        }
        else
        {
            variants = LeadVariants(rng, n, rng.Between(8, 80));
            scope = "independent genome-wide significant lead variants (P < 5e-8)";
            baseName = $"gwas_{trait}_lead_snps";
        }

        var (content, extension, format) = Write(variants, rng);
        return new OutputDraft(baseName, extension, content,
            $"GWAS summary statistics for {traitLabel} ({scope}; {variants.Count} variants; simulated per-variant results, N from the cohort); {format}");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string RsId(SeededRandom rng, HashSet<string> used)
    {
        while (true)
        {
            // rsIDs span rs1…rs1.5e9; array and imputed panels are dominated by 6–9 digit numbers.
            double exponent = rng.Uniform(3.5, 9.1);
            string id = "rs" + ((long)Math.Pow(10, exponent)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (used.Add(id)) return id;
        }
    }

    private static (string, string) Alleles(SeededRandom rng)
    {
        string[] bases = ["A", "C", "G", "T"];
        if (rng.Chance(0.04))
        {
            string b = rng.Pick(bases);
            return rng.Chance(0.5) ? (b, b + rng.Pick(bases) + rng.Pick(bases)) : (b + rng.Pick(bases), b);
        }
        int a = rng.Next(4), c = (a + 1 + rng.Next(3)) % 4;
        return (bases[a], bases[c]);
    }

    /// <summary>One variant; <paramref name="signal"/> is its expected z-score (0 for a null variant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Variant MakeVariant(SeededRandom rng, int n, int chr, int bp, HashSet<string> ids, double signal)
    {
        var (a1, a2) = Alleles(rng);
        // Released summary statistics are filtered on minor allele count (MAC ≥ 20 is common practice, and
        // the checker reviews MAC < 10): in a small cohort the frequency floor rises above 0.5 %.
        double minAf = Math.Max(0.005, 20.0 / (2 * n));
        double af = Math.Clamp(rng.Beta(0.6, 0.9), minAf, 1 - minAf);
        double info = Math.Min(1, rng.Uniform(0.82, 1.02));
        int nVariant = n - rng.Next(Math.Max(1, n / 50)); // per-variant call rate
        double se = 1 / Math.Sqrt(2 * nVariant * af * (1 - af) * info); // trait in SD units
        double z = rng.Normal(signal * Math.Sign(rng.NextDouble() - 0.3), 1);
        double p = Math.Max(StatisticalDistributions.NormalTwoSidedP(z), 1e-300);
        return new Variant(chr, bp, RsId(rng, ids), a1, a2, af, info, z * se, se, p, nVariant);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<int> SortedPositions(SeededRandom rng, int count, int from, int to)
    {
        var set = new HashSet<int>();
        while (set.Count < count) set.Add(rng.Between(from, to));
        var list = set.ToList();
        list.Sort();
        return list;
    }

    private static List<Variant> GenomeWide(SeededRandom rng, int n, int count)
    {
        var ids = new HashSet<string>();
        var variants = new List<Variant>(count);
        long genome = ChromosomeLength.Sum(l => (long)l);
        // A few true loci with elevated z-scores around them.
        var loci = Enumerable.Range(0, rng.Between(2, 12)).Select(_ => (Chr: rng.Between(1, 22), Bp: 0)).ToList();
        for (int chr = 1; chr <= 22; chr++)
        {
            int length = ChromosomeLength[chr - 1];
            int k = (int)Math.Round((double)count * length / genome);
            var positions = SortedPositions(rng, k, 10_000, length - 10_000);
            var centres = loci.Where(l => l.Chr == chr).Select(_ => rng.Pick(positions)).ToList();
            foreach (int bp in positions)
            {
                double signal = centres.Select(c => 8 * Math.Exp(-Math.Abs(bp - c) / 150_000.0)).DefaultIfEmpty(0).Max();
                variants.Add(MakeVariant(rng, n, chr, bp, ids, signal));
            }
        }
        return variants;
    }

    /// <summary>A locus-zoom region inside the first 10 Mb of a chromosome, so every position has 7 digits.</summary>
    private static List<Variant> Regional(SeededRandom rng, int n, int chr, int count)
    {
        int halfWidth = rng.Between(250_000, 1_000_000);
        int centre = rng.Between(1_000_000 + halfWidth, 9_999_999 - halfWidth);
        double peak = rng.Uniform(5, 14);
        double decay = rng.Uniform(40_000, 200_000);
        var ids = new HashSet<string>();
        return SortedPositions(rng, count, centre - halfWidth, centre + halfWidth)
            .Select(bp => MakeVariant(rng, n, chr, bp, ids, peak * Math.Exp(-Math.Abs(bp - centre) / decay) * rng.Uniform(0.3, 1)))
            .ToList();
    }

    private static List<Variant> Chromosome(SeededRandom rng, int n, int chr, int count)
    {
        int length = ChromosomeLength[chr - 1];
        int centre = rng.Between(1_000_000, length - 1_000_000);
        var ids = new HashSet<string>();
        return SortedPositions(rng, count, 60_000, length - 60_000)
            .Select(bp => MakeVariant(rng, n, chr, bp, ids, 9 * Math.Exp(-Math.Abs(bp - centre) / 100_000.0)))
            .ToList();
    }

    private static List<Variant> LeadVariants(SeededRandom rng, int n, int count)
    {
        var ids = new HashSet<string>();
        var list = new List<Variant>();
        while (list.Count < count)
        {
            int chr = rng.Between(1, 22);
            int bp = rng.Between(100_000, ChromosomeLength[chr - 1] - 100_000);
            var v = MakeVariant(rng, n, chr, bp, ids, rng.Uniform(6, 20));
            if (v.P < 5e-8) list.Add(v);
        }
        return list.OrderBy(v => v.Chr).ThenBy(v => v.Bp).ToList();
    }

    /// <summary>Writes the table in a randomly chosen but consistent convention (column order, separator, number style).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (string Content, string Extension, string Format) Write(List<Variant> variants, SeededRandom rng)
    {
        var columns = RequiredColumns.ToList();
        int order = rng.Next(3);
        if (order == 1) columns = ["SNP", "CHR", "BP", "A1", "A2", "AF", "BETA", "SE", "P", "N"];
        if (order == 2) columns = ["CHR", "SNP", "BP", "A1", "A2", "AF", "N", "BETA", "SE", "P"];
        if (rng.Chance(0.4)) columns.Insert(columns.IndexOf("AF") + 1, "INFO");
        if (rng.Chance(0.3)) columns.Insert(columns.IndexOf("SE") + 1, "Z");
        int betaDecimals = rng.Between(4, 6), afDecimals = rng.Between(3, 4);
        bool upperE = rng.Chance(0.4);
        int pDigits = rng.Between(2, 4);
        (char Sep, string Ext, string Name) = rng.Next(4) switch
        {
            0 => ('\t', ".tsv", "tab-separated"),
            1 => (' ', ".txt", "space-separated"),
            2 => (',', ".csv", "CSV"),
            _ => ('\0', ".txt", "whitespace-aligned (PLINK style)"),
        };
        string Cell(Variant v, string column) => column switch
        {
            "CHR" => v.Chr.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "BP" => v.Bp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "SNP" => v.Snp,
            "A1" => v.A1,
            "A2" => v.A2,
            "AF" => Num.F(v.Af, afDecimals),
            "INFO" => Num.F(v.Info, 3),
            "BETA" => Num.F(v.Beta, betaDecimals),
            "SE" => Num.F(v.Se, betaDecimals),
            "Z" => Num.F(v.Beta / v.Se, 3),
            "P" => Num.Sci(v.P, pDigits - 1, upperE),
            "N" => v.N.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException(column),
        };
        var rows = variants.Select(v => columns.Select(c => Cell(v, c)).ToArray()).ToList();
        var sb = new StringBuilder(rows.Count * 80);
        if (Sep != '\0')
        {
            sb.Append(string.Join(Sep, columns)).Append('\n');
            foreach (var row in rows) sb.Append(string.Join(Sep, row)).Append('\n');
        }
        else
        {
            var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Max(r => r[i].Length))).ToArray();
            sb.Append(string.Join(' ', columns.Select((c, i) => c.PadLeft(widths[i])))).Append('\n');
            foreach (var row in rows) sb.Append(string.Join(' ', row.Select((c, i) => c.PadLeft(widths[i])))).Append('\n');
        }
        return (sb.ToString(), Ext, Name);
    }
}
