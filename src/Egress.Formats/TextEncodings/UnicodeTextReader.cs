using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.TextEncodings;

/// <summary>
/// Text saved as UTF-16 or UTF-32 (Excel's "Unicode text", PowerShell's default output): NUL bytes make
/// it look binary, but it is text. Recognised by its byte-order mark, or without one by the NULs of
/// ASCII characters in the high bytes, and only if it then reads as text; transcoded to UTF-8 as it is
/// read, and sniffed again (a UTF-16 CSV is read as a CSV).
/// </summary>
public sealed class UnicodeTextReader : IContentReader
{
    private const int SampleBytes = 4096;

    public string Format => "utf-16/utf-32 text";

    private sealed record Detected(string Name, Encoding Encoding, int MarkBytes);

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => Detect(head) is not null;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var found = Detect(source.Head(SampleBytes)) ?? throw new InvalidDataException("the text encoding changed between reads");
        yield return new EmbeddedFile($"{path}#{found.Name}", new DerivedSource(() => Transcode(source.Open(), found), null, context));
    }

    private static Stream Transcode(Stream raw, Detected found)
    {
        for (var skipped = 0; skipped < found.MarkBytes;)
        {
            var n = raw.Read(new byte[found.MarkBytes - skipped]);
            if (n == 0) break;
            skipped += n;
        }
        return Encoding.CreateTranscodingStream(raw, found.Encoding, new UTF8Encoding(false), leaveOpen: false);
    }

    private static Detected? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length > SampleBytes) head = head[..SampleBytes];
        if (head.Length < 4) return null;
        Detected? candidate =
            head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) ? new("utf-32le", new UTF32Encoding(false, false), 4)
            : head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]) ? new("utf-32be", new UTF32Encoding(true, false), 4)
            : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? new("utf-16le", new UnicodeEncoding(false, false), 2)
            : head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? new("utf-16be", new UnicodeEncoding(true, false), 2)
            : ByNulPattern(head);
        return candidate is not null && ReadsAsText(head[candidate.MarkBytes..], candidate.Encoding, asciiMostly: candidate.MarkBytes == 0) ? candidate : null;
    }

    /// <summary>ASCII characters in UTF-16 have a NUL in every other byte; in UTF-32 in three of every four.</summary>
    private static Detected? ByNulPattern(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf((byte)0) < 0) return null;
        Span<int> zeros = stackalloc int[4];
        zeros.Clear();
        var n = head.Length & ~3;
        for (var i = 0; i < n; i++)
            if (head[i] == 0) zeros[i & 3]++;
        var quarter = n / 4;
        bool Mostly(int count) => count >= quarter * 9 / 10;
        bool Rarely(int count) => count <= quarter / 20;
        if (Mostly(zeros[1]) && Mostly(zeros[2]) && Mostly(zeros[3]) && Rarely(zeros[0])) return new("utf-32le", new UTF32Encoding(false, false), 0);
        if (Mostly(zeros[0]) && Mostly(zeros[1]) && Mostly(zeros[2]) && Rarely(zeros[3])) return new("utf-32be", new UTF32Encoding(true, false), 0);
        if (Mostly(zeros[1]) && Mostly(zeros[3]) && Rarely(zeros[0]) && Rarely(zeros[2])) return new("utf-16le", new UnicodeEncoding(false, false), 0);
        if (Mostly(zeros[0]) && Mostly(zeros[2]) && Rarely(zeros[1]) && Rarely(zeros[3])) return new("utf-16be", new UnicodeEncoding(true, false), 0);
        return null;
    }

    /// <summary>
    /// Decoded, the sample has few control characters and no undecodable bytes (else it is binary with a lucky
    /// pattern). Without a byte-order mark the NULs said the text is mostly ASCII: it must be. A short sample
    /// must be clean: a binary header of a few little-endian integers has the NULs of UTF-32.
    /// </summary>
    private static bool ReadsAsText(ReadOnlySpan<byte> sample, Encoding encoding, bool asciiMostly)
    {
        var unit = encoding is UTF32Encoding ? 4 : 2;
        sample = sample[..(sample.Length / unit * unit)];
        if (sample.IsEmpty) return !asciiMostly;
        var text = encoding.GetString(sample);
        int bad = 0, ascii = 0;
        foreach (var c in text.AsSpan(0, Math.Max(0, text.Length - 1)))
        {
            if (c is < ' ' and not ('\n' or '\r' or '\t' or '\f') or '\uFFFD' or (>= '\u007F' and <= '\u009F')) bad++;
            else if (c < '\u007F') ascii++;
        }
        var checkedChars = Math.Max(1, text.Length - 1);
        if (checkedChars < 32 && bad > 0) return false;
        if (asciiMostly && ascii < checkedChars * 9 / 10) return false;
        return bad <= checkedChars / 100 + 1;
    }
}
