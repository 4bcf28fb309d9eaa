using System.IO.Compression;
using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class NpyReaderTests
{
    private readonly NpyReader _reader = new();

    [Fact]
    public void A_float64_matrix_is_a_table_with_shortest_round_trip_numbers()
    {
        var bytes = NpyWriter.Float64([[27.1234, 0.1], [-3.28911, 1e-7]]);
        Assert.True(_reader.Recognizes(bytes, new MemorySource(bytes)));
        var (table, rows, after) = DataVerdicts.Table(_reader, bytes, "m.npy");
        Assert.Null(table.Header);
        Assert.Equal([["27.1234", "0.1"], ["-3.28911", "1E-07"]], rows.Select(r => r.ToArray()).ToArray());
        Assert.Empty(after);
    }

    [Fact]
    public void Fortran_order_and_big_endian_read_the_same_rows()
    {
        double[][] values = [[1.5, 2.5, 3.5], [4.25, 5.25, 6.25]];
        foreach (var bytes in new[] { NpyWriter.Float64(values, fortran: true), NpyWriter.Float64(values, bigEndian: true, version: 2) })
        {
            var (_, rows, _) = DataVerdicts.Table(_reader, bytes, "m.npy");
            Assert.Equal([["1.5", "2.5", "3.5"], ["4.25", "5.25", "6.25"]], rows.Select(r => r.ToArray()).ToArray());
        }
    }

    [Fact]
    public void One_dimensional_arrays_are_one_column_and_float32_keeps_its_short_form()
    {
        var (_, rows, _) = DataVerdicts.Table(_reader, NpyWriter.Float32([27.1234f, 0.3f]), "v.npy");
        Assert.Equal(["27.1234", "0.3"], rows.Select(r => r.Single()));
        (_, rows, _) = DataVerdicts.Table(_reader, NpyWriter.Int32([1019806, -5]), "v.npy");
        Assert.Equal(["1019806", "-5"], rows.Select(r => r.Single()));
    }

    [Fact]
    public void Structured_arrays_have_their_field_names_as_header()
    {
        var data = new byte[2 * 13];
        BitConverter.GetBytes(1.25).CopyTo(data, 0);
        BitConverter.GetBytes(7).CopyTo(data, 8);
        "ab"u8.CopyTo(data.AsSpan(12));
        BitConverter.GetBytes(2.5).CopyTo(data, 13);
        BitConverter.GetBytes(-1).CopyTo(data, 21);
        var bytes = NpyWriter.Array("[('bmi', '<f8'), ('n', '<i4'), ('s', '|S1')]", false, "(2,)", data);
        var (table, rows, _) = DataVerdicts.Table(_reader, bytes, "s.npy");
        Assert.Equal(["bmi", "n", "s"], table.Header!);
        Assert.Equal([["1.25", "7", "a"], ["2.5", "-1", ""]], rows.Select(r => r.ToArray()).ToArray());
    }

    [Fact]
    public void Unicode_bool_and_date_elements_are_text()
    {
        var utf32 = new byte[16];
        "Ab"u8.ToArray().Select(b => (int)b).SelectMany(BitConverter.GetBytes).ToArray().CopyTo(utf32, 0);
        var (_, rows, _) = DataVerdicts.Table(_reader, NpyWriter.Array("<U2", false, "(2,)", utf32), "u.npy");
        Assert.Equal(["Ab", ""], rows.Select(r => r.Single()));
        (_, rows, _) = DataVerdicts.Table(_reader, NpyWriter.Array("|b1", false, "(2,)", [1, 0]), "b.npy");
        Assert.Equal(["True", "False"], rows.Select(r => r.Single()));
        var days = BitConverter.GetBytes(DateOnly.Parse("2006-12-16").DayNumber - DateOnly.Parse("1970-01-01").DayNumber + 0L);
        (_, rows, _) = DataVerdicts.Table(_reader, NpyWriter.Array("<M8[D]", false, "(1,)", days), "d.npy");
        Assert.Equal("2006-12-16", rows.Single().Single());
    }

    [Fact]
    public void Object_arrays_are_handed_to_the_pickle_reader()
    {
        var bytes = NpyWriter.Array("|O", false, "(3,)", [0x80, 0x02, 0x5d, 0x71, 0x00, 0x2e]);
        var part = Assert.Single(_reader.Read(new MemorySource(bytes), "o.npy", new UnpackContext(new UnpackLimits(), CancellationToken.None)));
        var pickle = Assert.IsType<EmbeddedFile>(part);
        Assert.Equal("o.npy#pickle", pickle.Path);
        Assert.Equal([0x80, 0x02, 0x5d, 0x71, 0x00, 0x2e], pickle.Source.ReadAll(new UnpackContext(new UnpackLimits(), CancellationToken.None)).ToArray());
    }

    [Fact]
    public void A_truncated_array_yields_its_rows_then_a_corrupt_notice()
    {
        var bytes = NpyWriter.Float64([[1.5, 2.5], [3.5, 4.5], [5.5, 6.5]]);
        var (_, rows, after) = DataVerdicts.Table(_reader, bytes[..^12], "t.npy");
        Assert.Equal(2, rows.Count);
        Assert.Equal(NoticeKind.Corrupt, Assert.IsType<Notice>(Assert.Single(after)).Kind);
    }

    [Fact]
    public void Bytes_after_the_array_are_read_as_a_file_of_their_own()
    {
        var bytes = NpyWriter.Float64([[1.5]]).Concat("hidden text after the array\n"u8.ToArray()).ToArray();
        var parts = DataVerdicts.Walk(bytes, "x.npy");
        Assert.Contains(parts, p => p is TextPart { Path: "x.npy#after-array" });
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999, 99999999999), }")]
    [InlineData("{'descr': '<q9', 'fortran_order': False, 'shape': (2,), }")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)")]
    [InlineData("{'descr': '<f8', 'shape': [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}")]
    [InlineData("__import__('os')")]
    public void Damaged_headers_are_notices_not_crashes(string header)
    {
        var bytes = NpyWriter.Array("<f8", false, "(1,)", new byte[8]);
        var text = System.Text.Encoding.ASCII.GetBytes(header + "\n");
        var damaged = bytes[..8].Concat(BitConverter.GetBytes((ushort)text.Length)).Concat(text).Concat(new byte[8]).ToArray();
        var parts = DataVerdicts.Walk(damaged, "bad.npy");
        Assert.Contains(parts, p => p is Notice);
    }
}

