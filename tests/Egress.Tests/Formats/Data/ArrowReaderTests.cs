using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class ArrowReaderTests
{
    private static readonly SampleTable Small = new(["bmi", "code", "sbp"],
    [
        ["27.1234", "I10", "130"],
        ["", "E11", "-117"],
        ["0.30000000000000004", "", "95"],
        ["31.5", "I10", ""],
    ]);

    private static readonly string[][] Expected =
        [["27.1234", "I10", "130"], ["", "E11", "-117"], ["0.30000000000000004", "", "95"], ["31.5", "I10", ""]];

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, true)]
    public void Columns_are_one_table_across_batches(bool dictionary, bool stream, bool lz4)
    {
        var bytes = ArrowTestWriter.Write(Small, batchRows: 3, dictionaryStrings: dictionary, stream: stream, lz4: lz4);
        Assert.True(new ArrowReader().Recognizes(bytes, new MemorySource(bytes)));
        var (table, rows, after) = DataVerdicts.Table(new ArrowReader(), bytes, "t.feather");
        Assert.Equal(["bmi", "code", "sbp"], table.Header!);
        Assert.Equal(Expected, rows.Select(r => r.ToArray()).ToArray());
        Assert.DoesNotContain(after, p => p is Notice);
        Assert.Contains(after, p => p is TextPart { Path: "t.feather#metadata" });
    }

    [Fact]
    public void Lz4_matches_copy_from_earlier_output_even_when_they_overlap()
    {
        // "abcabcabcab": 3 literals, then a match at offset 3 of length 8; "!" as last literals.
        byte[] block = [0x34, (byte)'a', (byte)'b', (byte)'c', 3, 0, 0x10, (byte)'!'];
        byte[] frame = [0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x82, .. BitConverter.GetBytes(block.Length), .. block, 0, 0, 0, 0];
        Assert.Equal("abcabcabcab!"u8.ToArray(), Egress.Formats.Compression.Lz4Frame.Decode(frame, 12));
        Assert.Throws<InvalidDataException>(() => Egress.Formats.Compression.Lz4Frame.Decode(frame, 11));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_truncation_and_many_corruptions_end_without_an_exception(bool lz4)
    {
        var bytes = ArrowTestWriter.Write(Small, batchRows: 2, dictionaryStrings: true, lz4: lz4);
        DataVerdicts.AssertSurvivesDamage(bytes, "arrow", noticeFromCut: 8, keptHeader: 8, seed: 17);
    }
}

[Collection("indexed-cohort")]
public class ArrowCheckTests(IndexedCohort cohort)
{
    [Fact]
    public void A_participant_slice_in_feather_is_blocked()
    {
        var path = cohort.NewFile("slice.feather");
        File.WriteAllBytes(path, ArrowTestWriter.Write(SampleTable.Slice(cohort, skip: 6200), dictionaryStrings: true, lz4: true));
        DataVerdicts.AssertLeakFound(cohort.Check(path), null);
    }

    [Fact]
    public void Legitimate_aggregates_in_feather_are_not_blocked()
    {
        DataVerdicts.AssertAggregatesNotBlocked(cohort, "feather", table => ArrowTestWriter.Write(table));
    }

    [Fact]
    public void Truncated_and_corrupt_feather_files_are_not_released()
    {
        var bytes = ArrowTestWriter.Write(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable), batchRows: 20);
        DataVerdicts.AssertDamagedNotReleased(cohort, "feather", bytes, [7, 100, bytes.Length / 2, bytes.Length - 3], b => b[12] ^= 0x7F); // the schema message's length
    }
}
