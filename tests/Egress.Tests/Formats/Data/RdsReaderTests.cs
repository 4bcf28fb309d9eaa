using System.Globalization;
using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class RdsReaderTests
{
    private readonly RdsReader _reader = new();
    private static readonly double Day = DateOnly.Parse("2006-12-16", CultureInfo.InvariantCulture).DayNumber - DateOnly.Parse("1970-01-01", CultureInfo.InvariantCulture).DayNumber;

    private static void Frame(RDataWriter w) => w.DataFrame(["bmi", "sbp", "sex", "code", "smoker", "visit"],
    [
        c => c.Doubles([27.1234, RDataWriter.NaReal, 0.1 + 0.2]),
        c => c.Ints([130, RDataWriter.NaInteger, 117]),
        c => c.Factor([1, 2, RDataWriter.NaInteger], ["Female", "Male"]),
        c => c.Strings(["I10", null, "E11"]),
        c => c.Logicals([1, 0, RDataWriter.NaInteger]),
        c => c.Doubles([Day, Day + 1, RDataWriter.NaReal], ("class", d => d.Strings(["Date"]))),
    ], 3);

    private static readonly string[][] FrameRows =
    [
        ["27.1234", "130", "Female", "I10", "TRUE", "2006-12-16"],
        ["", "", "Male", "", "FALSE", "2006-12-17"],
        ["0.30000000000000004", "117", "", "E11", "", ""],
    ];

    [Theory]
    [InlineData(false, 3)]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    [InlineData(true, 2)]
    public void A_data_frame_is_a_table_with_its_column_names(bool ascii, int version)
    {
        var bytes = RDataWriter.Rds(Frame, ascii: ascii, version: version);
        Assert.True(_reader.Recognizes(bytes, new MemorySource(bytes)));
        var (table, rows, after) = DataVerdicts.Table(_reader, bytes, "df.rds");
        Assert.Equal("df.rds", table.Path);
        Assert.Equal(["bmi", "sbp", "sex", "code", "smoker", "visit"], table.Header!);
        Assert.Equal(FrameRows, rows.Select(r => r.ToArray()).ToArray());
        Assert.Empty(after);
    }

    [Fact]
    public void A_workspace_yields_each_named_object_as_a_part()
    {
        var bytes = RDataWriter.Workspace([("df", Frame), ("counts", w => w.Ints([12, 40, 33], ("names", n => n.Strings(["a", "b", "c"]))))], gzip: false);
        var parts = DataVerdicts.Walk(bytes, "results.RData");
        Assert.Equal(["results.RData#df", "results.RData#counts"], parts.Select(p => p.Path));
        // A named vector: its names are a column too (names may be IDs).
        Assert.Equal([["a", "12"], ["b", "40"], ["c", "33"]], ((TablePart)parts[1]).Rows.Select(r => r.ToArray()).ToArray());
    }

    [Fact]
    public void A_gzipped_workspace_is_read_through_the_gzip_layer()
    {
        var parts = DataVerdicts.Walk(RDataWriter.Workspace([("df", Frame)]), "results.RData");
        Assert.Equal("results.RData/(gunzipped)#df", Assert.Single(parts).Path);
    }

    [Fact]
    public void Nested_lists_matrices_and_attributes_are_walked_with_paths()
    {
        var bytes = RDataWriter.Rds(w => w.List(
        [
            a => a.Doubles([1.5, 2.5, 3.5, 4.5], ("dim", d => d.Ints([2, 2])), ("dimnames", d => d.List([r => r.Strings(["x", "y"]), c => c.Strings(["p", "q"])]))),
            b => b.List([c => c.Ints([1019806, 1022207]), d => d.Strings(["hidden"], ("secret", s => s.Doubles([27.1234])))], ("names", n => n.Strings(["ids", "note"]))),
        ], ("names", n => n.Strings(["m", "inner"]))));
        var parts = DataVerdicts.Walk(bytes, "x.rds");
        Assert.Equal(["x.rds#m", "x.rds#inner/ids", "x.rds#inner/note", "x.rds#inner/note/@secret"], parts.Select(p => p.Path));
        var matrix = (TablePart)parts[0];
        Assert.Equal(["", "p", "q"], matrix.Header!);
        Assert.Equal([["x", "1.5", "3.5"], ["y", "2.5", "4.5"]], matrix.Rows.Select(r => r.ToArray()).ToArray());
    }

    [Fact]
    public void Compact_sequences_are_expanded_and_unknown_altrep_is_unsupported()
    {
        var bytes = RDataWriter.Rds(w => w.Altrep("compact_intseq", 13, s => s.Doubles([3, 5, 1])));
        var (_, rows, _) = DataVerdicts.Table(_reader, bytes, "s.rds");
        Assert.Equal(["5", "6", "7"], rows.Select(r => r.Single()));
        var unknown = RDataWriter.Rds(w => w.Altrep("mmap_real", 14, s => s.Null()));
        var notice = Assert.IsType<Notice>(Assert.Single(DataVerdicts.Walk(unknown, "m.rds")));
        Assert.Equal(NoticeKind.Unsupported, notice.Kind);
    }

    [Fact]
    public void Deep_nesting_and_impossible_lengths_are_notices()
    {
        var deep = DataVerdicts.Walk(RDataWriter.Rds(w => w.NestedLists(100_000)), "deep.rds");
        Assert.Equal(NoticeKind.LimitReached, Assert.IsType<Notice>(Assert.Single(deep)).Kind);
        var bytes = RDataWriter.Rds(w => w.Doubles([1.5, 2.5]));
        bytes[^20] = 0x7F; // the length: 2 becomes about 2 billion
        var parts = DataVerdicts.Walk(bytes, "long.rds");
        Assert.Contains(parts, p => p is Notice);
    }

    [Fact]
    public void Every_truncation_and_many_corruptions_end_without_an_exception()
    {
        var bytes = RDataWriter.Rds(Frame);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var parts = DataVerdicts.WalkReadingRows(bytes[..cut], "cut.rds");
            if (cut >= 6) Assert.Contains(parts, p => p is Notice or OpaquePart);
        }
        var random = new Random(5);
        for (var i = 0; i < 3000; i++)
        {
            var damaged = (byte[])bytes.Clone();
            for (var k = 0; k < 1 + i % 3; k++) damaged[6 + random.Next(damaged.Length - 6)] = (byte)random.Next(256);
            DataVerdicts.WalkReadingRows(damaged, "flip.rds");
        }
    }
}

