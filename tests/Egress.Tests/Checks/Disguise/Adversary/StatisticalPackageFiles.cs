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

/// <summary>The table as HDF5 columns, one dataset per column in a group, as pandas/PyTables and anndata's obs keep them.</summary>
public sealed class Hdf5ColumnsDataset : ILeakWriter
{
    public string Name => "HDF5 columns";
    public string Item => "13 statistical packages' files";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var compressed = random.Next(2) == 0;
        return [new("extract.h5", Hdf5Writer.Write(Hdf5Writer.Columns(StatisticalTables.Sample(table), "df", compressed ? 64 : 0, compressed, compressed)))];
    }
}

/// <summary>The numeric columns as one chunked, deflated 2-D float matrix (anndata's X), their names beside it.</summary>
public sealed class Hdf5MatrixDataset : ILeakWriter
{
    public string Name => "HDF5 2-D float matrix";
    public string Item => "13 statistical packages' files";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random) =>
        [new("matrix.h5ad", Hdf5Writer.Write(Hdf5Writer.Matrix(StatisticalTables.Sample(table), chunk: 100, deflate: true)))];
}

/// <summary>The table as netCDF-4 variables: one chunked, deflated dataset per column along one dimension, in the root group.</summary>
public sealed class NetCdf4Dataset : ILeakWriter
{
    public string Name => "netCDF-4 (HDF5) variables";
    public string Item => "13 statistical packages' files";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var root = Hdf5Writer.Columns(StatisticalTables.Sample(table), "", chunk: 256, deflate: true);
        root.Add("obs", Hdf5Writer.Dataset.Longs(Enumerable.Range(0, table.Rows.Count).Select(i => (long)i).ToArray()));
        return [new("extract.nc", Hdf5Writer.Write(root))];
    }
}

/// <summary>Means, SDs and quantiles of every measurement by group, with many decimals, as HDF5 columns.</summary>
public sealed class Hdf5SummaryTable : ILookAlike
{
    public string Name => "summaries with many decimals as HDF5";
    public string Item => "13 statistical packages' files";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random) =>
        [new("summaries.h5", Hdf5Writer.Write(Hdf5Writer.Columns(StatisticalTables.Summaries(cohort), "summary", random.Next(2) == 0 ? 16 : 0, deflate: true)))];
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
