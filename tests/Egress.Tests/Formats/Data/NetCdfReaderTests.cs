using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class NetCdfReaderTests
{
    private static readonly SampleTable Small = new(["bmi", "code", "sbp"],
    [
        ["27.1234", "I10", "130"],
        ["", "E11", "-117"],
        ["0.30000000000000004", "", "95"],
    ]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Variables_along_a_dimension_are_one_table(bool record)
    {
        var bytes = NetCdfTestWriter.Write(Small, record);
        Assert.True(new NetCdfReader().Recognizes(bytes, new MemorySource(bytes)));
        var parts = DataVerdicts.WalkReadingRows(bytes, "t.nc");
        Assert.DoesNotContain(parts, p => p is Notice);
        var table = Assert.Single(parts.OfType<TablePart>());
        Assert.Equal("t.nc#row", table.Path);
        Assert.Equal(["bmi", "code", "sbp"], table.Header!);
        Assert.Equal([["27.1234", "I10", "130"], ["", "E11", "-117"], ["0.30000000000000004", "", "95"]], table.Rows.Select(r => r.ToArray()).ToArray());
        Assert.Contains(parts, p => p is TextPart { Path: "t.nc#attributes" });
    }

    [Fact]
    public void Every_truncation_and_many_corruptions_end_without_an_exception()
    {
        var bytes = NetCdfTestWriter.Write(Small);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var parts = DataVerdicts.WalkReadingRows(bytes[..cut], "cut.nc");
            // The last variable's padding holds nothing.
            if (cut >= 32 && cut < bytes.Length - 3) Assert.Contains(parts, p => p is Notice);
        }
        var random = new Random(29);
        for (var i = 0; i < 3000; i++)
        {
            var damaged = (byte[])bytes.Clone();
            for (var k = 0; k < 1 + i % 3; k++) damaged[4 + random.Next(damaged.Length - 4)] = (byte)random.Next(256);
            DataVerdicts.WalkReadingRows(damaged, "flip.nc");
        }
    }
}

[Collection("indexed-cohort")]
public class NetCdfCheckTests(IndexedCohort cohort)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_participant_slice_in_netcdf_is_blocked(bool record)
    {
        var path = cohort.NewFile("slice.nc");
        File.WriteAllBytes(path, NetCdfTestWriter.Write(SampleTable.Slice(cohort, skip: 6800), record));
        DataVerdicts.AssertLeakFound(cohort.Check(path), "slice.nc#row");
    }

    [Fact]
    public void Legitimate_aggregates_in_netcdf_are_not_blocked()
    {
        DataVerdicts.AssertAggregatesNotBlocked(cohort, "nc", table => NetCdfTestWriter.Write(table));
    }

    [Fact]
    public void Truncated_and_corrupt_netcdf_files_are_not_released()
    {
        var bytes = NetCdfTestWriter.Write(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable));
        DataVerdicts.AssertDamagedNotReleased(cohort, "nc", bytes, [40, 120, bytes.Length / 2, bytes.Length - 9], b => b[8] = 0x55); // the dimension list's tag
    }
}
