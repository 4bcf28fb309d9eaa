using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class PickleReaderTests
{
    private static readonly SampleTable Small = new(["bmi", "code", "sbp"],
    [
        ["27.1234", "I10", "130"],
        ["", "E11", "-117"],
        ["0.30000000000000004", "", "95"],
    ]);

    private static List<string> Text(List<Part> parts, string path) =>
        new StreamReader(Assert.Single(parts.OfType<TextPart>(), p => p.Path == path).Source.Open()).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void A_pandas_data_frame_is_one_table_with_its_column_names(int protocol)
    {
        var bytes = PickleWriter.DataFrame(Small, protocol);
        Assert.True(new PickleReader().Recognizes(bytes, new MemorySource(bytes)));
        var (table, rows, _) = DataVerdicts.Table(new PickleReader(), bytes, "df.pkl");
        Assert.Equal("df.pkl#$", table.Path);
        Assert.Equal(["bmi", "code", "sbp"], table.Header!);
        Assert.Equal([["27.1234", "I10", "130"], ["", "E11", "-117"], ["0.30000000000000004", "", "95"]], rows.Select(r => r.ToArray()).ToArray());
        Assert.DoesNotContain(DataVerdicts.WalkReadingRows(bytes, "df.pkl"), p => p is Notice or OpaquePart);
    }

    [Fact]
    public void Lists_of_records_and_dicts_of_columns_are_tables_and_other_values_text()
    {
        var w = new PickleWriter();
        w.Dict(
            ("records", r => r.List(Small.Rows.Select(row => (Action<PickleWriter>)(x => x.Dict(Small.Header.Select((h, c) => (h, (Action<PickleWriter>)(y => y.Cell(row[c])))).ToArray()))))),
            ("columns", r => r.Dict(Small.Header.Select((h, c) => (h, (Action<PickleWriter>)(y => y.List(Small.Rows.Select(row => (Action<PickleWriter>)(z => z.Cell(row[c]))))))).ToArray())),
            ("n", r => r.Int(1000017)),
            ("note", r => r.Global("os", "system").Tuple(x => x.Str("echo 1000025")).Reduce()));
        var bytes = w.Stop();
        var parts = DataVerdicts.WalkReadingRows(bytes, "r.pkl");
        var records = Assert.Single(parts.OfType<TablePart>(), p => p.Path == "r.pkl#$/records");
        Assert.Equal(["bmi", "code", "sbp"], records.Header!);
        Assert.Equal(["27.1234", "I10", "130"], records.Rows.First());
        var columns = Assert.Single(parts.OfType<TablePart>(), p => p.Path == "r.pkl#$/columns");
        Assert.Equal(["", "E11", "-117"], columns.Rows.Skip(1).First());
        var values = Text(parts, "r.pkl#values");
        Assert.Contains("n: 1000017", values);
        // The call is recorded as data, never made: its argument is just text.
        Assert.Contains("echo 1000025", values);
    }

    [Fact]
    public void A_numpy_matrix_and_pickles_one_after_the_other_are_read()
    {
        var first = new PickleWriter(5).FloatArray([1.5, 2.5, 3.5, 4.5, 5.5, 6.5], [3, 2], "F").Stop();
        var second = new PickleWriter(2).List(Enumerable.Range(7, 6).Select(i => (Action<PickleWriter>)(x => x.Int(i)))).Stop();
        var parts = DataVerdicts.WalkReadingRows([.. first, .. second], "m.pkl");
        var matrix = Assert.Single(parts.OfType<TablePart>(), p => p.Path == "m.pkl#$");
        Assert.Equal([["1.5", "4.5"], ["2.5", "5.5"], ["3.5", "6.5"]], matrix.Rows.Select(r => r.ToArray()).ToArray());
        var list = Assert.Single(parts.OfType<TablePart>(), p => p.Path == "m.pkl#pickle2");
        Assert.Equal([["7"], ["8"], ["9"], ["10"], ["11"], ["12"]], list.Rows.Select(r => r.ToArray()).ToArray());
    }

    [Fact]
    public void Every_truncation_and_many_corruptions_end_without_an_exception()
    {
        var bytes = PickleWriter.DataFrame(Small);
        DataVerdicts.AssertSurvivesDamage(bytes, "pkl", noticeFromCut: 4, keptHeader: 3, seed: 13);
    }
}

[Collection("indexed-cohort")]
public class PickleCheckTests(IndexedCohort cohort)
{
    [Fact]
    public void A_participant_slice_in_a_pickled_data_frame_is_blocked()
    {
        var path = cohort.NewFile("df.pkl");
        File.WriteAllBytes(path, PickleWriter.DataFrame(SampleTable.Slice(cohort, skip: 5600)));
        DataVerdicts.AssertLeakFound(cohort.Check(path), "df.pkl#$");
    }

    [Fact]
    public void A_participant_slice_as_pickled_records_is_blocked()
    {
        var slice = SampleTable.Slice(cohort, skip: 5800);
        var bytes = new PickleWriter(2).List(slice.Rows.Select(row => (Action<PickleWriter>)(x => x.Dict(slice.Header.Select((h, c) => (h, (Action<PickleWriter>)(y => y.Cell(row[c])))).ToArray())))).Stop();
        var path = cohort.NewFile("rows.pickle");
        File.WriteAllBytes(path, bytes);
        DataVerdicts.AssertLeakFound(cohort.Check(path), "rows.pickle#$");
    }

    [Fact]
    public void Legitimate_aggregates_in_pickled_data_frames_are_not_blocked()
    {
        DataVerdicts.AssertAggregatesNotBlocked(cohort, "pkl", table => PickleWriter.DataFrame(table));
    }

    [Fact]
    public void Truncated_and_corrupt_pickles_are_not_released()
    {
        var bytes = PickleWriter.DataFrame(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable));
        DataVerdicts.AssertDamagedNotReleased(cohort, "pkl", bytes, [10, 200, bytes.Length / 2, bytes.Length - 1], b => b[^1] = 0xFF); // no such opcode where STOP was
    }
}