[Collection("indexed-cohort")]
public class RdsCheckTests(IndexedCohort cohort)
{
    [Fact]
    public void A_participant_slice_as_a_gzipped_data_frame_is_blocked()
    {
        var path = cohort.NewFile("slice.rds");
        File.WriteAllBytes(path, RDataWriter.Rds(w => DataFrame(w, SampleTable.Slice(cohort, skip: 4000)), gzip: true));
        DataVerdicts.AssertLeakFound(cohort.Check(path), "slice.rds/(gunzipped)");
    }

    [Fact]
    public void A_participant_slice_in_a_workspace_is_blocked_and_named()
    {
        var path = cohort.NewFile("results.RData");
        var slice = SampleTable.Slice(cohort, skip: 4400);
        File.WriteAllBytes(path, RDataWriter.Workspace([("fit_summary", w => w.Doubles([0.25, 0.01])), ("df", w => DataFrame(w, slice))]));
        DataVerdicts.AssertLeakFound(cohort.Check(path), "results.RData/(gunzipped)#df");
    }

    [Fact]
    public void Legitimate_aggregates_as_rds_and_rdata_are_not_blocked()
    {
        var gwas = SampleTable.Aggregate(cohort, OutputKind.GwasSummaryStatistics);
        var survival = SampleTable.Aggregate(cohort, OutputKind.SurvivalTable);
        var rds = cohort.NewFile("gwas.rds");
        File.WriteAllBytes(rds, RDataWriter.Rds(w => DataFrame(w, gwas), gzip: true));
        DataVerdicts.AssertNotBlocked(cohort.Check(rds));
        var rdata = cohort.NewFile("outputs.RData");
        File.WriteAllBytes(rdata, RDataWriter.Workspace([("km", w => DataFrame(w, survival)), ("freq", w => DataFrame(w, SampleTable.Aggregate(cohort, OutputKind.FrequencyTable)))]));
        DataVerdicts.AssertNotBlocked(cohort.Check(rdata));
    }

    [Fact]
    public void Truncated_corrupt_and_bzip2_files_are_not_released()
    {
        var bytes = RDataWriter.Rds(w => DataFrame(w, SampleTable.Aggregate(cohort, OutputKind.SurvivalTable)));
        foreach (var cut in new[] { 6, 14, 30, bytes.Length / 2, bytes.Length - 1 })
        {
            var path = cohort.NewFile($"cut{cut}.rds");
            File.WriteAllBytes(path, RDataWriter.Gzip(bytes[..cut]));
            DataVerdicts.AssertNotReleased(cohort.Check(path));
        }
        var bzip2 = cohort.NewFile("bz.rds");
        File.WriteAllBytes(bzip2, [.. "BZh91AY&SY"u8, .. Enumerable.Range(0, 400).Select(i => (byte)(i * 37 % 256))]);
        DataVerdicts.AssertNotReleased(cohort.Check(bzip2));
    }

    /// <summary>A table as R would hold it: integer, double and Date columns typed, other text as factors.</summary>
    internal static void DataFrame(RDataWriter w, SampleTable table)
    {
        var columns = Enumerable.Range(0, table.Columns).Select<int, Action<RDataWriter>>(c =>
        {
            var cells = table.Rows.Select(r => r[c]).ToArray();
            if (table.Integer(c)) return x => x.Ints(cells.Select(v => v.Length == 0 ? RDataWriter.NaInteger : int.Parse(v, CultureInfo.InvariantCulture)).ToArray());
            if (table.Numeric(c)) return x => x.Doubles(cells.Select(v => v.Length == 0 ? RDataWriter.NaReal : double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
            if (cells.All(v => v.Length == 0 || DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
                return x => x.Doubles(cells.Select(v => v.Length == 0 ? RDataWriter.NaReal : DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - 719162.0).ToArray(),
                    ("class", k => k.Strings(["Date"])));
            var levels = cells.Where(v => v.Length > 0).Distinct().Order(StringComparer.Ordinal).ToArray();
            return x => x.Factor(cells.Select(v => v.Length == 0 ? RDataWriter.NaInteger : Array.IndexOf(levels, v) + 1).ToArray(), levels);
        }).ToArray();
        w.DataFrame(table.Header, columns, table.Rows.Count);
    }
}
