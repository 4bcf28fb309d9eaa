using Egress.Core;
using Egress.Formats;

namespace Egress.Checks;

/// <summary>
/// GWAS summary statistics are aggregate results and are checked like any table; but a variant whose
/// minor allele is carried by only a few people makes its row a statistic about those few. Tables whose
/// header names GWAS columns are counted as the scanner reads them (<see cref="MinorAlleleCounter"/>);
/// variants below the policy's minimum minor allele count send the file to review.
/// </summary>
public sealed class MinorAlleleCountRule(GwasPolicy policy)
{
    public const string Rule = "gwas-minor-allele-count";

    /// <summary>
    /// Wraps the stream the scanner reads so the counter sees the same bytes in the same pass.
    /// <paramref name="layout"/> is the table's layout when known (rendered tables), else it is sniffed.
    /// </summary>
    public Stream Watch(Stream inner, TextLayout? layout, out MinorAlleleCounter counter)
    {
        counter = new MinorAlleleCounter(policy.MinMinorAlleleCount, layout);
        return policy.MinMinorAlleleCount <= 0 ? inner : new WatchedStream(inner, counter);
    }

    /// <summary>The finding for a counted part, or null when it is no GWAS table or all its variants are above the threshold.</summary>
    public Finding? For(MinorAlleleCounter counter, PartLocation where)
    {
        counter.Complete();
        if (!counter.IsGwas || counter.LowVariants == 0) return null;
        var columns = counter.Columns!;
        return new Finding
        {
            Rule = Rule,
            Severity = policy.Severity,
            Location = where.LineRanges(counter.LowRanges, counter.LowRangeCount),
            Message = $"GWAS summary statistics: {counter.LowVariants:N0} of {counter.Variants:N0} variants have a minor allele count below {counter.Threshold} " +
                      $"(worked out as {columns.Method}). A variant carried by so few people makes its row a statistic about them.",
            Evidence = new Dictionary<string, object>
            {
                ["variants"] = counter.Variants,
                ["lowCountVariants"] = counter.LowVariants,
                ["minMinorAlleleCount"] = counter.Threshold,
                ["method"] = columns.Method,
            },
            Guidance = $"Filter variants with a minor allele count (MAC) below {counter.Threshold} before export " +
                       $"(e.g. plink2 --mac {counter.Threshold}, regenie --minMAC {counter.Threshold}), or ask an output checker to review them.",
        };
    }
}
