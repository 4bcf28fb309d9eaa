using System.Text;
using Egress.Checks.Disguise;
using Egress.Formats;
using Xunit;

namespace Egress.Tests.Checks.Disguise;

/// <summary>
/// The collector is fed by the scan workers, a block at a time, in whatever order they finish: the groups must come out
/// the same as in order, the part's head read in full and only a window of each later block.
/// </summary>
public class DisguisedIdCollectorTests
{
    private static List<TextBlock> Blocks(string text, int blockBytes)
    {
        var reader = new BlockReader(new MemoryStream(Encoding.ASCII.GetBytes(text)), quoteAware: true, blockBytes);
        var blocks = new List<TextBlock>();
        while (reader.Next() is { } block) blocks.Add(block);
        return blocks;
    }

    private static Dictionary<string, List<string>> Groups(DisguisedIdCollector collector) =>
        collector.Groups.ToDictionary(g => g.Shape, g => g.Tokens.ToList());

    private static string Table(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("id,code,weight\n");
        for (var i = 0; i < rows; i++) text.Append($"UKB{random.Next(1_000_000, 9_999_999)},{random.Next(100, 999)}-{random.Next(1000, 9999)},{random.Next(40, 120)}.{random.Next(10, 99)}\n");
        return text.ToString();
    }

    [Fact]
    public void Blocks_observed_out_of_order_give_the_groups_of_in_order()
    {
        var blocks = Blocks(Table(20_000, 1), 64 << 10);
        Assert.True(blocks.Count > 8);
        var inOrder = new DisguisedIdCollector();
        var observer = inOrder.Observe("a.csv");
        foreach (var block in blocks) observer.Observe(block, 1);
        var shuffled = new DisguisedIdCollector();
        var other = shuffled.Observe("a.csv");
        foreach (var block in blocks.OrderBy(b => (b.Index * 7919) % 13).ThenByDescending(b => b.Index)) other.Observe(block, 1);
        var expected = Groups(inOrder);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), Groups(shuffled).Keys.Order());
        foreach (var (shape, tokens) in Groups(shuffled)) Assert.Equal(expected[shape], tokens);
    }

    [Fact]
    public void Blocks_observed_from_two_threads_give_the_groups_of_in_order()
    {
        var blocks = Blocks(Table(20_000, 2), 32 << 10);
        var inOrder = new DisguisedIdCollector();
        var observer = inOrder.Observe("a.csv");
        foreach (var block in blocks) observer.Observe(block, 1);
        var parallel = new DisguisedIdCollector();
        var other = parallel.Observe("a.csv");
        Parallel.ForEach(blocks, new ParallelOptions { MaxDegreeOfParallelism = 2 }, block => other.Observe(block, 1));
        foreach (var (shape, tokens) in Groups(parallel)) Assert.Equal(Groups(inOrder)[shape], tokens);
    }

    [Fact]
    public void Past_the_head_only_a_window_of_each_block_is_read()
    {
        // Head: rows of one shape; past the head, a block of another shape whose window holds only its first rows.
        var head = new StringBuilder();
        while (head.Length < DisguisedIdCollector.FullyReadBytes) head.Append("AB12345\n");
        var late = new StringBuilder();
        for (var i = 0; late.Length < 4 * DisguisedIdCollector.SampledBytes; i++) late.Append($"zz-{1000 + i % 9000}-{100 + i % 900}\n");
        var collector = new DisguisedIdCollector();
        var observer = collector.Observe("a.txt");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var lateBytes = Encoding.ASCII.GetBytes(late.ToString());
        observer.Observe(new TextBlock { Buffer = headBytes, Length = headBytes.Length, Index = 0, Offset = 0 }, 1);
        observer.Observe(new TextBlock { Buffer = lateBytes, Length = lateBytes.Length, Index = 1, Offset = headBytes.Length }, 1);
        var lateGroup = collector.Groups.Single(g => g.Shape == "a2-94-93");
        var perLine = lateBytes.Length / (double)late.ToString().Count(c => c == '\n');
        Assert.InRange(lateGroup.Tokens.Count, DisguisedIdCollector.SampledBytes / perLine - 2, DisguisedIdCollector.SampledBytes / perLine + 2);
        Assert.Equal(DisguisedIdCollector.MaxTokensPerGroup, collector.Groups.Single(g => g.Shape == "alnum 7").Tokens.Count);
    }
}
