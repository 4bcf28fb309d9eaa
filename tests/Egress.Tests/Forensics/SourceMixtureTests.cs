using Egress.Checks.Forensics;
using Xunit;

namespace Egress.Tests.Forensics;

/// <summary>The source mixture on hand-made record patterns: shares, evidence bits, and the outside source.</summary>
public sealed class SourceMixtureTests
{
    private const ulong A = 1, B = 2, C = 4;

    [Fact]
    public void Records_only_one_project_holds_give_it_the_whole_share_and_strong_evidence()
    {
        var mixture = new SourceMixture([(A, 40), (A | B, 900), (A | C, 50)], 3);

        Assert.Equal(1, mixture.Shares[0], 6);
        Assert.True(mixture.Bits[0] > 100, $"{mixture.Bits[0]} bits");
        Assert.Equal(0, mixture.Bits[1], 6);
        Assert.Equal(0, mixture.Bits[2], 6);
        Assert.Equal(0, mixture.OutsideShare, 6);
    }

    [Fact]
    public void Two_projects_holding_the_same_records_cannot_be_told_apart()
    {
        var mixture = new SourceMixture([(A | B, 500)], 2);

        Assert.Equal(0, mixture.Bits[0], 6);
        Assert.Equal(0, mixture.Bits[1], 6);
        Assert.Equal(1, mixture.Shares[0] + mixture.Shares[1], 6);
    }

    [Fact]
    public void A_pooled_leak_gets_each_share()
    {
        var mixture = new SourceMixture([(A, 450), (B, 270), (C, 180), (A | B, 50), (A | B | C, 50)], 3);

        Assert.InRange(mixture.Shares[0], 0.48, 0.53);
        Assert.InRange(mixture.Shares[1], 0.28, 0.33);
        Assert.InRange(mixture.Shares[2], 0.17, 0.21);
        Assert.All(mixture.Bits, b => Assert.True(b > 100));
    }

    [Fact]
    public void A_few_records_held_by_chance_in_a_leak_from_outside_are_strays_not_evidence()
    {
        // 2,000 records no project holds in full, 30 that project B happens to hold in full.
        var mixture = new SourceMixture([(0, 2000), (B, 30)], 2);

        Assert.True(mixture.OutsideShare > 0.98, $"outside {mixture.OutsideShare}");
        Assert.True(mixture.Bits[1] < 1, $"{mixture.Bits[1]} bits");
        Assert.True(SourceRanking.Confidence(mixture.Bits[1]) < 0.05);
    }

    [Fact]
    public void Confidence_is_the_sceptical_prior_without_evidence_and_passes_the_bar_at_about_13_bits()
    {
        Assert.Equal(0.01, SourceRanking.Confidence(0), 6);
        Assert.True(SourceRanking.Confidence(13) < SourceRanking.NamingConfidence);
        Assert.True(SourceRanking.Confidence(14) > SourceRanking.NamingConfidence);
    }
}
