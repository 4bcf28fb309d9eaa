using System.Text;
using Egress.Core;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Fuzz;

/// <summary>Leaks the fuzzer once got released, each rebuilt by hand so it stays fixed.</summary>
[Collection("indexed-cohort")]
public class FuzzRegressionTests(IndexedCohort cohort)
{
    private List<string[]> Slice()
    {
        var (header, rows) = cohort.Extract("A");
        return rows.Take(60).Select(r => r[1..]).Prepend(header[1..]).ToList();
    }

    [Fact]
    public void A_numpy_array_whose_header_names_the_wrong_byte_order_is_still_read()
    {
        var slice = Slice();
        var numeric = Enumerable.Range(0, slice[0].Length)
            .Where(c => slice.Skip(1).All(r => double.TryParse(r[c], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            .ToList();
        var matrix = slice.Skip(1).Select(r => numeric.Select(c => double.Parse(r[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var bytes = NpyWriter.Float64(matrix);
        // One flipped bit: '<f8' becomes '>f8' while the data stays little-endian.
        var at = Encoding.Latin1.GetString(bytes).IndexOf("'<f8'", StringComparison.Ordinal);
        bytes[at + 1] = (byte)'>';
        var path = cohort.NewFile("flipped.npy");
        File.WriteAllBytes(path, bytes);
        Assert.Equal(Verdict.Block, cohort.Check(path).Verdict);
    }

    [Fact]
    public void A_numpy_array_shifted_by_bytes_slipped_into_its_header_is_still_read()
    {
        var bytes = NumericSlice();
        // Three bytes inserted in the header's padding: the declared header length no longer reaches the data.
        var at = Encoding.Latin1.GetString(bytes).IndexOf("}", StringComparison.Ordinal) + 2;
        bytes = [.. bytes.AsSpan(0, at), (byte)'x', (byte)'y', (byte)'z', .. bytes.AsSpan(at)];
        var path = cohort.NewFile("shifted.npy");
        File.WriteAllBytes(path, bytes);
        Assert.Equal(Verdict.Block, cohort.Check(path).Verdict);
    }

    private byte[] NumericSlice()
    {
        var slice = Slice();
        var numeric = Enumerable.Range(0, slice[0].Length)
            .Where(c => slice.Skip(1).All(r => double.TryParse(r[c], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            .ToList();
        return NpyWriter.Float64(slice.Skip(1).Select(r => numeric.Select(c => double.Parse(r[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray());
    }

    [Fact]
    public void Json_records_with_a_byte_that_is_not_utf8_near_the_start_are_still_read_as_records()
    {
        var slice = Slice();
        var records = slice.Skip(1).Select(r => "{" + string.Join(",", r.Select((v, i) => $"\"{slice[0][i]}\":{(double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? v : $"\"{v}\"")}")) + "}");
        var bytes = Encoding.UTF8.GetBytes("[" + string.Join(",\n", records) + "]\n");
        // One byte (0xBA) that is not UTF-8, just after the second key: the rest stays intact.
        var at = Encoding.Latin1.GetString(bytes).IndexOf("\"34-0.0\"", StringComparison.Ordinal) + 8;
        var damaged = (byte[])bytes.Clone();
        damaged[at] = 0xBA;
        var path = cohort.NewFile("damaged.json");
        File.WriteAllBytes(path, damaged);
        Assert.NotEqual(Verdict.Release, cohort.Check(path).Verdict);
        // The first value itself damaged (a control byte where a number was).
        damaged = (byte[])bytes.Clone();
        damaged[Encoding.Latin1.GetString(bytes).IndexOf("\"31-0.0\":", StringComparison.Ordinal) + 9] = 0x11;
        File.WriteAllBytes(path, damaged);
        Assert.NotEqual(Verdict.Release, cohort.Check(path).Verdict);
    }

    [Fact]
    public void Ndjson_with_a_broken_line_is_not_read_as_a_csv_of_fragments()
    {
        var slice = Slice();
        var lines = slice.Skip(1).Select(r => "{" + string.Join(",", r.Select((v, i) => $"\"{slice[0][i]}\":\"{v}\"")) + "}").ToList();
        lines.Insert(4, lines[3][(lines[3].Length / 2)..]);
        var path = cohort.NewFile("broken.ndjson");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        Assert.NotEqual(Verdict.Release, cohort.Check(path).Verdict);
        // Damage inside the very first key: '{"31-0.' followed by a piece of a later line.
        lines[0] = lines[0][..7] + lines[1][(lines[1].Length / 2)..];
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        Assert.NotEqual(Verdict.Release, cohort.Check(path).Verdict);
    }
}
