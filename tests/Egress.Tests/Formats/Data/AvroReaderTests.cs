using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class AvroReaderTests
{
    private static readonly SampleTable Small = new(["bmi", "code", "sbp"],
    [
        ["27.1234", "I10", "130"],
        ["", "E11", "-117"],
        ["0.30000000000000004", "", "95"],
    ]);

    [Theory]
    [InlineData("null")]
    [InlineData("deflate")]
    public void Records_are_one_table_across_blocks(string codec)
    {
        var bytes = AvroTestWriter.Write(Small, codec, blockRows: 2);
        Assert.True(new AvroReader().Recognizes(bytes, new MemorySource(bytes)));
        var (table, rows, after) = DataVerdicts.Table(new AvroReader(), bytes, "t.avro");
        Assert.Equal(["bmi", "code", "sbp"], table.Header!);
        Assert.Equal([["27.1234", "I10", "130"], ["", "E11", "-117"], ["0.30000000000000004", "", "95"]], rows.Select(r => r.ToArray()).ToArray());
        Assert.DoesNotContain(after, p => p is Notice);
        Assert.Contains(after, p => p is TextPart { Path: "t.avro#metadata" });
    }

    [Fact]
    public void Every_truncation_and_many_corruptions_end_without_an_exception()
    {
        var bytes = AvroTestWriter.Write(Small, "null", blockRows: 2);
        var sync = bytes[^16..];
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var parts = DataVerdicts.WalkReadingRows(bytes[..cut], "cut.avro");
            // Avro counts no blocks: a file cut right after a sync marker is a shorter valid file (as a CSV cut at a line end).
            if (cut >= 4 && !bytes.AsSpan(0, cut).EndsWith(sync)) Assert.Contains(parts, p => p is Notice);
        }
        var random = new Random(23);
        for (var i = 0; i < 3000; i++)
        {
            var damaged = (byte[])bytes.Clone();
            for (var k = 0; k < 1 + i % 3; k++) damaged[4 + random.Next(damaged.Length - 4)] = (byte)random.Next(256);
            DataVerdicts.WalkReadingRows(damaged, "flip.avro");
        }
    }
}

[Collection("indexed-cohort")]
public class AvroCheckTests(IndexedCohort cohort)
{
    [Fact]
    public void A_participant_slice_in_avro_is_blocked()
    {
        var path = cohort.NewFile("slice.avro");
        File.WriteAllBytes(path, AvroTestWriter.Write(SampleTable.Slice(cohort, skip: 6600)));
        DataVerdicts.AssertLeakFound(cohort.Check(path), null);
    }

    [Fact]
    public void Legitimate_aggregates_in_avro_are_not_blocked()
    {
        DataVerdicts.AssertAggregatesNotBlocked(cohort, "avro", table => AvroTestWriter.Write(table));
    }

    [Fact]
    public void Truncated_and_corrupt_avro_files_are_not_released()
    {
        var bytes = AvroTestWriter.Write(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable), "null", blockRows: 10);
        DataVerdicts.AssertDamagedNotReleased(cohort, "avro", bytes, [10, 200, bytes.Length / 2, bytes.Length - 1], b => b[^3] ^= 0x55); // the last block's sync marker
    }
}
