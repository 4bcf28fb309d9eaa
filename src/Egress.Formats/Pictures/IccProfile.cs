using System.Buffers.Binary;
using System.Text;

namespace Egress.Formats.Pictures;

/// <summary>
/// Checks an ICC colour profile embedded in a picture: its header, its tag table within bounds, and
/// no more than padding outside the tags (a profile is a place to hide bytes). The text tags
/// (descriptions, copyright) are returned for scanning.
/// </summary>
public static class IccProfile
{
    private const int HeaderBytes = 128;
    private const int MaxTags = 1024;

    public sealed record Inspection(string? Problem, string Text);

    public static Inspection Inspect(ReadOnlySpan<byte> profile)
    {
        if (profile.Length < HeaderBytes + 4) return new Inspection("an ICC profile shorter than its header", "");
        var declared = BinaryPrimitives.ReadUInt32BigEndian(profile);
        if (!profile.Slice(36, 4).SequenceEqual("acsp"u8)) return new Inspection("an ICC profile without its signature", "");
        if (declared != profile.Length)
            return new Inspection($"an ICC profile of {profile.Length:N0} bytes that declares {declared:N0}", "");
        var count = BinaryPrimitives.ReadUInt32BigEndian(profile[HeaderBytes..]);
        if (count > MaxTags || HeaderBytes + 4 + 12L * count > profile.Length)
            return new Inspection("an ICC profile whose tag table does not fit", "");
        var covered = new IntervalSet();
        covered.Add(0, HeaderBytes + 4 + 12 * (int)count);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var entry = profile.Slice(HeaderBytes + 4 + 12 * i, 12);
            var signature = Encoding.ASCII.GetString(entry[..4]);
            var offset = BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
            var size = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            if (offset > profile.Length || size > profile.Length - offset)
                return new Inspection($"an ICC profile tag '{signature}' outside the profile", "");
            covered.Add((int)offset, (int)size);
            AppendText(profile.Slice((int)offset, (int)size), signature, text);
        }
        // Writers pad each tag to four bytes.
        var unexplained = profile.Length - covered.Covered;
        if (unexplained > 3L * count + 16)
            return new Inspection($"an ICC profile with {unexplained:N0} bytes no tag refers to", text.ToString());
        return new Inspection(null, text.ToString());
    }

    private static void AppendText(ReadOnlySpan<byte> tag, string signature, StringBuilder text)
    {
        if (tag.Length < 8) return;
        var type = tag[..4];
        string? value = null;
        if (type.SequenceEqual("text"u8)) value = Ascii(tag[8..]);
        else if (type.SequenceEqual("desc"u8) && tag.Length >= 12)
        {
            var n = BinaryPrimitives.ReadUInt32BigEndian(tag[8..]);
            value = Ascii(tag[12..(int)Math.Min(tag.Length, 12 + (long)n)]);
        }
        else if (type.SequenceEqual("mluc"u8) && tag.Length >= 16)
        {
            var records = BinaryPrimitives.ReadUInt32BigEndian(tag[8..]);
            var parts = new List<string>();
            for (long r = 0; r < records && 16 + 12 * (r + 1) <= tag.Length; r++)
            {
                var record = tag.Slice(16 + 12 * (int)r, 12);
                var length = BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
                var at = BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
                if (at > tag.Length || length > tag.Length - at) continue;
                parts.Add(Encoding.BigEndianUnicode.GetString(tag.Slice((int)at, (int)length & ~1)));
            }
            value = string.Join(" | ", parts.Distinct());
        }
        if (!string.IsNullOrWhiteSpace(value)) text.Append(signature).Append(": ").Append(value.Trim()).Append('\n');
    }

    private static string Ascii(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end >= 0 ? bytes[..end] : bytes);
    }
}

/// <summary>Byte ranges of a buffer that something explains; overlapping ranges count once.</summary>
internal sealed class IntervalSet
{
    private readonly List<(long Start, long End)> _ranges = [];

    public void Add(long start, long length)
    {
        if (length > 0) _ranges.Add((start, start + length));
    }

    public long Covered
    {
        get
        {
            _ranges.Sort();
            long total = 0, end = long.MinValue;
            foreach (var (s, e) in _ranges)
            {
                if (e <= end) continue;
                total += e - Math.Max(s, end);
                end = e;
            }
            return total;
        }
    }
}
