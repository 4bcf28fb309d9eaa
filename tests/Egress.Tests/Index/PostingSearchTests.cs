using Egress.Index;
using Xunit;

namespace Egress.Tests.Index;

public sealed unsafe class PostingSearchTests
{
    [Fact]
    public void Galloping_search_from_any_guess_agrees_with_binary_search()
    {
        var random = new Random(11);
        foreach (var count in new[] { 2, 3, 15, 16, 17, 100, 1000, 4096 })
            for (var round = 0; round < 40; round++)
            {
                var list = Enumerable.Range(0, count * 3).Select(_ => (uint)random.Next(0, 500_000)).Distinct().Take(count).Order().ToArray();
                fixed (uint* p = list)
                    for (var q = 0; q < 50; q++)
                    {
                        var ordinal = q % 2 == 0 ? list[random.Next(list.Length)] : (uint)random.Next(0, 500_001);
                        var guess = random.Next(list.Length);
                        Assert.Equal(Array.BinarySearch(list, ordinal) >= 0, CohortIndex.SearchPostings(p, list.Length, ordinal, guess));
                    }
            }
    }

    [Fact]
    public void Ends_of_the_list_are_found_from_the_far_end()
    {
        var list = Enumerable.Range(0, 5000).Select(i => (uint)(i * 7 + 3)).ToArray();
        fixed (uint* p = list)
        {
            Assert.True(CohortIndex.SearchPostings(p, list.Length, list[0], list.Length - 1));
            Assert.True(CohortIndex.SearchPostings(p, list.Length, list[^1], 0));
            Assert.False(CohortIndex.SearchPostings(p, list.Length, 0, list.Length - 1));
            Assert.False(CohortIndex.SearchPostings(p, list.Length, uint.MaxValue, 0));
        }
    }
}
