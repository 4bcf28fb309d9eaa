namespace Egress.Formats.Content;

/// <summary>Bounds on unpacking one export, from the policy: every layer is bounded.</summary>
public sealed record UnpackLimits
{
    /// <summary>Containers and encodings inside each other, at most this deep.</summary>
    public int MaxDepth { get; init; } = 8;
    /// <summary>Archive entries (over the whole export).</summary>
    public int MaxEntries { get; init; } = 4096;
    /// <summary>Bytes produced by decompression and decoding (over the whole export).</summary>
    public long MaxExpandedBytes { get; init; } = 1L << 30;
    /// <summary>An entry that expands more than this many times its compressed size is a bomb.</summary>
    public double MaxExpansionRatio { get; init; } = 1000;
    /// <summary>A part a reader needs whole (random access) may take at most this much memory.</summary>
    public long MaxInMemoryBytes { get; init; } = 256L << 20;
    /// <summary>Nesting of JSON, XML and similar structures.</summary>
    public int MaxNesting { get; init; } = 256;
}
