using System.Buffers.Binary;
using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// BGEN genotype probabilities (UK Biobank's imputed genotypes). Layout: a 4-byte offset to the first
/// variant block, then the header block — its length L_H, variant count M, sample count N, the magic
/// "bgen" (bytes 16–19 of the file; early writers left four zero bytes there), free data, and 4 bytes
/// of flags (compression in bits 0–1, layout in bits 2–5, sample identifiers in bit 31). Zero magic is
/// accepted only when the rest of the header is consistent.
/// </summary>
public sealed class BgenReader : IContentReader
{
    private const int MinHeaderLength = 20;

    public string Format => "bgen";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => Parse(head, source.Length) is not null;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var header = Parse(HeadLines.Of(source), source.Length) ?? throw new InvalidDataException("the BGEN header changed between two reads");
        yield return new IndividualLevelPart(path, "BGEN", ContentSize.Of(source, context),
            $"BGEN genotype probabilities of {header.Samples:N0} samples at {header.Variants:N0} variants{(header.SampleIds ? ", with sample identifiers" : "")} (genotypes of individuals)");
    }

    private sealed record Header(uint Variants, uint Samples, bool SampleIds);

    private static Header? Parse(ReadOnlySpan<byte> head, long? length)
    {
        if (head.Length < 20) return null;
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(head);
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        var variants = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        var samples = BinaryPrimitives.ReadUInt32LittleEndian(head[12..]);
        var magic = head.Slice(16, 4);
        var isMagic = magic.SequenceEqual("bgen"u8);
        if (!isMagic && !magic.SequenceEqual(new byte[4])) return null;
        if (isMagic) return new Header(variants, samples, SampleIds(head, headerLength));
        // No magic: the header must hold together.
        if (headerLength < MinHeaderLength || headerLength > offset || samples == 0 || variants == 0) return null;
        if (length is { } n && offset + 4L > n) return null;
        if (head.Length < 4 + headerLength) return null;
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(head[(int)(headerLength)..]);
        var compression = flags & 0b11;
        var layout = (flags >> 2) & 0b1111;
        var reserved = flags & 0x7FFF_FFC0;
        if (compression > 2 || layout is not (1 or 2) || reserved != 0) return null;
        return new Header(variants, samples, (flags & 0x8000_0000) != 0);
    }

    /// <summary>Bit 31 of the flags (the header block's last 4 bytes) says a sample-identifier block follows.</summary>
    private static bool SampleIds(ReadOnlySpan<byte> head, uint headerLength) =>
        headerLength >= MinHeaderLength && head.Length >= 4 + headerLength
        && (BinaryPrimitives.ReadUInt32LittleEndian(head[(int)headerLength..]) & 0x8000_0000) != 0;
}
