using System.Text;

namespace Egress.Formats.Encodings;

/// <summary>
/// Decodes base85 runs: ASCII85 between Adobe's <c>&lt;~ ~&gt;</c>, btoa between <c>xbtoa Begin</c> and
/// <c>xbtoa End</c> (both delimited, so decoded whatever they hold), and runs without delimiters (Z85,
/// Python's <c>a85encode</c>), which are only looked at when they are long, without spaces and mix upper
/// case, lower case, digits and many kinds of punctuation as encoded bytes do, and count only when they
/// decode to text or a known format: base85's alphabet is nearly all of printable ASCII, so code,
/// LaTeX and minified scripts would otherwise be taken for it.
/// </summary>
internal static class Base85Runs
{
    /// <summary>50 characters are 40 bytes: undelimited runs are held to more than the 24 bytes of a delimited one.</summary>
    public const int MinUndelimited = 50;

    public static DecodedRun? DecodeAdobe(ReadOnlySpan<byte> raw, long offset)
    {
        var body = raw;
        if (body.StartsWith("<~"u8)) body = body[2..];
        if (body.EndsWith("~>"u8)) body = body[..^2];
        return new DecodedRun("ascii85", offset, raw.Length, Base85.DecodeAscii85(body));
    }

    public static DecodedRun? DecodeBtoa(ReadOnlySpan<byte> raw, long offset)
    {
        var body = raw;
        var first = body.IndexOf((byte)'\n');
        if (body.StartsWith("xbtoa Begin"u8)) body = first < 0 ? [] : body[(first + 1)..];
        var end = body.IndexOf("xbtoa End"u8);
        var trailer = end < 0 ? [] : body[end..];
        if (end >= 0) body = body[..end];
        var bytes = Base85.DecodeAscii85(body);
        // "xbtoa End N <length> <length in hex> E … S … R …": the last group was padded with zeros.
        if (TrailerLength(trailer) is { } length && length < bytes.Length) bytes = bytes[..(int)length];
        return new DecodedRun("btoa", offset, raw.Length, bytes);
    }

    private static long? TrailerLength(ReadOnlySpan<byte> trailer)
    {
        var words = Encoding.ASCII.GetString(trailer).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 4 && words[2] == "N" && long.TryParse(words[3], out var n) && n >= 0 ? n : null;
    }

    /// <summary>
    /// A run of printable characters without delimiters (on one line, or on lines of one width): decoded as Z85
    /// or ASCII85, whichever fits and reads, from its start or after a glued label ("data=", "z85:"). Always weak.
    /// </summary>
    public static DecodedRun? DecodeUndelimited(ReadOnlySpan<byte> raw, long offset)
    {
        if (!LooksEncoded(raw)) return null;
        DecodedRun? fallback = null;
        foreach (var skip in Starts(raw))
        {
            var text = raw[skip..];
            // Each decoder stops at the first character outside its alphabet: a run with a character changed
            // decodes up to it (a damaged compressed stream is still recognised, and then reported damaged).
            foreach (var z85 in (ReadOnlySpan<bool>)[true, false])
            {
                var bytes = z85 ? Base85.DecodeZ85(text) : Base85.DecodeAscii85(text);
                if (bytes.Length < EncodedRunCollector.MinDecodedBytes) continue;
                var run = new DecodedRun(z85 ? "z85" : "ascii85", offset + skip, raw.Length - skip, bytes) { Weak = true };
                if (StreamMagic.Plausible(bytes)) return run;
                if (fallback is null || bytes.Length > fallback.Bytes.Length) fallback = run;
            }
        }
        return fallback;
    }

    /// <summary>Where decoding may start: the run's start, one to four characters in, or after a "label=" or "label:" glued on.</summary>
    private static IEnumerable<int> Starts(ReadOnlySpan<byte> raw)
    {
        var starts = new List<int> { 0, 1, 2, 3, 4 };
        var head = raw[..Math.Min(raw.Length, 16)];
        var label = head.IndexOfAny("=:"u8);
        if (label > 0 && label + 1 < raw.Length) starts.Add(label + 1);
        return starts;
    }

    /// <summary>
    /// Whether a run mixes classes as base85 of any payload does: in Z85 and ASCII85 about 30 % upper case,
    /// 25–30 % lower case, 12 % digits and 27–33 % punctuation of 23–28 kinds, neighbours changing class about 72 %
    /// of the time. Code, URLs, LaTeX and numbers keep to a few kinds of punctuation or change class far less often.
    /// </summary>
    internal static bool LooksEncoded(ReadOnlySpan<byte> raw)
    {
        int upper = 0, lower = 0, digits = 0, punct = 0, chars = 0, pairs = 0, changes = 0, previous = -1;
        UInt128 kinds = 0;
        foreach (var b in raw)
        {
            if (b is (byte)'\n' or (byte)'\r') { previous = -1; continue; }
            chars++;
            int cls;
            if (b is >= (byte)'A' and <= (byte)'Z') { upper++; cls = 0; }
            else if (b is >= (byte)'a' and <= (byte)'z') { lower++; cls = 1; }
            else if (b is >= (byte)'0' and <= (byte)'9') { digits++; cls = 2; }
            else { punct++; cls = 3; kinds |= UInt128.One << (b & 127); }
            if (previous >= 0)
            {
                pairs++;
                if (cls != previous) changes++;
            }
            previous = cls;
        }
        return chars >= MinUndelimited && upper * 8 >= chars && lower * 8 >= chars && digits * 25 >= chars && punct * 8 >= chars
               && UInt128.PopCount(kinds) >= 6 && changes * 100 >= pairs * 55;
    }
}
