using System.Buffers.Binary;
using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// FreeSurfer MGH volumes (MGZ is MGH gzip'd, and arrives here decompressed). No magic: a big-endian
/// header of version 1, width, height, depth, frames (all positive), a voxel type (0 uchar, 1 int,
/// 3 float, 4 short), degrees of freedom and a RAS flag (0 or 1); voxels start at byte 284.
/// </summary>
public sealed class MghReader : IContentReader
{
    private const int HeaderBytes = 284;
    private const int MaxDimension = 1 << 14;

    public string Format => "mgh";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => Parse(head, source.Length) is not null;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var dims = Parse(HeadLines.Of(source), source.Length) ?? throw new InvalidDataException("the MGH header changed between two reads");
        yield return new IndividualLevelPart(path, "MGH", ContentSize.Of(source, context),
            $"FreeSurfer MGH/MGZ volume of {dims} voxels (a brain image of an individual)");
    }

    private static string? Parse(ReadOnlySpan<byte> head, long? length)
    {
        if (head.Length < 30 || BinaryPrimitives.ReadInt32BigEndian(head) != 1) return null;
        Span<int> dims = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(head[(4 + 4 * i)..]);
            if (dims[i] < 1 || dims[i] > MaxDimension) return null;
        }
        var type = BinaryPrimitives.ReadInt32BigEndian(head[20..]);
        int bytesPerVoxel = type switch { 0 => 1, 1 => 4, 3 => 4, 4 => 2, _ => 0 };
        if (bytesPerVoxel == 0) return null;
        if (BinaryPrimitives.ReadInt16BigEndian(head[28..]) is not (0 or 1)) return null;
        var voxels = (long)dims[0] * dims[1] * dims[2] * dims[3];
        // A file's length is known: it must hold the voxels the header promises (MGZ's inner length is not known).
        if (length is { } n && n < HeaderBytes + voxels * bytesPerVoxel) return null;
        if (length is null && head.Length < Unpacker.HeadBytes && head.Length < HeaderBytes + voxels * bytesPerVoxel) return null;
        return dims[3] == 1 ? $"{dims[0]}×{dims[1]}×{dims[2]}" : $"{dims[0]}×{dims[1]}×{dims[2]}×{dims[3]}";
    }
}
