namespace Egress.Checks;

/// <summary>One token of the file that the index knows: where its entries are and what it can weigh.</summary>
public struct TokenHit
{
    public ulong Hash;
    public uint EntryStart;
    public uint EntryCount;
    /// <summary>The most identifying information the token carries for any project (bits).</summary>
    public float MaxBits;
    public int Column;
}
