using Egress.Checks;
using Xunit;

namespace Egress.Tests.Checks;

public class IdRunTestTests
{
    private const double Density = 500_000 / 9_000_000.0;

    [Fact]
    public void A_single_valid_id_is_not_evidence() =>
        Assert.False(IdRunTest.IsIdList(1, 1, Density, 5, 1e-6, 1));

    [Fact]
    public void A_thousand_valid_ids_are_an_id_list() =>
        Assert.True(IdRunTest.IsIdList(1000, 1000, Density, 5, 1e-6, 10_000));

    [Fact]
    public void Hits_at_the_chance_rate_are_not_an_id_list() =>
        Assert.False(IdRunTest.IsIdList(100_000, (long)(100_000 * Density * 1.02), Density, 5, 1e-6, 100));

    [Fact]
    public void Ids_mixed_into_random_numbers_are_found() =>
        Assert.True(IdRunTest.IsIdList(10_000, (long)(10_000 * Density) + 1000, Density, 5, 1e-6, 1000));
}
