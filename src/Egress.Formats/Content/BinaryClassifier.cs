namespace Egress.Formats.Content;

/// <summary>
/// Says what binary content no reader recognises looks like, from its byte statistics, so a report on
/// it is more than "unknown": the Shannon entropy (plain CSV ≈ 3.8 bits/byte, hex 4.0, base64 6.0,
/// compressed ≈ 7.99, ciphertext 8.0) and a χ² test of flatness (ciphertext's byte frequencies are
/// flat; compressed data's are close to flat but not quite), and the magic of formats no reader here opens.
/// </summary>
public static class BinaryClassifier
{
    /// <summary>Enough bytes for the statistics; more adds time, not certainty.</summary>
    public const int SampleBytes = 1 << 20;

    public static string Describe(ReadOnlySpan<byte> sample)
    {
        if (sample.Length > SampleBytes) sample = sample[..SampleBytes];
        var known = KnownFormat(sample);
        if (sample.Length < 64) return known ?? "binary data";
        Span<long> counts = stackalloc long[256];
        counts.Clear();
        foreach (var b in sample) counts[b]++;
        var n = (double)sample.Length;
        double entropy = 0, chi = 0;
        var distinct = 0;
        var expected = n / 256;
        foreach (var c in counts)
        {
            chi += (c - expected) * (c - expected) / expected;
            if (c == 0) continue;
            distinct++;
            var p = c / n;
            entropy -= p * Math.Log2(p);
        }
        // Few bytes underestimate the entropy (Miller–Madow): judge the corrected value, report the measured one.
        var corrected = entropy + (distinct - 1) / (2 * n * Math.Log(2));
        var shown = $"entropy {Math.Floor(entropy * 100) / 100:0.00} bits/byte";
        if (known is not null) return $"{known} ({shown})";
        if (corrected >= 7.8 && sample.Length >= 256)
        {
            // χ² over 255 degrees of freedom: mean 255, standard deviation 22.6; flat within four of them.
            var flat = sample.Length >= 1280 && chi < 255 + 4 * 22.6;
            return flat
                ? $"encrypted or random data ({shown}, byte frequencies flat as in ciphertext)"
                : $"compressed or encrypted data ({shown})";
        }
        if (counts[0] > n / 2) return $"sparse binary data, mostly zero bytes ({shown})";
        return $"binary data ({shown})";
    }

    /// <summary>Formats recognised by their magic bytes that no reader here opens (or that did not open).</summary>
    private static string? KnownFormat(ReadOnlySpan<byte> s)
    {
        if (s.Length >= 2 && s[0] == 0x78 && (s[0] << 8 | s[1]) % 31 == 0) return "data with a zlib header that does not inflate";
        if (s.StartsWith("BZh"u8)) return "bzip2-compressed data (not read here)";
        if (s.StartsWith((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00])) return "xz-compressed data (not read here)";
        if (s.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD])) return "zstd-compressed data (not read here)";
        if (s.StartsWith((ReadOnlySpan<byte>)[0x04, 0x22, 0x4D, 0x18])) return "lz4-compressed data (not read here)";
        if (s.StartsWith("7z"u8) && s.Length >= 6 && s[2] == 0xBC && s[3] == 0xAF) return "a 7-Zip archive (not read here)";
        if (s.StartsWith("Rar!"u8)) return "a RAR archive (not read here)";
        if (s.StartsWith("PK"u8) && s.Length >= 4 && s[2] < 9 && s[3] < 9) return "a zip archive that could not be read";
        if (s.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) return "gzip data that could not be read";
        if (s.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])) return "a PNG image (pictures are not read here)";
        if (s.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "a JPEG image (pictures are not read here)";
        if (s.StartsWith("GIF8"u8)) return "a GIF image (pictures are not read here)";
        if (s.StartsWith("%PDF"u8)) return "a PDF document that could not be read";
        return null;
    }
}
