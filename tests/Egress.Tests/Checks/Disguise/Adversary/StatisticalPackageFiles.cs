using Egress.Tests.Formats.Data.Support;

namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>The table as a SAS dataset (64-bit, uncompressed): numbers as doubles, ISO dates as SAS dates.</summary>
public sealed class SasDataset : ILeakWriter
{
    public string Name => "SAS7BDAT";
    public string Item => "13 statistical packages' files";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random) =>
        [new("extract.sas7bdat", SasWriter.Write(StatisticalTables.Sample(table), new SasWriter.Options { DatasetLabel = "analysis extract" }))];
}

/// <summary>The table as a run-length compressed (COMPRESS=CHAR) 32-bit SAS dataset.</summary>
public sealed class SasCompressedDataset : ILeakWriter
{
    public string Name => "SAS7BDAT, RLE-compressed";
    public string Item => "13 statistical packages' files";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random) =>
        [new("extract.sas7bdat", SasWriter.Write(StatisticalTables.Sample(table), new SasWriter.Options { U64 = false, Rle = true }))];
}

/// <summary>Means, SDs and quantiles of every measurement by group, with many decimals, as a compressed SAS dataset.</summary>
public sealed class SasSummaryTable : ILookAlike
{
    public string Name => "summaries with many decimals as SAS7BDAT";
    public string Item => "13 statistical packages' files";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random) =>
        [new("summaries.sas7bdat", SasWriter.Write(StatisticalTables.Summaries(cohort), new SasWriter.Options { Rle = random.Next(2) == 0 }))];
}

public static class StatisticalTables
{
    public static SampleTable Sample(LeakTable table) => new(table.Header, table.Rows.Select(r => r.ToArray()).ToList());

    /// <summary>The look-alike summaries (<see cref="ManyDecimalSummaries"/>) as a table.</summary>
    public static SampleTable Summaries(AdversaryCohort cohort)
    {
        var csv = System.Text.Encoding.UTF8.GetString(new ManyDecimalSummaries().Make(cohort, new Random(1))[0].Content);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new SampleTable(lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }
}
