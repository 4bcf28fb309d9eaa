using Egress.Core;
using Xunit;

namespace Egress.Tests.Checks.Sdc;

/// <summary>The policy's sdc section: ACRO's defaults, written out and read back, and bad values refused.</summary>
public class SdcPolicyTests
{
    [Fact]
    public void Defaults_are_acros()
    {
        var sdc = Policy.Default.Sdc;
        Assert.Equal(10, sdc.MinimumCellCount.Threshold);
        Assert.Equal(2, sdc.Dominance.N);
        Assert.Equal(0.9, sdc.Dominance.K);
        Assert.Equal(0.1, sdc.PPercent.P);
        Assert.Equal(10, sdc.ResidualDegreesOfFreedom.Minimum);
        Assert.Equal(10, sdc.SurvivalRiskSet.Threshold);
        Assert.Equal(20_000, sdc.MaxAggregateRows);
        Assert.Equal(8L * 1024 * 1024, sdc.MaxAggregateBytes);
        Assert.Equal(Severity.Review, sdc.MinimumCellCount.Severity);
        Assert.Equal(Severity.Info, sdc.NotAssessedSeverity);
    }

    [Fact]
    public void The_section_round_trips_and_bad_values_are_refused()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("egress-policy-").FullName, "p.json");
        File.WriteAllText(path, """{ "sdc": { "minimumCellCount": { "threshold": 5, "severity": "block" }, "dominance": { "k": 0.8 }, "roundingBases": [10] } }""");
        var policy = Policy.Load(path);
        Assert.Equal(5, policy.Sdc.MinimumCellCount.Threshold);
        Assert.Equal(Severity.Block, policy.Sdc.MinimumCellCount.Severity);
        Assert.Equal(0.8, policy.Sdc.Dominance.K);
        Assert.Equal([10], policy.Sdc.RoundingBases);
        Assert.Equal(0.1, policy.Sdc.PPercent.P);
        Assert.Contains("\"sdc\"", Policy.Default.ToJson());

        foreach (var bad in new[]
                 {
                     """{ "sdc": { "dominance": { "k": 1.5 } } }""", """{ "sdc": { "minimumCellCount": { "threshold": 0 } } }""",
                     """{ "sdc": { "pPercent": { "p": 1 } } }""", """{ "sdc": { "minimumCelCount": {} } }""",
                 })
        {
            File.WriteAllText(path, bad);
            Assert.Throws<PolicyException>(() => Policy.Load(path));
        }
    }
}
