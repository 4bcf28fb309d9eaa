using System.Globalization;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Checks.Disguise;

/// <summary>
/// Records whose measurements were blurred (last digit ±1, ×(1 ± 0.1 %), rounded across a bin boundary) are still
/// found; rows drawn from the cohort's own distributions, column by column, are not.
/// </summary>
[Collection("indexed-cohort")]
public class TolerantRecordTests(IndexedCohort cohort, ITestOutputHelper output)
{
    /// <summary>Measurement columns (decimals in most rows) of project A's extract, and the rows.</summary>
    private (string[] Header, List<string[]> Rows) Measurements()
    {
        var (header, rows) = cohort.Extract("A");
        var columns = Enumerable.Range(1, header.Length - 1)
            .Where(c => rows.Take(200).Count(r => r[c].Contains('.') && double.TryParse(r[c], CultureInfo.InvariantCulture, out _)) > 150)
            .Take(8).ToList();
        Assert.True(columns.Count >= 6, "the generated extract has too few measurement columns");
        return (columns.Select(c => header[c]).ToArray(), rows.Select(r => columns.Select(c => r[c]).ToArray()).ToList());
    }

    private static int Decimals(string v) => v.Contains('.') ? v.Length - v.IndexOf('.') - 1 : 0;

    private static string Format(double x, int decimals) => x.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static TheoryData<string> Blurs() => ["last digit ±1", "×(1 ± 0.1 %)", "rounded up across the bin", "noise and last digit"];

    private static string Blur(string blur, string v, Random r)
    {
        if (!double.TryParse(v, CultureInfo.InvariantCulture, out var x) || !v.Contains('.')) return v;
        var d = Decimals(v);
        var ulp = Math.Pow(10, -d);
        return blur switch
        {
            "last digit ±1" => Format(x + (r.Next(2) == 0 ? -ulp : ulp), d),
            "×(1 ± 0.1 %)" => Format(x * (1 + (r.NextDouble() * 2 - 1) * 0.001), d),
            "rounded up across the bin" => Format(Math.Ceiling(x / (ulp * 10)) * ulp * 10, Math.Max(1, d - 1)),
            _ => Format(x * (1 + (r.NextDouble() * 2 - 1) * 0.0005) + (r.Next(2) == 0 ? -ulp : ulp), d),
        };
    }

    private string Write(string[] header, IEnumerable<string[]> rows)
    {
        var path = cohort.NewFile("measurements.csv");
        return IndexedCohort.WriteTable(path, new[] { header }.Concat(rows));
    }

    [Theory]
    [MemberData(nameof(Blurs))]
    public void Blurred_records_are_found(string blur)
    {
        var (header, rows) = Measurements();
        foreach (var size in new[] { 10, 200 })
        {
            var random = new Random(size);
            var slice = rows.Skip(size * 3).Take(size).Select(r => r.Select(v => Blur(blur, v, random)).ToArray()).ToList();
            var report = cohort.Check(Write(header, slice));
            var found = report.Findings.Where(f => f.Rule == ParticipantRecordDetector.Rule).Sum(f => f.Participants);
            output.WriteLine($"{blur,-28} {size,4} rows: {report.Verdict}, {found} participants found");
            Assert.Equal(Verdict.Block, report.Verdict);
            // 0.1 % noise leaves about 30 bits in 8 measurements: past the bar (and its dependence margin) for a few rows only.
            var noisy = blur.Contains('%') || blur.StartsWith("noise");
            Assert.True(found >= (noisy ? 1 : size * (blur.StartsWith("rounded") ? 0.5 : 0.9)), $"{blur}: {found} of {size}; " + string.Join("; ", report.Findings.Select(f => f.Message)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Rows_drawn_from_the_cohorts_own_distributions_do_not_match(int seed)
    {
        var (header, rows) = Measurements();
        var random = new Random(seed);
        // Each cell from another participant: every marginal is the cohort's, no row is anyone's. Blurred too, as an adversary would.
        var simulated = Enumerable.Range(0, 2000).Select(_ => header.Select((_, c) => rows[random.Next(rows.Count)][c]).ToArray()).ToList();
        foreach (var table in new[] { simulated, simulated.Select(r => r.Select(v => Blur("×(1 ± 0.1 %)", v, random)).ToArray()).ToList() })
        {
            var report = cohort.Check(Write(header, table));
            Assert.DoesNotContain(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule);
        }
    }

    /// <summary>
    /// Rows whose values sit close to each other (an analytic and a simulated power, an estimate and its bounds) must
    /// not credit one participant's value once per near copy.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Near_equal_values_in_a_row_are_one_window(int seed)
    {
        var (header, rows) = Measurements();
        var random = new Random(seed);
        var table = Enumerable.Range(0, 300).Select(_ =>
        {
            // Each of a real participant's values, with two near copies of it, in rows that belong to no one.
            string value;
            do value = rows[random.Next(rows.Count)][random.Next(header.Length)];
            while (Decimals(value) == 0);
            var d = Decimals(value);
            var x = double.Parse(value, CultureInfo.InvariantCulture);
            var ulp = Math.Pow(10, -d);
            return new[] { value, Format(x + ulp, d), Format(x - ulp, d), value };
        }).ToList();
        var report = cohort.Check(Write(["estimate", "simulated", "lower", "again"], table));
        Assert.DoesNotContain(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule);
    }
}
