using System.Text;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// What a VCF's header and first records say about its columns: how many sample (genotype) columns the
/// #CHROM line names, how many the first records carry, and which FORMAT keys they use.
/// </summary>
public sealed record VcfHeader(long HeaderSamples, long DataSamples, IReadOnlySet<string> FormatKeys, int RecordsSeen)
{
    /// <summary>CHROM POS ID REF ALT QUAL FILTER INFO: the columns every VCF record has.</summary>
    public const int FixedColumns = 8;
    /// <summary>Records read after the header to see which FORMAT keys the genotype columns hold.</summary>
    public const int RecordsToSample = 64;

    /// <summary>
    /// The GWAS-VCF convention (MRC IEU OpenGWAS) stores per-variant summary statistics of a study in a
    /// "sample" column: effect size, standard error, −log10 p, allele frequency, sample size and so on.
    /// </summary>
    private static readonly HashSet<string> SummaryStatisticKeys = new(StringComparer.Ordinal) { "ES", "SE", "LP", "AF", "SS", "EZ", "SI", "NC", "ID" };

    /// <summary>The most sample columns seen, by the header or by the records.</summary>
    public long Samples => Math.Max(HeaderSamples, DataSamples);

    /// <summary>Every record seen holds summary statistics only (GWAS-VCF), no genotypes.</summary>
    public bool IsSummaryStatistics => RecordsSeen > 0 && FormatKeys.Count > 0 && FormatKeys.All(SummaryStatisticKeys.Contains);

    /// <summary>
    /// Reads the meta lines (##…), the #CHROM line and the first records. Throws
    /// <see cref="InvalidDataException"/> when the #CHROM line is missing or malformed.
    /// </summary>
    public static VcfHeader Read(Stream stream, Action cancelled, int recordsToSample = RecordsToSample)
    {
        var lines = new LinePrefixReader(stream);
        long headerSamples = -1;
        long dataSamples = 0;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var records = 0;
        while (lines.Next(out var prefix, out var tabs, out _))
        {
            cancelled();
            if (headerSamples < 0)
            {
                if (prefix.StartsWith("##"u8)) continue;
                if (!prefix.StartsWith("#CHROM"u8))
                    throw new InvalidDataException($"line {lines.Lines:N0} of the VCF comes before its #CHROM header line and is not a ## meta line");
                var columns = tabs + 1;
                if (columns < FixedColumns)
                    throw new InvalidDataException($"the VCF #CHROM line names {columns} columns; a VCF has at least {FixedColumns}");
                headerSamples = Math.Max(0, columns - FixedColumns - 1);
                continue;
            }
            if (prefix.IsEmpty) continue;
            records++;
            dataSamples = Math.Max(dataSamples, tabs + 1 - FixedColumns - 1);
            if (tabs >= FixedColumns + 1) AddFormatKeys(prefix, keys);
            if (records >= recordsToSample) break;
        }
        if (headerSamples < 0) throw new InvalidDataException("the VCF ends before its #CHROM header line");
        return new VcfHeader(headerSamples, dataSamples, keys, records);
    }

    /// <summary>The keys of a record's FORMAT column (the ninth), when it lies within the line's kept prefix.</summary>
    private static void AddFormatKeys(ReadOnlySpan<byte> line, HashSet<string> keys)
    {
        var column = 0;
        var start = 0;
        for (var i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != '\t') continue;
            if (column == FixedColumns)
            {
                if (i == line.Length) return; // cut off: its end was not kept
                foreach (var key in Encoding.ASCII.GetString(line[start..i]).Split(':'))
                    if (keys.Count < 256) keys.Add(key);
                return;
            }
            column++;
            start = i + 1;
        }
    }
}
