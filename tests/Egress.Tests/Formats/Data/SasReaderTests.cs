using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Formats.Data.Sas;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class SasReaderTests
{
    private static readonly SampleTable Small = new(["body_mass_index", "code", "sbp", "assessed", "comment"],
    [
        ["27.1234", "I10", "130", "2006-11-14", "short"],
        ["", "E11", "-117", "", "a comment longer than eight bytes"],
        ["0.30000000000000004", "", "95", "1959-12-31", ""],
        ["31.5", "I10", "", "2010-02-28", "     "],
        ["-0.000125", "J45", "88", "1960-01-01", "x"],
    ]);

    private static readonly string[][] Expected =
    [
        ["27.1234", "I10", "130", "2006-11-14", "short"],
        ["", "E11", "-117", "", "a comment longer than eight bytes"],
        ["0.30000000000000004", "", "95", "1959-12-31", ""],
        ["31.5", "I10", "", "2010-02-28", ""],
        ["-0.000125", "J45", "88", "1960-01-01", "x"],
    ];

    [Theory]
    [InlineData(true, true, false, false)]
    [InlineData(false, true, false, false)]
    [InlineData(true, false, false, false)]
    [InlineData(false, false, false, false)]
    [InlineData(true, true, true, false)]
    [InlineData(false, true, true, false)]
    [InlineData(false, false, true, false)]
    [InlineData(true, true, false, true)]
    [InlineData(false, true, false, true)]
    public void Columns_are_a_table_in_every_word_size_byte_order_and_packing(bool u64, bool little, bool rle, bool mix)
    {
        var bytes = SasWriter.Write(Small, new SasWriter.Options { U64 = u64, LittleEndian = little, Rle = rle, Mix = mix, PageLength = mix ? 4096 : 1024, DatasetLabel = "UKB extract", FirstColumnLabel = "Body mass index (kg/m2)" });
        Assert.True(new SasReader().Recognizes(bytes, new MemorySource(bytes)));
        var parts = DataVerdicts.WalkReadingRows(bytes, "d.sas7bdat");
        Assert.DoesNotContain(parts, p => p is Notice);
        var table = Assert.IsType<TablePart>(parts[0]);
        Assert.Equal(["body_mass_index", "code", "sbp", "assessed", "comment"], table.Header!);
        Assert.Equal(Expected, table.Rows.Select(r => r.ToArray()).ToArray());
        var labels = new StreamReader(Assert.IsType<TextPart>(parts[1]).Source.Open()).ReadToEnd();
        Assert.Equal("dataset label: UKB extract\nbody_mass_index: Body mass index (kg/m2)\n", labels);
    }

    [Fact]
    public void Numbers_truncated_to_their_leading_bytes_are_read_as_stored()
    {
        var table = new SampleTable(["n"], [["130"], ["-2"], ["0.5"], ["1024"], [""]]);
        var (_, rows, after) = DataVerdicts.Table(new SasReader(), SasWriter.Write(table, new SasWriter.Options { NumericWidth = 3 }), "t.sas7bdat");
        Assert.Equal(["130", "-2", "0.5", "1024", ""], rows.Select(r => r[0]));
        Assert.DoesNotContain(after, p => p is Notice);
        // Decimals lose their low bits (0.731 is stored as 0.7309999987…): written as the decimal that was entered.
        var decimals = new SampleTable(["x"], [["0.731"], ["27.1234"], ["-118.5"], ["6.02"]]);
        (_, rows, _) = DataVerdicts.Table(new SasReader(), SasWriter.Write(decimals, new SasWriter.Options { NumericWidth = 5 }), "t.sas7bdat");
        Assert.Equal(["0.731", "27.1234", "-118.5", "6.02"], rows.Select(r => r[0]));
    }

    [Fact]
    public void Many_rows_span_data_pages_and_compressed_rows_span_metadata_pages()
    {
        var rows = Enumerable.Range(0, 700).Select(i => new[] { (i * 0.731).ToString("R", System.Globalization.CultureInfo.InvariantCulture), $"c{i % 7}", new string('z', i % 40) }).ToList();
        var table = new SampleTable(["x", "group", "pad"], rows);
        foreach (var rle in new[] { false, true })
        {
            var bytes = SasWriter.Write(table, new SasWriter.Options { Rle = rle, PageLength = 4096 });
            var (_, read, after) = DataVerdicts.Table(new SasReader(), bytes, "t.sas7bdat");
            Assert.Equal(rows.Select(r => string.Join("|", r)), read.Select(r => string.Join("|", r)));
            Assert.DoesNotContain(after, p => p is Notice);
        }
    }

    [Fact]
    public void Run_length_commands_all_decode()
    {
        var row = new byte[4200];
        var random = new Random(5);
        random.NextBytes(row.AsSpan(0, 300));
        row.AsSpan(300, 40).Fill((byte)' ');
        row.AsSpan(340, 3).Fill((byte)'@');
        row.AsSpan(343, 600).Fill(0);
        row.AsSpan(943, 9).Fill(7);
        random.NextBytes(row.AsSpan(952, 20));
        row.AsSpan(972, 2).Fill((byte)' ');
        random.NextBytes(row.AsSpan(974));
        var packed = SasWriter.Rle(row);
        var back = new byte[row.Length];
        SasDecompressor.Rle(packed, back);
        Assert.Equal(row, back);
        // Command 4 (a long run of any byte), 1 (a copy past 4,160) and 2 (a copy of 96+) that the writer does not use.
        byte[] longRun = [0x40, 0x02, 0x41, 0x10, 0x00, .. Enumerable.Repeat((byte)9, 4096 + 64), 0x20, .. Enumerable.Repeat((byte)8, 96)];
        var decoded = new byte[20 + 4160 + 96];
        SasDecompressor.Rle(longRun, decoded);
        Assert.All(decoded[..20], b => Assert.Equal(0x41, b));
        Assert.Throws<InvalidDataException>(() => SasDecompressor.Rle(packed, new byte[row.Length - 1]));
        Assert.Throws<InvalidDataException>(() => SasDecompressor.Rle(packed, new byte[row.Length + 1]));
    }

    [Fact]
    public void Ross_data_compression_decodes_literals_runs_and_patterns()
    {
        // Control bits 0b0001_1110_0000_0000: three literals, a short run, a long run, a short pattern, a long pattern.
        byte[] input =
        [
            0x1E, 0x00,
            (byte)'a', (byte)'b', (byte)'c',
            0x02, (byte)'x',            // 5 × 'x'
            0x10, 0x01, (byte)'y',      // 19 + 16 = 35 × 'y'
            0x30 | 0x05, 0x02,          // 3 bytes from 5 + 3 + 32 = 40 back
            0x20 | 0x00, 0x02, 0x04,    // 20 bytes from 3 + 32 = 35 back
        ];
        var expected = new List<byte>("abc"u8.ToArray());
        expected.AddRange(Enumerable.Repeat((byte)'x', 5));
        expected.AddRange(Enumerable.Repeat((byte)'y', 35));
        for (var k = 0; k < 3; k++) expected.Add(expected[^40]);
        for (var k = 0; k < 20; k++) expected.Add(expected[^35]);
        var row = new byte[expected.Count];
        SasDecompressor.Rdc(input, row);
        Assert.Equal(expected.ToArray(), row);
        Assert.Throws<InvalidDataException>(() => SasDecompressor.Rdc([0x80, 0x00, 0x3F, 0xFF], new byte[8]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_truncation_and_many_corruptions_end_without_an_exception(bool rle)
    {
        var bytes = SasWriter.Write(Small, new SasWriter.Options { U64 = false, Rle = rle, PageLength = 1024 });
        DataVerdicts.AssertSurvivesDamage(bytes, "sas7bdat", noticeFromCut: 288, keptHeader: 32, seed: 23);
    }
}

[Collection("indexed-cohort")]
public class SasCheckTests(IndexedCohort cohort)
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_participant_slice_in_sas7bdat_is_blocked(bool u64, bool rle)
    {
        var path = cohort.NewFile("slice.sas7bdat");
        File.WriteAllBytes(path, SasWriter.Write(SampleTable.Slice(cohort, skip: 6600), new SasWriter.Options { U64 = u64, Rle = rle }));
        DataVerdicts.AssertLeakFound(cohort.Check(path), null);
    }

    [Fact]
    public void Legitimate_aggregates_in_sas7bdat_are_not_blocked()
    {
        DataVerdicts.AssertAggregatesNotBlocked(cohort, "sas7bdat", table => SasWriter.Write(table, new SasWriter.Options { DatasetLabel = "aggregate results" }));
        DataVerdicts.AssertAggregatesNotBlocked(cohort, "sas7bdat", table => SasWriter.Write(table, new SasWriter.Options { U64 = false, Rle = true }));
    }

    [Fact]
    public void Truncated_and_corrupt_sas7bdat_files_are_not_released()
    {
        var bytes = SasWriter.Write(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable), new SasWriter.Options { PageLength = 4096 });
        DataVerdicts.AssertDamagedNotReleased(cohort, "sas7bdat", bytes, [100, 300, 8192 + 100, bytes.Length / 2, bytes.Length - 5], b => b[8192 + 40 + 3] = 0x77); // the first subheader pointer's offset
    }
}
