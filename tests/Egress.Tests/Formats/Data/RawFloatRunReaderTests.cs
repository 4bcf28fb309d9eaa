using Egress.Checks;
using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Formats.Content;
using Egress.Formats.Data;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data;

public class RawFloatRunReaderTests
{
    private static byte[] Noise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void A_float64_run_inside_unknown_binary_is_a_column_and_the_blob_stays_opaque()
    {
        var values = Enumerable.Range(0, 200).Select(i => Math.Round(20 + i * 0.0371, 4)).ToArray();
        var blob = Noise(37, 1).Concat(values.SelectMany(BitConverter.GetBytes)).Concat(Noise(500, 2)).ToArray();
        var parts = DataVerdicts.Walk(blob, "blob.bin");
        var run = Assert.IsType<TablePart>(parts[0]);
        Assert.Equal("blob.bin#float64@37", run.Path);
        Assert.Equal(values.Select(v => NumberText.Double(v)), run.Rows.Select(r => r.Single()));
        var opaque = Assert.IsType<OpaquePart>(parts[^1]);
        Assert.Equal(blob.Length, opaque.Bytes);
        Assert.Equal(2, parts.Count);
    }

    [Fact]
    public void A_float32_run_is_found_too()
    {
        var values = Enumerable.Range(0, 64).Select(i => (float)(27.1234 + i)).ToArray();
        var blob = Noise(10, 3).Concat(values.SelectMany(BitConverter.GetBytes)).Concat(Noise(10, 4)).ToArray();
        var run = Assert.IsType<TablePart>(DataVerdicts.Walk(blob, "b.bin")[0]);
        Assert.Equal("b.bin#float32@10", run.Path);
        Assert.Equal("27.1234", run.Rows.First().Single());
    }

    [Fact]
    public void Random_bytes_integers_and_fill_patterns_are_not_runs()
    {
        var random = Noise(4 << 20, 5);
        Assert.IsType<OpaquePart>(Assert.Single(DataVerdicts.Walk(random, "r.bin")));
        var ints = new byte[] { 0 }.Concat(Enumerable.Range(0, 5000).SelectMany(i => BitConverter.GetBytes(1_000_000 + i * 7))).ToArray();
        Assert.IsType<OpaquePart>(Assert.Single(DataVerdicts.Walk(ints, "i.bin")));
        var fill = new byte[] { 1 }.Concat(Enumerable.Repeat(BitConverter.GetBytes(1.5), 1000).SelectMany(b => b)).ToArray();
        Assert.IsType<OpaquePart>(Assert.Single(DataVerdicts.Walk(fill, "f.bin")));
    }

    [Fact]
    public void Runs_across_read_buffers_are_whole()
    {
        var values = Enumerable.Range(0, 40_000).Select(i => 1 + i * 0.5).ToArray();
        var blob = Noise((1 << 20) - 100_001, 6).Concat(values.SelectMany(BitConverter.GetBytes)).Concat(Noise(3, 7)).ToArray();
        var runs = DataVerdicts.Walk(blob, "big.bin").OfType<TablePart>().ToList();
        var run = Assert.Single(runs);
        Assert.Equal($"big.bin#float64@{(1 << 20) - 100_001}", run.Path);
        Assert.Equal(40_000, run.Rows.Count());
    }
}

[Collection("indexed-cohort")]
public class RawFloatCheckTests(IndexedCohort cohort)
{
    private static byte[] Blob(double[][] rows)
    {
        var header = new byte[53];
        new Random(11).NextBytes(header);
        return header.Concat(rows.SelectMany(r => r).SelectMany(BitConverter.GetBytes)).Concat(header).ToArray();
    }

    [Fact]
    public void A_participant_slice_as_raw_float64_in_a_blob_is_found()
    {
        var path = cohort.NewFile("blob.bin");
        File.WriteAllBytes(path, Blob(SampleTable.Slice(cohort, skip: 6000).NumericOnly().Doubles()));
        var report = cohort.Check(path);
        DataVerdicts.AssertLeakFound(report, "blob.bin#float64@53");
        Assert.Contains(report.Findings, f => f.Location == "blob.bin" && f.Severity == Severity.Block);
    }

    [Fact]
    public void A_legitimate_aggregate_as_raw_floats_gives_no_participant_finding_but_the_blob_is_not_released()
    {
        var path = cohort.NewFile("gwas.bin");
        File.WriteAllBytes(path, Blob(SampleTable.Aggregate(cohort, OutputKind.GwasSummaryStatistics).NumericOnly().Doubles()));
        var report = cohort.Check(path);
        Assert.DoesNotContain(report.Findings, f => f.Rule is ParticipantRecordDetector.Rule or ParticipantIdDetector.Rule);
        Assert.Contains(report.Parts, p => p.Path.StartsWith("gwas.bin#float64@", StringComparison.Ordinal));
        DataVerdicts.AssertNotReleased(report);
    }
}
