using Egress.Cohort.Outputs;
using Xunit;

namespace Egress.Tests.Outputs;

public sealed class SmallCellMergerTests
{
    private static CategoricalVariable Variable(string name, bool ordered, string[] levels, params int[] counts)
    {
        var levelOf = counts.SelectMany((c, level) => Enumerable.Repeat(level, c)).ToArray();
        return new CategoricalVariable(name, name, levels, levelOf, ordered, name, ordered ? (a, b) => $"{levels[a]}..{levels[b]}" : null);
    }

    [Fact]
    public void Ordered_bands_merge_with_a_neighbour()
    {
        var age = Variable("age", true, ["40", "45", "50", "55"], 100, 4, 100, 100);
        var t = SmallCellMerger.Classify([age], 10)!;
        Assert.Equal(["40..45", "50", "55"], t.Dimensions[0].Labels);
        Assert.Equal([104L, 100, 100], t.Counts);
    }

    [Fact]
    public void Rare_unordered_categories_pool_into_other()
    {
        var eth = Variable("eth", false, ["White", "Asian", "Black", "Chinese", "Mixed"], 500, 40, 30, 3, 5);
        var t = SmallCellMerger.Classify([eth], 10)!;
        // Chinese + Mixed make an "Other" of 8, still too small, so the next rarest (Black) joins it.
        Assert.Equal(["White", "Asian", "Other"], t.Dimensions[0].Labels);
        Assert.Equal([500L, 40, 38], t.Counts);
    }

    [Fact]
    public void Cross_classification_merges_until_every_cell_reaches_the_minimum_including_zeros()
    {
        int n = 1000;
        var rng = new SeededRandom(3);
        var sexLevels = Enumerable.Range(0, n).Select(_ => rng.Next(2)).ToArray();
        var groupLevels = Enumerable.Range(0, n).Select(i => i < 980 ? rng.Next(3) : 3 + (sexLevels[i] == 0 ? 0 : 1)).ToArray();
        var sex = new CategoricalVariable("sex", "Sex", ["F", "M"], sexLevels, false, "sex");
        var group = new CategoricalVariable("g", "G", ["a", "b", "c", "d", "e"], groupLevels, false, "g");
        var t = SmallCellMerger.Classify([sex, group], 10)!;
        Assert.NotNull(t);
        Assert.All(t.Counts, c => Assert.True(c >= 10));
        Assert.Equal(n, t.Total);
        Assert.Equal(t.Counts.Length, 2 * t.Dimensions[1].Count);
    }

    [Fact]
    public void Gives_up_rather_than_print_a_small_cell()
    {
        var binary = Variable("flag", false, ["No", "Yes"], 500, 3);
        Assert.Null(SmallCellMerger.Classify([binary], 10));
    }
}
