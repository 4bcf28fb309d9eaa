using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class SavReaderTests
{
    private static readonly SampleTable Small = new(["body_mass_index", "code", "sbp", "comment"],
    [
        ["27.1234", "I10", "130", "short"],
        ["", "E11", "-117", "a comment longer than eight bytes"],
        ["0.30000000000000004", "", "95", ""],
    ]);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Variables_are_a_table_with_long_names_and_labels_are_text(bool compressed)
    {
        var bytes = SavWriter.Write(Small, compressed, "UKB extract", "Body mass index (kg/m2)");
        Assert.True(new SavReader().Recognizes(bytes, new MemorySource(bytes)));
        var parts = DataVerdicts.WalkReadingRows(bytes, "d.sav");
        Assert.DoesNotContain(parts, p => p is Notice);
        var table = Assert.IsType<TablePart>(parts[0]);
        Assert.Equal(["body_mass_index", "code", "sbp", "comment"], table.Header!);
        Assert.Equal([["27.1234", "I10", "130", "short"], ["", "E11", "-117", "a comment longer than eight bytes"], ["0.30000000000000004", "", "95", ""]],
            table.Rows.Select(r => r.ToArray()).ToArray());
        var labels = new StreamReader(Assert.IsType<TextPart>(parts[1]).Source.Open()).ReadToEnd();
        Assert.Equal("file label: UKB extract\nV1: Body mass index (kg/m2)\n", labels);
    }

    [Fact]
    public void Every_truncation_and_many_corruptions_end_without_an_exception()
    {
        var bytes = SavWriter.Write(Small);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var parts = DataVerdicts.WalkReadingRows(bytes[..cut], "cut.sav");
            // Cutting only the end-of-data block (the cases are counted in the header) loses nothing.
            if (cut >= 176 && cut != bytes.Length - 8) Assert.Contains(parts, p => p is Notice);
        }
        var random = new Random(19);
        for (var i = 0; i < 3000; i++)
        {
            var damaged = (byte[])bytes.Clone();
            for (var k = 0; k < 1 + i % 3; k++) damaged[68 + random.Next(damaged.Length - 68)] = (byte)random.Next(256);
            DataVerdicts.WalkReadingRows(damaged, "flip.sav");
        }
    }
}

[Collection("indexed-cohort")]
public class SavCheckTests(IndexedCohort cohort)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_participant_slice_in_spss_is_blocked(bool compressed)
    {
        var path = cohort.NewFile("slice.sav");
        File.WriteAllBytes(path, SavWriter.Write(SampleTable.Slice(cohort, skip: 6400), compressed));
        DataVerdicts.AssertLeakFound(cohort.Check(path), null);
    }

    [Fact]
    public void Legitimate_aggregates_in_spss_are_not_blocked()
    {
        DataVerdicts.AssertAggregatesNotBlocked(cohort, "sav", table => SavWriter.Write(table, fileLabel: "aggregate results"));
    }

    [Fact]
    public void Truncated_and_corrupt_spss_files_are_not_released()
    {
        var bytes = SavWriter.Write(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable));
        DataVerdicts.AssertDamagedNotReleased(cohort, "sav", bytes, [100, 300, bytes.Length / 2, bytes.Length - 5], b => b[176] = 9); // the first record's type
    }
}
