using System.Buffers.Binary;
using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// BCF, binary VCF (magic <c>BCF\2</c>; usually BGZF-compressed, so it arrives here decompressed): its
/// header is VCF header text, whose #CHROM line names the sample columns. With samples it holds
/// genotypes of individuals; without, its binary records still cannot be inspected here.
/// </summary>
public sealed class BcfReader : IContentReader
{
    /// <summary>A BCF header longer than this is not read (real headers are a few hundred kilobytes).</summary>
    public const int MaxHeaderBytes = 64 << 20;

    public string Format => "bcf";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= 5 && head.StartsWith("BCF\u0002"u8) && head[4] is 1 or 2;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var header = ReadHeader(source, context);
        var size = ContentSize.Of(source, context);
        if (header.Samples > 0)
            yield return new IndividualLevelPart(path, "BCF", size,
                $"BCF (binary VCF) with {header.Samples:N0} sample column{(header.Samples == 1 ? "" : "s")} (genotypes of individuals)");
        else
            yield return new OpaquePart(path, size, "BCF (binary VCF) without samples: its binary variant records cannot be inspected; export it as VCF text");
    }

    private static VcfHeader ReadHeader(ContentSource source, UnpackContext context)
    {
        using var stream = source.Open();
        Span<byte> fixedPart = stackalloc byte[9];
        stream.ReadExactly(fixedPart);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart[5..]);
        if (length > MaxHeaderBytes)
            throw new InvalidDataException($"the BCF header claims {length:N0} bytes, more than the {MaxHeaderBytes:N0} a header may have");
        if (source.Length is { } known && 9 + (long)length > known)
            throw new EndOfStreamException();
        // The header text is a VCF header (NUL-terminated); its records are binary and not sampled.
        var text = new BoundedStream(stream, length);
        return VcfHeader.Read(text, context.ThrowIfCancelled, recordsToSample: 0);
    }

    /// <summary>The next <c>length</c> bytes of a stream; ends early (EndOfStreamException) when the stream does.</summary>
    private sealed class BoundedStream(Stream inner, long length) : ReadOnlyStream
    {
        private long _left = length;

        public override int Read(Span<byte> buffer)
        {
            if (_left == 0) return 0;
            var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            if (n == 0) throw new EndOfStreamException();
            // The header's closing NUL (and anything after it) is not text.
            var nul = buffer[..n].IndexOf((byte)0);
            if (nul >= 0)
            {
                _left = 0;
                return nul;
            }
            _left -= n;
            return n;
        }
    }
}
