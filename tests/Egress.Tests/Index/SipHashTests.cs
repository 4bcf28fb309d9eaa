using Egress.Index;
using Xunit;

namespace Egress.Tests.Index;

public class SipHashTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(0, 0xabac0158050fc4dcUL)]
    [InlineData(1, 0xc9f49bf37d57ca93UL)]
    [InlineData(8, 0x369095118d299a8eUL)]
    [InlineData(15, 0xd320d86d2a519956UL)]
    public void Matches_the_reference_vectors(int length, ulong expected)
    {
        var message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        Assert.Equal(expected, new SipHash(Key).Hash(message));
    }

    [Fact]
    public void Another_key_gives_other_hashes()
    {
        var other = new SipHash(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
        Assert.NotEqual(new SipHash(Key).Hash("1234567"u8), other.Hash("1234567"u8));
    }
}
