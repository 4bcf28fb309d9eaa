using System.Text;
using Egress.Formats.Content;
using Egress.Formats.Encodings;
using Xunit;
using static Egress.Tests.Formats.Encodings.MoreEncodingWriters;

namespace Egress.Tests.Formats.Encodings;

/// <summary>base32, base85, uuencode and joined literals, block by block: the exact bytes, and runs cut by a block boundary joined.</summary>
public class MoreEncodingCollectorTests
{
    private static readonly byte[] Table = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 60).Select(i => $"{1000000 + i * 37},{50 + i % 20},{20.5 + i * 0.37:0.000},2009-08-{1 + i % 28:00}\n")));

    private static EncodedRunCollector Collector() => EncodedRunCollector.For(ContentReaders.Unpacker(), new UnpackContext(new UnpackLimits(), CancellationToken.None));

    private static DecodedRun Single(string text, string encoding)
    {
        var collector = Collector();
        collector.Collect(Encoding.UTF8.GetBytes(text), 0, 1, firstBlock: true);
        var run = Assert.Single(collector.Finish().Runs);
        Assert.Equal(encoding, run.Encoding);
        return run;
    }

    [Theory]
    [InlineData("base32", false, true, 0)]
    [InlineData("base32", false, false, 72)]
    [InlineData("base32hex", true, true, 0)]
    [InlineData("base32hex", true, false, 64)]
    public void Base32_decodes_exactly(string encoding, bool extendedHex, bool padding, int wrap) =>
        Assert.Equal(Table, Single("x\n" + Base32(Table, extendedHex, padding, wrap) + "\ny\n", encoding).Bytes);

    [Fact]
    public void Ascii85_btoa_z85_and_uuencode_decode_exactly()
    {
        var zeros = Table.Concat(new byte[12]).Concat(Table).ToArray();
        Assert.Equal(zeros, Single("a " + Ascii85(zeros, wrap: 76) + " b\n", "ascii85").Bytes);
        Assert.Equal(zeros, Single(Btoa(zeros), "btoa").Bytes);
        Assert.Equal(Table, Single("blob " + Z85(Table) + "\n", "z85").Bytes);
        Assert.Equal(Table, Single("data=" + Ascii85(Table, adobe: false) + "\n", "ascii85").Bytes);
        Assert.Equal(Table, Single(Uuencode(Table), "uuencode").Bytes);
    }

    [Fact]
    public void Joined_literals_decode_exactly_and_say_what_they_held()
    {
        var run = Single(InLiterals(Convert.ToBase64String(Table), 20, Joining.PythonAdjacent), "literals");
        Assert.Equal(Table, run.Bytes);
        Assert.Equal("base64 run in string literals joined", run.Description);
        Assert.False(run.Weak);
    }

    [Theory]
    [InlineData("ascii85")]
    [InlineData("btoa")]
    [InlineData("uuencode")]
    public void A_run_cut_by_a_block_boundary_is_joined(string encoding)
    {
        var body = encoding switch
        {
            "ascii85" => Ascii85(Table, wrap: 76),
            "btoa" => Btoa(Table),
            _ => Uuencode(Table),
        };
        var text = Encoding.ASCII.GetBytes("start\n" + body + "\nend of file\n");
        // Blocks end on a line break: cut after the fourth line.
        var cut = 0;
        for (var i = 0; i < 4; i++) cut = text.AsSpan(cut).IndexOf((byte)'\n') + cut + 1;
        var collector = Collector();
        collector.Collect(text.AsSpan(0, cut), 0, 1, firstBlock: true);
        collector.Collect(text.AsSpan(cut), cut, 5, firstBlock: false);
        var run = Assert.Single(collector.Finish().Runs);
        Assert.Equal(encoding, run.Encoding);
        Assert.Equal(Table, run.Bytes);
        Assert.Equal(6, run.Offset);
    }
}
