using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class SqliteReaderTests
{
    private static readonly SampleTable Small = new(["bmi", "sbp", "code", "note"],
    [
        ["27.1234", "130", "I10", "first"],
        ["", "-117", "E11", ""],
        ["0.30000000000000004", "", "", new string('x', 9000)],
    ]);

    [Fact]
    public void Every_table_is_a_table_part_with_its_declared_columns_and_the_rowid_as_its_key()
    {
        var bytes = SqliteTestWriter.Write(Small, "people", idColumn: "eid", ids: [1000017, 1000025, 1000033], more: c =>
        {
            SqliteTestWriter.Execute(c, "CREATE TABLE [second table] (a TEXT, b INTEGER, PRIMARY KEY (a, b)) WITHOUT ROWID");
            SqliteTestWriter.Execute(c, "INSERT INTO [second table] VALUES ('k', 5), ('j', 7)");
            SqliteTestWriter.Execute(c, "CREATE VIEW v AS SELECT * FROM people");
            SqliteTestWriter.Execute(c, "CREATE INDEX ix ON people (code)");
        });
        Assert.True(new SqliteReader().Recognizes(bytes, new MemorySource(bytes)));
        var (table, rows, _) = DataVerdicts.Table(new SqliteReader(), bytes, "s.db");
        Assert.Equal("s.db#people", table.Path);
        Assert.Equal(["eid", "bmi", "sbp", "code", "note"], table.Header!);
        Assert.Equal(["1000017", "27.1234", "130", "I10", "first"], rows[0]);
        Assert.Equal(["1000025", "", "-117", "E11", ""], rows[1]);
        // A long text spills onto overflow pages.
        Assert.Equal(["1000033", "0.30000000000000004", "", "", new string('x', 9000)], rows[2]);
        var (second, secondRows, _) = DataVerdicts.Table(new SqliteReader(), bytes, "s.db", 1);
        Assert.Equal("s.db#second table", second.Path);
        Assert.Equal(["a", "b"], second.Header!);
        Assert.Equal([["j", "7"], ["k", "5"]], secondRows.Select(r => r.ToArray()).ToArray());
        var parts = DataVerdicts.WalkReadingRows(bytes, "s.db");
        Assert.DoesNotContain(parts, p => p is Notice or OpaquePart);
    }

    [Fact]
    public void A_table_over_many_pages_is_read_whole()
    {
        var rows = Enumerable.Range(0, 5000).Select(i => new[] { (i * 0.25).ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        var bytes = SqliteTestWriter.Write(new SampleTable(["x", "n"], rows), pageSize: 512);
        var (_, read, after) = DataVerdicts.Table(new SqliteReader(), bytes, "big.db");
        Assert.Equal(5000, read.Count);
        Assert.Equal(rows.Select(r => r[1]).Order(), read.Select(r => r[1]).Order());
        Assert.Empty(after.OfType<Notice>());
    }

    [Fact]
    public void Deleted_rows_left_on_free_pages_are_reported()
    {
        var bytes = SqliteTestWriter.Write(Small, more: c =>
        {
            SqliteTestWriter.Execute(c, "CREATE TABLE gone (x TEXT)");
            SqliteTestWriter.Execute(c, "INSERT INTO gone VALUES ('" + new string('y', 20000) + "')");
            SqliteTestWriter.Execute(c, "DROP TABLE gone");
        });
        Assert.Contains(DataVerdicts.WalkReadingRows(bytes, "d.db"), p => p is Notice { Kind: NoticeKind.Unsupported });
    }

    [Fact]
    public void Every_truncation_and_many_corruptions_end_without_an_exception()
    {
        var bytes = SqliteTestWriter.Write(Small, pageSize: 512);
        for (var cut = 0; cut < bytes.Length; cut += 7)
        {
            var parts = DataVerdicts.WalkReadingRows(bytes[..cut], "cut.db");
            if (cut >= 16) Assert.Contains(parts, p => p is Notice);
        }
        var random = new Random(11);
        for (var i = 0; i < 3000; i++)
        {
            var damaged = (byte[])bytes.Clone();
            for (var k = 0; k < 1 + i % 3; k++) damaged[16 + random.Next(damaged.Length - 16)] = (byte)random.Next(256);
            DataVerdicts.WalkReadingRows(damaged, "flip.db");
        }
    }
}

[Collection("indexed-cohort")]
public class SqliteCheckTests(IndexedCohort cohort)
{
    [Fact]
    public void A_participant_slice_in_a_database_is_blocked()
    {
        var path = cohort.NewFile("study.sqlite");
        File.WriteAllBytes(path, SqliteTestWriter.Write(SampleTable.Slice(cohort, skip: 5400), "analysis"));
        DataVerdicts.AssertLeakFound(cohort.Check(path), "study.sqlite#analysis");
    }

    [Fact]
    public void Legitimate_aggregates_in_a_database_are_not_blocked()
    {
        DataVerdicts.AssertAggregatesNotBlocked(cohort, "db", table => SqliteTestWriter.Write(table));
    }

    [Fact]
    public void Truncated_and_corrupt_databases_are_not_released()
    {
        var bytes = SqliteTestWriter.Write(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable), pageSize: 1024);
        DataVerdicts.AssertDamagedNotReleased(cohort, "db", bytes, [50, 1024, bytes.Length / 2, bytes.Length - 100], b => b[1024] = 0x55); // page 2 (the table) is no b-tree page
    }
}
