using System.Buffers.Binary;
using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// Neuroimaging volumes: NIfTI-1 (header size 348 at byte 0, magic "n+1\0" or "ni1\0" at 344), NIfTI-2
/// (header size 540, magic "n+2\0" or "ni2\0" at 4) and their predecessor Analyze 7.5 (header size 348,
/// no magic, a plausible dimension count). Either byte order. A statistical map is named as one (its
/// intent code), but a map of one person and a group map look the same from outside: not released.
/// </summary>
public sealed class NiftiReader : IContentReader
{
    public string Format => "nifti";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => Parse(head) is not null;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var (format, reason) = Parse(source.Head(544)) ?? throw new InvalidDataException("the image header changed between two reads");
        yield return new IndividualLevelPart(path, format, ContentSize.Of(source, context), reason);
    }

    private static (string Format, string Reason)? Parse(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4) return null;
        foreach (var little in (bool[])[true, false])
        {
            var size = little ? BinaryPrimitives.ReadInt32LittleEndian(head) : BinaryPrimitives.ReadInt32BigEndian(head);
            if (size == 348 && head.Length >= 348)
            {
                var magic = head.Length >= 348 ? head.Slice(344, 4) : default;
                if (magic.SequenceEqual("n+1\0"u8) || magic.SequenceEqual("ni1\0"u8))
                    return ("NIfTI-1", $"NIfTI-1 {(magic[1] == '+' ? "image" : "header of a .hdr/.img pair")}{Dimensions1(head, little)}{Nature(head, little)}");
                if (LooksLikeAnalyze(head, little))
                    return ("Analyze 7.5", $"Analyze 7.5 image header{Dimensions1(head, little)} (a medical image of an individual)");
            }
            if (size == 540 && head.Length >= 12)
            {
                var magic = head.Slice(4, 4);
                if (magic.SequenceEqual("n+2\0"u8) || magic.SequenceEqual("ni2\0"u8))
                    return ("NIfTI-2", $"NIfTI-2 {(magic[1] == '+' ? "image" : "header of a .hdr/.img pair")}{Dimensions2(head, little)} (a medical image of an individual)");
            }
        }
        return null;
    }

    /// <summary>Analyze has no magic: dim[0] (bytes 40–41) between 1 and 7 and each used dimension positive.</summary>
    private static bool LooksLikeAnalyze(ReadOnlySpan<byte> head, bool little)
    {
        var rank = Int16(head, 40, little);
        if (rank is < 1 or > 7) return false;
        for (var i = 1; i <= rank; i++)
            if (Int16(head, 40 + 2 * i, little) < 1) return false;
        var bitpix = Int16(head, 72, little);
        return bitpix is 1 or 8 or 16 or 24 or 32 or 64 or 128;
    }

    private static string Dimensions1(ReadOnlySpan<byte> head, bool little)
    {
        var rank = Int16(head, 40, little);
        if (rank is < 1 or > 7) return "";
        var dims = new List<string>();
        for (var i = 1; i <= rank; i++) dims.Add(Int16(head, 40 + 2 * i, little).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $" of {string.Join("×", dims)} voxels";
    }

    private static string Dimensions2(ReadOnlySpan<byte> head, bool little)
    {
        if (head.Length < 80) return "";
        var rank = Int64(head, 16, little);
        if (rank is < 1 or > 7) return "";
        var dims = new List<string>();
        for (var i = 1; i <= rank; i++) dims.Add(Int64(head, 16 + 8 * (int)i, little).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $" of {string.Join("×", dims)} voxels";
    }

    /// <summary>NIfTI-1 intent codes 2–24 (bytes 68–69) mark statistical maps (t, F, z, …).</summary>
    private static string Nature(ReadOnlySpan<byte> head, bool little) =>
        Int16(head, 68, little) is >= 2 and <= 24
            ? ", marked as a statistical map (a group map and a map of one person look alike from outside)"
            : " (a medical image of an individual)";

    private static short Int16(ReadOnlySpan<byte> head, int at, bool little) =>
        little ? BinaryPrimitives.ReadInt16LittleEndian(head[at..]) : BinaryPrimitives.ReadInt16BigEndian(head[at..]);

    private static long Int64(ReadOnlySpan<byte> head, int at, bool little) =>
        little ? BinaryPrimitives.ReadInt64LittleEndian(head[at..]) : BinaryPrimitives.ReadInt64BigEndian(head[at..]);
}
