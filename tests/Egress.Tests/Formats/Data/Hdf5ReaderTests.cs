using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class Hdf5ReaderTests
{
    private static readonly SampleTable Small = new(["bmi", "code", "sbp", "assessed"],
        Enumerable.Range(0, 150).Select(i => new[]
        {
            i % 7 == 0 ? "" : (20 + i * 0.0731).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            $"I{i % 13}", (100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), $"2006-11-{1 + i % 28:00}",
        }).ToList());

    private static List<string[]> Rows(TablePart table) => table.Rows.Select(r => r.ToArray()).ToList();

    [Theory]
    [InlineData(0, false, false)]
    [InlineData(16, false, false)]
    [InlineData(16, true, false)]
    [InlineData(7, true, true)]
    public void Datasets_of_one_group_are_columns_of_one_table(int chunk, bool deflate, bool shuffle)
    {
        var bytes = Hdf5Writer.Write(Hdf5Writer.Columns(Small, "obs", chunk, deflate, shuffle));
        Assert.True(new Hdf5Reader().Recognizes(bytes, new MemorySource(bytes)));
        var parts = DataVerdicts.WalkReadingRows(bytes, "d.h5");
        Assert.DoesNotContain(parts, p => p is Notice);
        var table = Assert.IsType<TablePart>(Assert.Single(parts));
        Assert.Equal("d.h5#/obs", table.Path);
        // Members in name order, as the group's symbol table keeps them.
        Assert.Equal(["assessed", "bmi", "code", "sbp"], table.Header!);
        Assert.Equal(Small.Rows.Select(r => new[] { r[3], r[0], r[1], r[2] }).ToList(), Rows(table));
    }

    [Fact]
    public void A_matrix_is_a_table_of_its_rows()
    {
        var bytes = Hdf5Writer.Write(Hdf5Writer.Matrix(Small, chunk: 10, deflate: true));
        var parts = DataVerdicts.WalkReadingRows(bytes, "m.h5");
        Assert.DoesNotContain(parts, p => p is Notice);
        var x = parts.OfType<TablePart>().Single(t => t.Path == "m.h5#/X");
        Assert.Equal(Small.Rows.Select(r => new[] { r[0], r[2] }).ToList(), Rows(x));
    }

    [Fact]
    public void Files_written_by_h5py_are_read()
    {
        var parts = DataVerdicts.WalkReadingRows(Hdf5ToolFiles.Get("h5py_default.h5"), "h.h5");
        Assert.DoesNotContain(parts, p => p is Notice);
        var tables = parts.OfType<TablePart>().ToDictionary(t => t.Path);
        Assert.Equal(["age", "bmi", "code", "name", "sbp"], tables["h.h5#/obs"].Header!);
        Assert.Equal([["40", "27.1234", "I10", "alpha", "130"], ["51", "31.5", "E11", "beta", "117"], ["62", "22", "", "gamma", "95"], ["73", "19.75", "J45", "delta", "88"]],
            Rows(tables["h.h5#/obs"]));
        Assert.Equal([["0", "0.125", "0.25", "0.375"], ["0.5", "0.625", "0.75", "0.875"], ["1", "1.125", "1.25", "1.375"]], Rows(tables["h.h5#/X"]));
        Assert.Equal(["a", "b", "c"], tables["h.h5#/comp"].Header!);
        Assert.Equal([["1", "0.5", "ab"], ["2", "1.25", "cd"]], Rows(tables["h.h5#/comp"]));
        Assert.Equal([["1.5"], ["2.25"], ["-3"], ["27.1234"]], Rows(tables["h.h5#/x"]));
    }

    [Fact]
    public void Newest_format_groups_and_fixed_array_chunk_indexes_are_read()
    {
        var parts = DataVerdicts.WalkReadingRows(Hdf5ToolFiles.Get("h5py_latest.h5"), "l.h5");
        Assert.DoesNotContain(parts, p => p is Notice);
        var obs = parts.OfType<TablePart>().Single(t => t.Path == "l.h5#/obs");
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"v{i}"), obs.Header!);
        Assert.Equal(["3", "3.1", "3.2"], Rows(obs)[3][..3]);
        // Layout version 4: deflated chunks of 4 found through a fixed array.
        var y = parts.OfType<TablePart>().Single(t => t.Path == "l.h5#/y");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Rows(y).Select(r => r[0]));
    }

    [Fact]
    public void NetCdf4_variables_along_one_dimension_are_one_table()
    {
        var parts = DataVerdicts.WalkReadingRows(Hdf5ToolFiles.Get("netcdf4.nc"), "n.nc");
        Assert.DoesNotContain(parts, p => p is Notice);
        var table = Assert.Single(parts.OfType<TablePart>());
        Assert.Equal(["obs", "age", "bmi", "sbp", "dbp", "ldl", "hdl", "tg", "glucose", "hba1c", "height"], table.Header!);
        Assert.Equal(["0", "6", "6", "6", "6", "6", "6", "5", "10", "8", "9"], Rows(table)[2]);
    }

    [Fact]
    public void A_pandas_frame_in_fixed_format_is_its_blocks_and_its_pickled_object_block()
    {
        var parts = DataVerdicts.WalkReadingRows(Hdf5ToolFiles.Get("pandas_fixed.h5"), "p.h5");
        Assert.DoesNotContain(parts, p => p is Notice);
        var rows = parts.OfType<TablePart>().Single(t => t.Path == "p.h5#/df" && t.Header!.Contains("block0_values[0]"));
        Assert.Equal(["27.1234", "130"], Rows(rows)[0][^2..]);
        // The object block is a pickle of a numpy object array, read by the pickle reader (never unpickled).
        var pickled = parts.OfType<TablePart>().Where(t => t.Path.StartsWith("p.h5#/df/block2_values/0", StringComparison.Ordinal)).ToList();
        Assert.Contains(pickled, t => Rows(t).SelectMany(r => r).SequenceEqual(["I10", "E11", "J45"]));
    }

    [Theory]
    [InlineData("h5py_default.h5")]
    [InlineData("h5py_latest.h5")]
    [InlineData("netcdf4.nc")]
    public void Files_of_the_real_libraries_survive_every_truncation_and_many_corruptions(string name)
    {
        // Robustness only: the real files end in space nothing points at, so a cut there loses nothing.
        var bytes = Hdf5ToolFiles.Get(name);
        DataVerdicts.AssertSurvivesDamage(bytes, "h5", noticeFromCut: bytes.Length + 1, keptHeader: 8, seed: 31);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Every_truncation_and_many_corruptions_end_without_an_exception(int chunk)
    {
        var table = new SampleTable(Small.Header, Small.Rows.Take(9).ToList());
        var bytes = Hdf5Writer.Write(Hdf5Writer.Columns(table, "obs", chunk, deflate: chunk > 0, shuffle: chunk > 0));
        DataVerdicts.AssertSurvivesDamage(bytes, "h5", noticeFromCut: 8, keptHeader: 8, seed: 29);
    }
}

