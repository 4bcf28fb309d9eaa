using Egress.Index;
using Xunit;

namespace Egress.Tests.Index;

public class SipHashTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(0, 0x726fdb47dd0e0e31UL)]
    [InlineData(1, 0x74f839c593dc67fdUL)]
    [InlineData(8, 0x93f5f5799a932462UL)]
    [InlineData(15, 0xa129ca6149be45e5UL)]
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
