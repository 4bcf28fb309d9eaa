using System.Text;
using Egress.Checks;
using Xunit;

namespace Egress.Tests.Checks;

public sealed class LineCarryTests
{
    /// <summary>Feeds text in blocks of the given size and collects the lines the carry hands out (the last without its newline too).</summary>
    private static List<string> Lines(string text, int block, int maxLine)
    {
        var carry = new LineCarry(maxLine);
        var lines = new List<string>();
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var at = 0; at < bytes.Length; at += block)
        {
            ReadOnlySpan<byte> data = bytes.AsSpan(at, Math.Min(block, bytes.Length - at));
            while (!data.IsEmpty)
            {
                var nl = data.IndexOf((byte)'\n');
                if (nl < 0)
                {
                    carry.Add(data);
                    break;
                }
                if (carry.End(data[..nl], out var line)) lines.Add(Encoding.UTF8.GetString(line));
                data = data[(nl + 1)..];
            }
        }
        if (carry.HasPartial && !carry.Skipping) lines.Add(Encoding.UTF8.GetString(carry.Partial));
        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Lines_cut_by_blocks_come_out_whole_whatever_the_block_size(int block) =>
        Assert.Equal(["alpha", "beta,gamma", "", "delta"], Lines("alpha\nbeta,gamma\n\ndelta", block, maxLine: 100));

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(16)]
    public void A_carried_line_longer_than_the_bound_is_skipped_whole_and_the_next_ones_are_read(int block) =>
        Assert.Equal(["short", "after"], Lines("short\n" + new string('x', 40) + "\nafter", block, maxLine: 10));

    [Fact]
    public void A_line_within_one_block_is_handed_out_without_a_copy()
    {
        var carry = new LineCarry(100);
        ReadOnlySpan<byte> piece = "one,two"u8;
        Assert.True(carry.End(piece, out var line));
        Assert.True(line == piece);
        Assert.False(carry.HasPartial);
    }

    [Fact]
    public void The_head_is_held_until_it_is_full_and_freed_after()
    {
        var head = new StreamHead(8);
        Assert.False(head.Fill("abc"u8, out var taken));
        Assert.Equal(3, taken);
        Assert.True(head.Fill("defghij"u8, out taken));
        Assert.Equal(5, taken);
        Assert.Equal("abcdefgh", Encoding.ASCII.GetString(head.Bytes));
        head.Release();
        Assert.Equal(0, head.Bytes.Length);
    }
}