[Collection("indexed-cohort")]
public class NpyCheckTests(IndexedCohort cohort)
{
    [Fact]
    public void A_participant_slice_as_a_float64_matrix_is_blocked()
    {
        var slice = SampleTable.Slice(cohort).NumericOnly();
        var path = cohort.NewFile("slice.npy");
        File.WriteAllBytes(path, NpyWriter.Float64(slice.Doubles()));
        DataVerdicts.AssertLeakFound(cohort.Check(path), null);
    }

    [Fact]
    public void A_participant_slice_in_fortran_order_is_blocked()
    {
        var slice = SampleTable.Slice(cohort, skip: 900).NumericOnly();
        var path = cohort.NewFile("slice_f.npy");
        File.WriteAllBytes(path, NpyWriter.Float64(slice.Doubles(), fortran: true));
        DataVerdicts.AssertLeakFound(cohort.Check(path), null);
    }

    [Fact]
    public void A_participant_slice_in_an_npz_is_blocked_entry_by_entry()
    {
        var slice = SampleTable.Slice(cohort, skip: 1700).NumericOnly();
        var npz = NpzBytes(("arr_0.npy", NpyWriter.Float64(slice.Doubles())));
        if (!ContentReaders.All().Any(r => r.Format == "zip"))
        {
            // Without the zip reader (merged separately), check the array the .npz holds directly.
            var entry = cohort.NewFile("arr_0.npy");
            File.WriteAllBytes(entry, NpyWriter.Float64(slice.Doubles()));
            DataVerdicts.AssertLeakFound(cohort.Check(entry), null);
            return;
        }
        var path = cohort.NewFile("slice.npz");
        File.WriteAllBytes(path, npz);
        DataVerdicts.AssertLeakFound(cohort.Check(path), "slice.npz/arr_0.npy");
    }

    [Fact]
    public void Legitimate_aggregates_as_npy_and_npz_are_not_blocked()
    {
        var gwas = SampleTable.Aggregate(cohort, OutputKind.GwasSummaryStatistics).NumericOnly();
        var survival = SampleTable.Aggregate(cohort, OutputKind.SurvivalTable).NumericOnly();
        var path = cohort.NewFile("gwas.npy");
        File.WriteAllBytes(path, NpyWriter.Float64(gwas.Doubles()));
        DataVerdicts.AssertNotBlocked(cohort.Check(path));
        var npz = cohort.NewFile("results.npz");
        File.WriteAllBytes(npz, NpzBytes(("gwas.npy", NpyWriter.Float64(gwas.Doubles())), ("km.npy", NpyWriter.Float64(survival.Doubles()))));
        if (ContentReaders.All().Any(r => r.Format == "zip")) DataVerdicts.AssertNotBlocked(cohort.Check(npz));
    }

    [Fact]
    public void Truncated_and_corrupt_npy_files_are_not_released()
    {
        var bytes = NpyWriter.Float64(SampleTable.Aggregate(cohort, OutputKind.SurvivalTable).NumericOnly().Doubles());
        foreach (var cut in new[] { 6, 9, 40, 70, bytes.Length / 2, bytes.Length - 3 })
        {
            var path = cohort.NewFile($"cut{cut}.npy");
            File.WriteAllBytes(path, bytes[..cut]);
            DataVerdicts.AssertNotReleased(cohort.Check(path));
        }
        var corrupt = (byte[])bytes.Clone();
        corrupt[20] = (byte)'@';
        var bad = cohort.NewFile("corrupt.npy");
        File.WriteAllBytes(bad, corrupt);
        DataVerdicts.AssertNotReleased(cohort.Check(bad));
    }

    public static byte[] NpzBytes(params (string Name, byte[] Bytes)[] entries)
    {
        using var s = new MemoryStream();
        using (var zip = new ZipArchive(s, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var e = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                e.Write(bytes);
            }
        return s.ToArray();
    }
}
