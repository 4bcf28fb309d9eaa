using Egress.Checks.Risk;
using Xunit;

namespace Egress.Tests.Risk;

/// <summary>f_k and F_k as sdcMicro's freqCalc computes them, missing key values included.</summary>
public class SampleFrequencyTests
{
    private const int M = KeyCodes.Missing;

    private static SampleFrequencies Compute(int keys, int[][] rows, double[]? weights = null) =>
        SampleFrequencyCalculator.Compute(KeyCodes.FromCodes(rows.SelectMany(r => r).ToArray(), rows.Length, keys), weights);

    [Fact]
    public void Complete_keys_count_their_combination_and_sum_its_weights()
    {
        var f = Compute(2, [[1, 1], [1, 1], [1, 2], [2, 2], [1, 1]], [10, 20, 5, 7, 30]);
        Assert.Equal([3, 3, 1, 1, 3], f.SampleCounts);
        Assert.Equal([60, 60, 5, 7, 60], f.PopulationEstimates);
        Assert.Equal(3, f.EquivalenceClasses);
    }

    [Fact]
    public void A_missing_value_matches_any_value()
    {
        // Row 3 lacks its second key: it agrees with rows 1, 2 (1,1) and 4 (1,2), and they each count it.
        var f = Compute(2, [[1, 1], [1, 1], [1, M], [1, 2], [2, 2]]);
        Assert.Equal([3, 3, 4, 2, 1], f.SampleCounts);
        Assert.Equal(4, f.EquivalenceClasses);
    }

    [Fact]
    public void Records_with_missing_values_match_each_other_where_both_are_known()
    {
        // (1,M,3) and (1,2,M) agree on the first key and know different others: they match. (2,M,3) does not.
        var f = Compute(3, [[1, M, 3], [1, 2, M], [2, M, 3], [1, 2, 3]]);
        Assert.Equal([3, 3, 1, 3], f.SampleCounts);
    }

    [Fact]
    public void All_missing_keys_count_everyone_but_complete_keys_do_not_count_them()
    {
        var f = Compute(2, [[1, 1], [M, M], [1, M], [2, 2]], [1, 2, 4, 8]);
        // (1,1): itself and (1,M); (M,M): everyone; (1,M): itself, (1,1) and (M,M); (2,2): itself.
        Assert.Equal([2, 4, 3, 1], f.SampleCounts);
        Assert.Equal([5, 15, 7, 8], f.PopulationEstimates);
    }

    [Fact]
    public void With_one_key_the_missing_ones_count_for_every_value()
    {
        var f = Compute(1, [[1], [1], [2], [M]]);
        Assert.Equal([3, 3, 2, 4], f.SampleCounts);
    }

    [Fact]
    public void Agrees_with_a_record_by_record_reading_of_sdcMicros_rules_on_random_data()
    {
        var random = new Random(17);
        for (var trial = 0; trial < 40; trial++)
        {
            var keys = random.Next(2, 5);
            var n = random.Next(5, 120);
            var rows = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, keys)
                .Select(_ => random.NextDouble() < 0.15 ? M : random.Next(0, 3)).ToArray()).ToArray();
            var weights = rows.Select(_ => (double)random.Next(1, 50)).ToArray();
            var f = Compute(keys, rows, weights);
            for (var i = 0; i < n; i++)
            {
                var (count, weight) = ByDefinition(rows, weights, i);
                Assert.Equal(count, f.SampleCounts[i]);
                Assert.Equal(weight, f.PopulationEstimates[i], 1e-9);
            }
        }
    }

    /// <summary>
    /// sdcMicro 5.8.1's freqCalc read record by record: a record with all keys missing counts everyone; else it counts
    /// the records that agree with it wherever both know the key, except that a complete record does not count
    /// records whose keys are all missing.
    /// </summary>
    private static (int, double) ByDefinition(int[][] rows, double[] weights, int i)
    {
        bool AllMissing(int[] r) => r.All(c => c == M);
        if (AllMissing(rows[i])) return (rows.Length, weights.Sum());
        var complete = rows[i].All(c => c != M);
        int count = 0;
        double weight = 0;
        for (var j = 0; j < rows.Length; j++)
        {
            if (complete && AllMissing(rows[j])) continue;
            var agree = true;
            for (var k = 0; k < rows[i].Length; k++)
                if (rows[i][k] != M && rows[j][k] != M && rows[i][k] != rows[j][k]) agree = false;
            if (!agree) continue;
            count++;
            weight += weights[j];
        }
        return (count, weight);
    }

    [Fact]
    public void Cells_compare_as_R_reads_them()
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "1", "a" }, new[] { "1.0", "a" }, new[] { " 1 ", "A" }, new[] { "NA", "a" }, new[] { "", "a" } };
        var codes = KeyCodes.From(rows, [0, 1]);
        Assert.Equal(codes[0, 0], codes[1, 0]);
        Assert.Equal(codes[0, 0], codes[2, 0]);
        Assert.NotEqual(codes[0, 1], codes[2, 1]); // text is compared as written, like R's factor levels
        Assert.Equal(KeyCodes.Missing, codes[3, 0]);
        Assert.Equal(KeyCodes.Missing, codes[4, 0]);
    }
}