[Collection("indexed-cohort")]
public class Hdf5CheckTests(IndexedCohort cohort)
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(64, true)]
    public void A_participant_slice_as_hdf5_columns_is_blocked(int chunk, bool deflate)
    {
        var path = cohort.NewFile("slice.h5");
        File.WriteAllBytes(path, Hdf5Writer.Write(Hdf5Writer.Columns(SampleTable.Slice(cohort, skip: 6800), "df", chunk, deflate, shuffle: deflate)));
        DataVerdicts.AssertLeakFound(cohort.Check(path), "slice.h5#/df");
    }

    [Fact]
    public void A_participant_slice_as_an_hdf5_matrix_is_blocked()
    {
        var path = cohort.NewFile("slice.h5ad");
        File.WriteAllBytes(path, Hdf5Writer.Write(Hdf5Writer.Matrix(SampleTable.Slice(cohort, skip: 7000), chunk: 50, deflate: true)));
        DataVerdicts.AssertLeakFound(cohort.Check(path), "slice.h5ad#/X");
    }

    [Fact]
    public void Legitimate_aggregates_in_hdf5_are_not_blocked()
    {
        DataVerdicts.AssertAggregatesNotBlocked(cohort, "h5", table => Hdf5Writer.Write(Hdf5Writer.Columns(table, "results")));
        DataVerdicts.AssertAggregatesNotBlocked(cohort, "nc", table => Hdf5Writer.Write(Hdf5Writer.Columns(table, "", chunk: 32, deflate: true)));
    }

    [Fact]
    public void Truncated_and_corrupt_hdf5_files_are_not_released()
    {
        var bytes = Hdf5Writer.Write(Hdf5Writer.Columns(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable), "results", chunk: 16, deflate: true));
        DataVerdicts.AssertDamagedNotReleased(cohort, "h5", bytes, [7, 100, bytes.Length / 2, bytes.Length - 5], b => b[64] ^= 0x40); // the root group's header address
    }
}
