using Egress.Formats.Content;

namespace Egress.Formats.IndividualLevel;

/// <summary>The size of a content for a report: its length when known, else counted by reading it (bounded).</summary>
public static class ContentSize
{
    /// <summary>Past this many bytes a decompressed content is not counted further: the size is then a lower bound.</summary>
    public const long MeasureCap = 256L << 20;

    public static long Of(ContentSource source, UnpackContext context)
    {
        if (source.Length is { } known) return known;
        using var stream = source.Open();
        var buffer = new byte[1 << 16];
        long total = 0;
        while (total < MeasureCap)
        {
            context.ThrowIfCancelled();
            var n = stream.Read(buffer, 0, buffer.Length);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
