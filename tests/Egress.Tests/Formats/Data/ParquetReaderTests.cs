using System.Globalization;
using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Formats.Data.Parquet;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class ParquetReaderTests
{
    private readonly ParquetReader _reader = new();

    private static ParquetTestColumn[] Mixed() =>
    [
        new("bmi", PhysicalType.Double, ["27.1234", null, "19.5", "31.0002", "22.25"]),
        new("sbp", PhysicalType.Int32, ["130", "148", null, "117", "130"]),
        new("visit", PhysicalType.Int32, ["2006-12-16", "2008-05-27", "2010-01-01", null, "2006-12-16"], ConvertedType: 6),
        new("code", PhysicalType.ByteArray, ["I10", "E11", "I10", "", null], ConvertedType: 0),
        new("smoker", PhysicalType.Boolean, ["true", "false", null, "true", "true"]),
        new("big", PhysicalType.Int64, ["1019806", "-5", "9007199254740993", null, "0"], Optional: true),
        new("ratio", PhysicalType.Float, ["0.3", "27.1234", "-1.5", "2", null]),
    ];

    private static readonly string[][] Expected =
    [
        ["27.1234", "130", "2006-12-16", "I10", "true", "1019806", "0.3"],
        ["", "148", "2008-05-27", "E11", "false", "-5", "27.1234"],
        ["19.5", "", "2010-01-01", "I10", "", "9007199254740993", "-1.5"],
        ["31.0002", "117", "", "", "true", "", "2"],
        ["22.25", "130", "2006-12-16", "", "true", "0", ""],
    ];

    public static TheoryData<int, bool, bool, int, int> Variants() => new()
    {
        { 0, false, false, 1000, 100 },
        { 0, true, false, 1000, 100 },
        { 1, false, false, 2, 1 },
        { 1, true, true, 3, 2 },
        { 2, false, true, 1000, 2 },
        { 2, true, false, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_encoding_codec_and_page_version_reads_the_same_table(int codec, bool dictionary, bool v2, int groupRows, int pageRows)
    {
        var bytes = ParquetTestWriter.Write(Mixed(), new ParquetWriteOptions { Codec = codec, Dictionary = dictionary, PageV2 = v2, RowGroupRows = groupRows, PageRows = pageRows });
        Assert.True(_reader.Recognizes(bytes, new MemorySource(bytes)));
        var (table, rows, after) = DataVerdicts.Table(_reader, bytes, "t.parquet");
        Assert.Equal(["bmi", "sbp", "visit", "code", "smoker", "big", "ratio"], table.Header!);
        Assert.Equal(Expected, rows.Select(r => r.ToArray()).ToArray());
        Assert.DoesNotContain(after, p => p is Notice);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Delta_and_byte_stream_split_encodings_read_the_same_table(bool v2)
    {
        var bytes = ParquetTestWriter.Write(Mixed(), new ParquetWriteOptions { DeltaEncodings = true, PageV2 = v2, Codec = 1, PageRows = 3 });
        var (_, rows, after) = DataVerdicts.Table(_reader, bytes, "delta.parquet");
        Assert.Equal(Expected, rows.Select(r => r.ToArray()).ToArray());
        Assert.DoesNotContain(after, p => p is Notice);
        var many = Enumerable.Range(0, 1000).Select(i => (string?)(i % 7 == 0 ? null : (1019806L + i * i * 31 - (i % 3) * 100000).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        ParquetTestColumn[] ints = [new("id", PhysicalType.Int64, many), new("s", PhysicalType.ByteArray, many.Select(v => v is null ? null : "P" + v).ToArray(), ConvertedType: 0)];
        var (_, read, _) = DataVerdicts.Table(_reader, ParquetTestWriter.Write(ints, new ParquetWriteOptions { DeltaEncodings = true, PageRows = 400 }), "many.parquet");
        Assert.Equal(many.Select(v => v ?? ""), read.Select(r => r[0]));
        Assert.Equal(many.Select(v => v is null ? "" : "P" + v), read.Select(r => r[1]));
    }

    [Fact]
    public void Decimals_and_timestamps_are_rendered_as_written()
    {
        ParquetTestColumn[] columns =
        [
            new("price", PhysicalType.FixedLenByteArray, ["123.45", "-0.07"], ConvertedType: 5, TypeLength: 8, Scale: 2),
            new("dose", PhysicalType.Int32, ["1.250", "-3.000"], ConvertedType: 5, Scale: 3),
            new("at", PhysicalType.Int64, ["2019-03-04 05:06:07", "2006-12-16 00:00:00"], ConvertedType: 9),
        ];
        var (_, rows, _) = DataVerdicts.Table(_reader, ParquetTestWriter.Write(columns), "d.parquet");
        Assert.Equal([["123.45", "1.250", "2019-03-04 05:06:07"], ["-0.07", "-3.000", "2006-12-16"]], rows.Select(r => r.ToArray()).ToArray());
    }

    [Fact]
    public void Nested_and_repeated_columns_become_leaf_columns()
    {
        ParquetTestColumn[] columns =
        [
            new("x", PhysicalType.Int32, ["1", null, "3"], Group: "g"),
            new("ids", PhysicalType.Int64, ["10;11", "", "12"], Repeated: true),
            new("y", PhysicalType.Double, ["0.5", "1.5", "2.5"], Optional: false),
        ];
        var bytes = ParquetTestWriter.Write(columns, new ParquetWriteOptions { Dictionary = true });
        var (table, rows, _) = DataVerdicts.Table(_reader, bytes, "n.parquet");
        Assert.Equal(["g.x", "y"], table.Header!);
        Assert.Equal([["1", "0.5"], ["", "1.5"], ["3", "2.5"]], rows.Select(r => r.ToArray()).ToArray());
        var (list, values, _) = DataVerdicts.Table(_reader, bytes, "n.parquet", index: 1);
        Assert.Equal("n.parquet#ids", list.Path);
        Assert.Equal(["10", "11", "12"], values.Select(v => v.Single()));
    }

    [Fact]
    public void Key_value_metadata_is_text_to_scan_but_the_arrow_schema_is_not()
    {
        var options = new ParquetWriteOptions { KeyValues = [("pandas", "{\"index_columns\": []}"), ("ARROW:schema", "/////w==")] };
        var parts = DataVerdicts.Walk(ParquetTestWriter.Write(Mixed(), options), "m.parquet");
        var text = Assert.IsType<TextPart>(Assert.Single(parts, p => p.Path == "m.parquet#metadata"));
        var content = new StreamReader(text.Source.Open()).ReadToEnd();
        Assert.Contains("pandas", content);
        Assert.DoesNotContain("ARROW", content);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(5)]
    [InlineData(4)]
    public void Codecs_not_read_here_are_unsupported_notices(int codec)
    {
        var bytes = ParquetTestWriter.Write(Mixed(), new ParquetWriteOptions { Codec = codec });
        var parts = DataVerdicts.Walk(bytes, "z.parquet");
        Assert.Equal(Mixed().Length, parts.Count(p => p is Notice { Kind: NoticeKind.Unsupported }));
    }

    [Fact]
    public void Every_truncation_and_many_corruptions_end_in_parts_never_an_exception()
    {
        foreach (var options in new[] { new ParquetWriteOptions { Dictionary = true, Codec = 1, PageRows = 2 }, new ParquetWriteOptions { DeltaEncodings = true, PageV2 = true, PageRows = 3 } })
        {
            var bytes = ParquetTestWriter.Write(Mixed(), options);
            for (var cut = 0; cut < bytes.Length; cut++)
            {
                var parts = DataVerdicts.WalkReadingRows(bytes[..cut], "cut.parquet");
                if (cut >= 4) Assert.Contains(parts, p => p is Notice or OpaquePart);
            }
            var random = new Random(3);
            for (var i = 0; i < 2000; i++)
            {
                var damaged = (byte[])bytes.Clone();
                for (var k = 0; k < 1 + i % 4; k++) damaged[4 + random.Next(damaged.Length - 12)] = (byte)random.Next(256);
                DataVerdicts.WalkReadingRows(damaged, "flip.parquet");
            }
        }
    }
}

[Collection("indexed-cohort")]
public class ParquetCheckTests(IndexedCohort cohort)
{
    public static TheoryData<string, int, bool, bool> Kinds() => new()
    {
        { "plain", 0, false, false },
        { "dictionary", 0, true, false },
        { "snappy", 1, true, false },
        { "gzip", 2, false, true },
        { "delta", 1, false, true },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_participant_slice_in_parquet_is_blocked(string name, int codec, bool dictionary, bool v2)
    {
        var slice = SampleTable.Slice(cohort, skip: 300 + codec * 250);
        var path = cohort.NewFile($"slice_{name}.parquet");
        File.WriteAllBytes(path, ParquetTestWriter.Write(Columns(slice), new ParquetWriteOptions { Codec = codec, Dictionary = dictionary, PageV2 = v2, DeltaEncodings = name == "delta", RowGroupRows = 64, PageRows = 20 }));
        DataVerdicts.AssertLeakFound(cohort.Check(path), null);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_legitimate_aggregate_in_parquet_is_not_blocked(string name, int codec, bool dictionary, bool v2)
    {
        foreach (var kind in new[] { OutputKind.GwasSummaryStatistics, OutputKind.SurvivalTable, OutputKind.FrequencyTable })
        {
            var table = SampleTable.Aggregate(cohort, kind);
            var path = cohort.NewFile($"{kind}_{name}.parquet");
            File.WriteAllBytes(path, ParquetTestWriter.Write(Columns(table), new ParquetWriteOptions { Codec = codec, Dictionary = dictionary, PageV2 = v2, DeltaEncodings = name == "delta" }));
            DataVerdicts.AssertNotBlocked(cohort.Check(path));
        }
    }

    [Fact]
    public void Zstandard_pages_and_truncated_files_are_never_released()
    {
        var slice = SampleTable.Slice(cohort, rows: 50, skip: 2500);
        var zstd = cohort.NewFile("slice_zstd.parquet");
        File.WriteAllBytes(zstd, ParquetTestWriter.Write(Columns(slice), new ParquetWriteOptions { Codec = 6 }));
        var report = cohort.Check(zstd);
        DataVerdicts.AssertNotReleased(report);
        Assert.Contains(report.Findings, f => f.Rule == "unsupported-content");

        var bytes = ParquetTestWriter.Write(Columns(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable)), new ParquetWriteOptions { Codec = 1, Dictionary = true });
        foreach (var cut in new[] { 4, 5, 50, bytes.Length / 2, bytes.Length - 9, bytes.Length - 1 })
        {
            var path = cohort.NewFile($"cut{cut}.parquet");
            File.WriteAllBytes(path, bytes[..cut]);
            DataVerdicts.AssertNotReleased(cohort.Check(path));
        }
    }

    /// <summary>Columns typed as a data frame library would: integers, doubles, dates, strings.</summary>
    public static ParquetTestColumn[] Columns(SampleTable table) => Enumerable.Range(0, table.Columns).Select(c =>
    {
        string?[] values = table.Rows.Select(r => r[c].Length == 0 ? null : r[c]).ToArray();
        if (table.Integer(c)) return new ParquetTestColumn(table.Header[c], PhysicalType.Int32, values);
        if (table.Numeric(c)) return new ParquetTestColumn(table.Header[c], PhysicalType.Double, values);
        if (values.All(v => v is null || DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
            return new ParquetTestColumn(table.Header[c], PhysicalType.Int32, values, ConvertedType: 6);
        return new ParquetTestColumn(table.Header[c], PhysicalType.ByteArray, values, ConvertedType: 0);
    }).ToArray();
}
