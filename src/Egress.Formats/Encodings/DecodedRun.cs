namespace Egress.Formats.Encodings;

/// <summary>
/// The bytes an encoded run inside text decodes to, and where the run lies: <see cref="Offset"/> is the
/// byte offset of its first character in the part, <see cref="Line"/> the part's line it starts on.
/// </summary>
public sealed record DecodedRun(string Encoding, long Offset, int EncodedLength, byte[] Bytes)
{
    public long Line { get; init; } = 1;

    /// <summary>
    /// The run may be ordinary text that merely looks encoded (a long identifier or path, a sparse escape):
    /// when it decodes to neither text nor a known format it is dropped, not reported as opaque.
    /// </summary>
    public bool Weak { get; init; }

    /// <summary>
    /// Lines of one hash-like width (a list of checksums or keys): when the bytes are unexplained binary
    /// they count as this many short fragments rather than one opaque payload.
    /// </summary>
    public int Tokens { get; init; } = 1;

    /// <summary>What the run is, when its encoding's name alone does not say ("base64 run in string literals joined").</summary>
    public string? Description { get; init; }
}
