using System.Globalization;
using Xunit;

namespace Egress.Tests.Cohort;

/// <summary>Relationships between fields that make the synthetic data behave like the real cohort.</summary>
[Collection(CohortCollection.Name)]
public sealed class CohortRealismTests(CohortFixture fixture)
{
    private readonly CsvTable master = fixture.Master;

    [Fact]
    public void BmiIsWeightOverHeightSquaredToFourDecimals()
    {
        int h = master.Col("50-0.0"), w = master.Col("21002-0.0"), b = master.Col("21001-0.0");
        int checkedRows = 0;
        foreach (var row in master.Rows)
        {
            if (row[h].Length == 0 || row[w].Length == 0)
            {
                Assert.Equal("", row[b]);
                continue;
            }
            decimal height = decimal.Parse(row[h], CultureInfo.InvariantCulture) / 100m;
            decimal weight = decimal.Parse(row[w], CultureInfo.InvariantCulture);
            decimal expected = Math.Round(weight / (height * height), 4, MidpointRounding.AwayFromZero);
            Assert.Equal(expected.ToString("F4", CultureInfo.InvariantCulture), row[b]);
            checkedRows++;
        }
        Assert.True(checkedRows > master.Rows.Count * 0.9);
    }

    [Fact]
    public void SexSpecificMeasuresDifferTheRightWay()
    {
        AssertMaleHigher("50-0.0", minGap: 8);     // height, cm
        AssertMaleHigher("21002-0.0", minGap: 5);  // weight, kg
        AssertMaleHigher("30020-0.0", minGap: 1);  // haemoglobin, g/dL
        AssertMaleHigher("30700-0.0", minGap: 10); // creatinine, µmol/L
        AssertMaleHigher("30760-0.0", minGap: -1, femaleHigher: true); // HDL is higher in women
    }

    [Fact]
    public void CorrelatedMeasuresCorrelate()
    {
        Assert.True(Stats.Correlation(Stats.Pairs(master, "30690-0.0", "30780-0.0")) > 0.5, "cholesterol ~ LDL");
        Assert.True(Stats.Correlation(Stats.Pairs(master, "30750-0.0", "30740-0.0")) > 0.3, "HbA1c ~ glucose");
        Assert.True(Stats.Correlation(Stats.Pairs(master, "50-0.0", "21002-0.0")) > 0.3, "height ~ weight");
        Assert.True(Stats.Correlation(Stats.Pairs(master, "21003-0.0", "4080-0.0")) > 0.1, "age ~ systolic");
        Assert.True(Stats.Correlation(Stats.Pairs(master, "21001-0.0", "4080-0.0")) > 0.1, "BMI ~ systolic");
        Assert.True(Stats.Correlation(Stats.Pairs(master, "4080-0.0", "4079-0.0")) > 0.3, "systolic ~ diastolic");
        Assert.True(Stats.Correlation(Stats.Pairs(master, "4080-0.0", "4080-0.1")) > 0.7, "repeat readings");
        Assert.True(Stats.Correlation(Stats.Pairs(master, "30760-0.0", "30870-0.0")) < -0.1, "HDL ~ -triglycerides");
    }

    [Fact]
    public void SkewedMarkersAreRightSkewed()
    {
        foreach (var column in new[] { "30710-0.0", "30870-0.0", "30620-0.0", "189-0.0" })
        {
            var values = master.Numbers(column).Where(v => v.HasValue).Select(v => v!.Value).Order().ToList();
            double mean = values.Average(), median = values[values.Count / 2];
            Assert.True(mean > median, $"{column}: mean {mean} should exceed median {median}");
        }
    }

    [Fact]
    public void DiabetesCodesFollowHbA1c()
    {
        double low = CodeRate("30750-0.0", v => v < 42, IsDiabetes);
        double high = CodeRate("30750-0.0", v => v >= 48, IsDiabetes);
        Assert.True(high > 0.3 && high > 10 * low, $"E11x rate {high:P1} at HbA1c ≥ 48 vs {low:P1} below 42");
    }

    [Fact]
    public void HypertensionCodeFollowsBloodPressure()
    {
        double low = CodeRate("4080-0.0", v => v < 130, c => c == "I10");
        double high = CodeRate("4080-0.0", v => v >= 160, c => c == "I10");
        Assert.True(high > 2 * low, $"I10 rate {high:P1} at SBP ≥ 160 vs {low:P1} below 130");
    }

    private static bool IsDiabetes(string code) => code.StartsWith("E11", StringComparison.Ordinal);

    private double CodeRate(string column, Func<double, bool> select, Func<string, bool> isCode)
    {
        int c = master.Col(column);
        var slots = Enumerable.Range(0, 10).Select(a => master.Col($"41270-0.{a}")).ToArray();
        var chosen = master.Rows.Where(r => r[c].Length > 0 && select(double.Parse(r[c], CultureInfo.InvariantCulture))).ToList();
        Assert.True(chosen.Count > 100, $"too few rows selected on {column}");
        return chosen.Count(r => slots.Any(s => isCode(r[s]))) / (double)chosen.Count;
    }

    private void AssertMaleHigher(string column, double minGap, bool femaleHigher = false)
    {
        var pairs = master.Numbers("31-0.0").Zip(master.Numbers(column)).Where(p => p.Second.HasValue).ToList();
        double male = pairs.Where(p => p.First == 1).Average(p => p.Second!.Value);
        double female = pairs.Where(p => p.First == 0).Average(p => p.Second!.Value);
        if (femaleHigher) Assert.True(female > male, $"{column}: female {female} should exceed male {male}");
        else Assert.True(male - female > minGap, $"{column}: male {male} vs female {female}");
    }
}
