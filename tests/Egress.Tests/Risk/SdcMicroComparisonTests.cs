using System.Globalization;
using Egress.Checks.Risk;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Risk;

/// <summary>
/// Egress's risk measures against sdcMicro 5.8.1's own numbers for its testdata (../shared/sdc):
/// keys urbrur, roof, walls, water, electcon, relat, sex; weight sampling_weight.
/// </summary>
public class SdcMicroComparisonTests(ITestOutputHelper output)
{
    private static (RiskResult Result, List<IReadOnlyList<string>> Reference, string[] ReferenceHeader)? Run(ITestOutputHelper output)
    {
        var folder = SdcReference.Find();
        if (folder is null)
        {
            output.WriteLine("../shared/sdc not found beside the repository: skipped (nothing to compare with)");
            return null;
        }
        var (header, rows) = SdcReference.ReadCsv(Path.Combine(folder, SdcReference.DataFile));
        var keys = SdcReference.Keys.Select(k => Array.IndexOf(header, k)).ToArray();
        var weight = Array.IndexOf(header, SdcReference.Weight);
        var result = RiskCalculator.Measure(header, rows, keys, weight);
        var (refHeader, reference) = SdcReference.ReadCsv(Path.Combine(folder, SdcReference.RiskFile));
        return (result, reference, refHeader);
    }

