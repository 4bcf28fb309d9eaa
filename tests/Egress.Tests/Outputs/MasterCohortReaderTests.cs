using System.IO.Compression;
using Egress.Cohort.Outputs;
using Xunit;

namespace Egress.Tests.Outputs;

public sealed class MasterCohortReaderTests
{
    [Fact]
    public void Reads_columns_by_name_tolerating_missing_columns_empty_cells_and_quotes()
    {
        const string csv = "eid,\"31-0.0\",21001-0.0,53-0.0,41270-0.0,41270-0.1\n" +
                           "1234567,0,27.5000,2008-05-01,I10,\n" +
                           "2345678,1,,,\"E119\",K573\n" +
                           "3456789,,31.25\n";
        var master = MasterCohortReader.Read(new StringReader(csv));
        Assert.Equal(3, master.Count);
        Assert.Null(master.Numbers("eid"));
        Assert.Null(master.Numbers("30690-0.0"));
        Assert.Equal([0, 1, null], master.Codes("31-0.0")!);
        var bmi = master.Numbers("21001-0.0")!;
        Assert.Equal(27.5, bmi[0]);
        Assert.True(double.IsNaN(bmi[1]));
        Assert.Equal(31.25, bmi[2]);
        Assert.Equal([new DateOnly(2008, 5, 1), null, null], master.Dates("53-0.0")!);
        Assert.Equal(2, master.TextArray("41270").Count);
        Assert.Equal("E119", master.Texts("41270-0.0")![1]);
    }

    [Fact]
    public void Reads_a_gzipped_master_and_builds_variables_from_a_sparse_one()
    {
        using var folder = new TempFolder();
        using (var file = File.Create(Path.Combine(folder.Path, "master.csv.gz")))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gz))
        {
            writer.Write("eid,31-0.0,21003-0.0\n");
            for (int i = 0; i < 200; i++) writer.Write($"{1000000 + i},{i % 2},{40 + i % 30}\n");
        }
        var cohort = CohortVariables.From(MasterCohortReader.Read(folder.Path));
        Assert.Equal(200, cohort.Count);
        Assert.NotNull(cohort.CategoricalByName("sex"));
        Assert.NotNull(cohort.CategoricalByName("age_band"));
        Assert.Null(cohort.ContinuousByName("bmi"));
        Assert.False(cohort.HasDiagnoses);
    }

    [Fact]
    public void A_cohort_with_few_columns_still_yields_the_requested_outputs()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "master.csv"),
            "eid,31-0.0,21003-0.0\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"{2000000 + i},{i % 2},{40 + i % 30}\n")));
        var outputs = LegitimateOutputGenerator.Generate(folder.Path, Path.Combine(folder.Path, "out"), 16, 9);
        Assert.Equal(16, outputs.Count);
        Assert.All(outputs, o => Assert.True(File.Exists(o.FullPath)));
    }
}
