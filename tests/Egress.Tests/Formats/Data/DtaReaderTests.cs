using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class DtaReaderTests
{
    private readonly DtaReader _reader = new();

    private static DtaWriter.Variable[] Variables() =>
    [
        new("bmi", DtaWriter.Double, false, ["27.1234", "", "0.30000000000000004"], "Body mass index"),
        new("sbp", DtaWriter.Long, false, ["130", "", "-117"]),
        new("visit", DtaWriter.Long, true, ["2006-12-16", "1959-12-31", ""]),
        new("smoker", DtaWriter.Byte, false, ["1", "0", ""]),
        new("code", 3, false, ["I10", "", "E11"]),
    ];

    [Fact]
    public void Variables_are_a_table_and_labels_are_text()
    {
        var bytes = DtaWriter.Write(Variables(), "UKB export", [("yesno", 0, "No"), ("yesno", 1, "Yes")]);
        Assert.True(_reader.Recognizes(bytes, new MemorySource(bytes)));
        var parts = DataVerdicts.Walk(bytes, "d.dta");
        var table = Assert.IsType<TablePart>(parts[0]);
        Assert.Equal(["bmi", "sbp", "visit", "smoker", "code"], table.Header!);
        Assert.Equal([["27.1234", "130", "2006-12-16", "1", "I10"], ["", "", "1959-12-31", "0", ""], ["0.30000000000000004", "-117", "", "", "E11"]],
            table.Rows.Select(r => r.ToArray()).ToArray());
        var labels = new StreamReader(Assert.IsType<TextPart>(parts[1]).Source.Open()).ReadToEnd();
        Assert.Equal("data label: UKB export\nbmi: Body mass index\nyesno 0: No\nyesno 1: Yes\n", labels);
    }

    [Fact]
    public void Every_truncation_and_many_corruptions_end_without_an_exception()
    {
        var bytes = DtaWriter.Write(Variables(), "x", [("yesno", 1, "Yes")]);
        DataVerdicts.AssertSurvivesDamage(bytes, "dta", noticeFromCut: 32, keptHeader: 40, seed: 9);
    }
}

[Collection("indexed-cohort")]
public class DtaCheckTests(IndexedCohort cohort)
{
    [Fact]
    public void A_participant_slice_in_stata_118_is_blocked()
    {
        var path = cohort.NewFile("slice.dta");
        File.WriteAllBytes(path, DtaWriter.Write(DtaWriter.From(SampleTable.Slice(cohort, skip: 5200))));
        DataVerdicts.AssertLeakFound(cohort.Check(path), null);
    }

    [Fact]
    public void Legitimate_aggregates_in_stata_are_not_blocked()
    {
        foreach (var kind in new[] { OutputKind.GwasSummaryStatistics, OutputKind.SurvivalTable, OutputKind.FrequencyTable })
        {
            var path = cohort.NewFile($"{kind}.dta");
            File.WriteAllBytes(path, DtaWriter.Write(DtaWriter.From(SampleTable.Aggregate(cohort, kind)), "aggregate results"));
            DataVerdicts.AssertNotBlocked(cohort.Check(path));
        }
    }

    [Fact]
    public void Truncated_and_corrupt_stata_files_are_not_released()
    {
        var bytes = DtaWriter.Write(DtaWriter.From(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable)));
        foreach (var cut in new[] { 31, 60, 500, bytes.Length / 2, bytes.Length - 10 })
        {
            var path = cohort.NewFile($"cut{cut}.dta");
            File.WriteAllBytes(path, bytes[..cut]);
            DataVerdicts.AssertNotReleased(cohort.Check(path));
        }
        var corrupt = (byte[])bytes.Clone();
        corrupt[100] ^= 0x55;
        var bad = cohort.NewFile("corrupt.dta");
        File.WriteAllBytes(bad, corrupt);
        DataVerdicts.AssertNotReleased(cohort.Check(bad));
    }
}