    private static double Num(string s) => s == "NA" ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Every_record_has_sdcMicros_fk_Fk_and_approximate_risk()
    {
        if (Run(output) is not var (result, reference, h)) return;
        Assert.Equal(reference.Count, result.Records.Count);
        int fkCol = Array.IndexOf(h, "fk"), FkCol = Array.IndexOf(h, "Fk"), riskCol = Array.IndexOf(h, "risk_approx");
        var worst = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            var r = result.Records[i];
            Assert.Equal(i + 1, r.Row);
            Assert.Equal((int)Num(reference[i][fkCol]), r.SampleFrequency);
            Assert.Equal(Num(reference[i][FkCol]), r.PopulationFrequency);
            var expected = Num(reference[i][riskCol]);
            var relative = Math.Abs(r.Risk - expected) / expected;
            worst = Math.Max(worst, relative);
            Assert.True(relative < 1e-12, $"row {i + 1}: risk {r.Risk:R}, sdcMicro {expected:R}");
        }
        output.WriteLine($"largest relative difference of the approximate risk: {worst:E2}");
    }

    [Fact]
    public void Every_record_has_sdcMicros_exact_risk_where_sdcMicro_has_one()
    {
        if (Run(output) is not var (result, reference, h)) return;
        var col = Array.IndexOf(h, "risk_exact");
        var worst = 0.0;
        int compared = 0, missing = 0;
        for (var i = 0; i < reference.Count; i++)
        {
            var expected = Num(reference[i][col]);
            var actual = result.Records[i].RiskExact;
            if (double.IsNaN(expected))
            {
                // sdcMicro's series overflows for large classes (NA in its output): so does ours.
                Assert.True(double.IsNaN(actual), $"row {i + 1}: sdcMicro NA, Egress {actual:R}");
                missing++;
                continue;
            }
            var relative = Math.Abs(actual - expected) / Math.Abs(expected);
            worst = Math.Max(worst, relative);
            Assert.True(relative < 1e-9, $"row {i + 1} (fk {result.Records[i].SampleFrequency}): exact risk {actual:R}, sdcMicro {expected:R}");
            compared++;
        }
        output.WriteLine($"exact risk: {compared} records compared, largest relative difference {worst:E2}; {missing} records NA in sdcMicro and NaN here");
    }

    [Fact]
    public void Headline_figures_match_sdcMicro()
    {
        if (Run(output) is not var (result, _, _)) return;
        var g = result.Global;
        Assert.Equal(4580, g.Records);
        Assert.Equal(157, g.KAnonymityViolations[2]);
        Assert.Equal(281, g.KAnonymityViolations[3]);
        Assert.Equal(458, g.KAnonymityViolations[5]);
        Assert.All(g.WeightedKAnonymityViolations.Values, v => Assert.Equal(0, v));
        Assert.Equal(157, g.SampleUniques);
        Assert.Equal(412, g.EquivalenceClasses);
        Assert.Equal(10.7782989187, g.ExpectedReidentifications, 1e-9);
        Assert.Equal(0.0023533404, g.MeanRisk, 1e-10);
        Assert.Equal(0.2353340375, g.RiskPercent, 1e-9);
        output.WriteLine($"ER {g.ExpectedReidentifications:F10}, mean {g.MeanRisk:F10}, pct {g.RiskPercent:F10}, classes {g.EquivalenceClasses}");
    }

    [Fact]
    public void Without_weights_the_risk_is_one_over_fk_and_sums_to_the_number_of_classes()
    {
        var folder = SdcReference.Find();
        if (folder is null)
        {
            output.WriteLine("../shared/sdc not found beside the repository: skipped");
            return;
        }
        var (header, rows) = SdcReference.ReadCsv(Path.Combine(folder, SdcReference.DataFile));
        var keys = SdcReference.Keys.Select(k => Array.IndexOf(header, k)).ToArray();
        var result = RiskCalculator.Measure(header, rows, keys, null);
        // sdcMicro: unweighted global_risk_ER = 412.0000000000 (= number of equivalence classes).
        Assert.Equal(412.0, result.Global.ExpectedReidentifications, 1e-9);
        Assert.All(result.Records, r => Assert.Equal(1.0 / r.SampleFrequency, r.Risk));
    }

    [Fact]
    public void L_diversity_of_hhcivil_matches_sdcMicro()
    {
        var folder = SdcReference.Find();
        if (folder is null)
        {
            output.WriteLine("../shared/sdc not found beside the repository: skipped");
            return;
        }
        var (header, rows) = SdcReference.ReadCsv(Path.Combine(folder, SdcReference.DataFile));
        var keys = KeyCodes.From(rows, SdcReference.Keys.Select(k => Array.IndexOf(header, k)).ToArray());
        var hhcivil = Array.IndexOf(header, "hhcivil");
        var l = LDiversityCalculator.Compute(keys, rows.Select(r => (string?)r[hhcivil]).ToList());
        var (h, reference) = SdcReference.ReadCsv(Path.Combine(folder, SdcReference.RiskFile));
        int distinct = Array.IndexOf(h, "ldiv_hhcivil_distinct"), entropy = Array.IndexOf(h, "ldiv_hhcivil_entropy"), recursive = Array.IndexOf(h, "ldiv_hhcivil_recursive");
        for (var i = 0; i < reference.Count; i++)
        {
            Assert.Equal((int)Num(reference[i][distinct]), l[i].Distinct);
            var expected = Num(reference[i][entropy]);
            Assert.True(Math.Abs(l[i].Entropy - expected) <= 1e-9 * expected, $"row {i + 1}: entropy {l[i].Entropy:R}, sdcMicro {expected:R}");
            Assert.Equal((int)Num(reference[i][recursive]), l[i].Recursive);
        }
        // sdcMicro: 2,466 records have distinct l-diversity 1 for hhcivil.
        Assert.Equal(2466, l.Count(x => x.Distinct == 1));
    }

    [Fact]
    public void SUDA2_scores_match_sdcMicro()
    {
        var folder = SdcReference.Find();
        if (folder is null)
        {
            output.WriteLine("../shared/sdc not found beside the repository: skipped");
            return;
        }
        var (header, rows) = SdcReference.ReadCsv(Path.Combine(folder, SdcReference.DataFile));
        var keys = KeyCodes.From(rows, SdcReference.Keys.Select(k => Array.IndexOf(header, k)).ToArray());
        var suda = Suda2.Compute(keys);
        var (h, reference) = SdcReference.ReadCsv(Path.Combine(folder, SdcReference.RiskFile));
        int score = Array.IndexOf(h, "suda_score"), dis = Array.IndexOf(h, "dis_suda_score");
        var worst = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            Assert.Equal(Num(reference[i][score]), suda[i].Score);
            var expected = Num(reference[i][dis]);
            var difference = expected == 0 ? Math.Abs(suda[i].DisScore) : Math.Abs(suda[i].DisScore - expected) / expected;
            worst = Math.Max(worst, difference);
            Assert.True(difference < 1e-6, $"row {i + 1}: DIS score {suda[i].DisScore:R}, sdcMicro {expected:R}");
        }
        // sdcMicro: 157 records with score > 0, max score 720, max DIS score 0.678142553743.
        Assert.Equal(157, suda.Count(s => s.Score > 0));
        Assert.Equal(720, suda.Max(s => s.Score));
        Assert.Equal(0.678142553743, suda.Max(s => s.DisScore), 1e-9);
        output.WriteLine($"DIS-SUDA: largest relative difference {worst:E2}");
    }
}
