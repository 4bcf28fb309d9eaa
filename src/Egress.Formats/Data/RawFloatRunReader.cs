using System.Buffers.Binary;
using System.Globalization;
using Egress.Formats.Content;

namespace Egress.Formats.Data;

/// <summary>
/// Binary content no other reader recognised (it must come last): looks inside it for runs of
/// little-endian float64 and float32 values that look like data — finite, of plausible magnitude,
/// varied, many in a row, at any alignment — and yields each run as a column
/// (<c>blob.bin#float64@4096</c>) for the detectors. The blob itself stays opaque: it is never released.
/// </summary>
public sealed class RawFloatRunReader : IContentReader
{
    public string Format => "binary";

    public bool IsCatchAll => true;

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.Length > 0 && LayoutSniffer.LooksBinary(head);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var (runs, length) = FloatRunFinder.Find(source, context);
        foreach (var run in runs)
            yield return new TablePart($"{path}#float{run.Width * 8}@{run.Offset}", null, Values(source, run, context));
        // What the blob looks like (compressed, encrypted, sparse…), from its first bytes' statistics.
        yield return new OpaquePart(path, source.Length ?? length, BinaryClassifier.Describe(source.Head(Unpacker.HeadBytes)));
    }

    private static IEnumerable<IReadOnlyList<string>> Values(ContentSource source, FloatRun run, UnpackContext context)
    {
        using var s = source.Open();
        if (s.CanSeek) s.Seek(run.Offset, SeekOrigin.Begin);
        else
        {
            var skip = new byte[1 << 16];
            for (var left = run.Offset; left > 0;)
            {
                var r = s.Read(skip, 0, (int)Math.Min(skip.Length, left));
                if (r == 0) yield break;
                left -= r;
            }
        }
        var value = new byte[run.Width];
        for (long i = 0; i < run.Count; i++)
        {
            if ((i & 4095) == 0) context.ThrowIfCancelled();
            s.ReadExactly(value);
            yield return [run.Width == 8 ? Text(BinaryPrimitives.ReadDoubleLittleEndian(value)) : Text(BinaryPrimitives.ReadSingleLittleEndian(value))];
        }
    }

    private static string Text(double v) => double.IsNaN(v) ? "" : NumberText.Double(v);
    private static string Text(float v) => float.IsNaN(v) ? "" : NumberText.Single(v);
}

/// <summary>A run of floating-point values: where it starts, how wide each value is (8 or 4 bytes), how many.</summary>
public sealed record FloatRun(long Offset, int Width, long Count);

/// <summary>
/// One pass over the bytes, every offset tried as the start of a float64 (8 alignments) and a float32
/// (4 alignments). A run counts when it is long (16 doubles, 32 floats: chance runs in random bytes are
/// far shorter), varied (8 distinct non-zero values: padding and fill patterns are not data) and
/// nearly all its values have few significant digits (10 for doubles, 7 for floats) as recorded
/// measurements do: bytes of other structures read at the wrong width or alignment give values with
/// long tails of garbage digits. Where a float64 and a float32 run overlap, the one with
/// more such values is kept (a tie goes to float64).
/// </summary>
public static class FloatRunFinder
{
    public const int MinDoubles = 16;
    public const int MinFloats = 32;
    private const int MaxRuns = 1024;
    public const long MaxScanBytes = 64L << 20;
    private const long QuietNaN = 0x7FF8000000000000, RNa = 0x7FF00000000007A2;

    public static (List<FloatRun> Runs, long Length) Find(ContentSource source, UnpackContext context)
    {
        var runs = new List<(FloatRun, long)>();
        var doubles = Enumerable.Range(0, 8).Select(_ => new RunState()).ToArray();
        var floats = Enumerable.Range(0, 4).Select(_ => new RunState()).ToArray();
        using var s = source.Open();
        var buffer = new byte[(1 << 20) + 8];
        var filled = 0;
        long start = 0; // the absolute offset of buffer[0]
        while (true)
        {
            context.ThrowIfCancelled();
            // The blob is opaque whatever is found: runs are searched only in its first part, so a
            // decompression bomb of unknown binary costs little before it is blocked.
            var read = start >= MaxScanBytes ? 0 : s.Read(buffer, filled, buffer.Length - filled);
            var end = read == 0;
            filled += read;
            // Offsets whose 8 bytes are all here; at the end, every offset (each width checks its own bytes).
            var limit = end ? filled : filled - 7;
            Scan(buffer, filled, limit, start, doubles, floats, runs);
            if (end) break;
            var carry = filled - limit;
            Buffer.BlockCopy(buffer, limit, buffer, 0, carry);
            start += limit;
            filled = carry;
        }
        foreach (var state in doubles) Close(state, 8, runs);
        foreach (var state in floats) Close(state, 4, runs);
        return (Resolve(runs), start + filled);
    }

    private static List<FloatRun> Resolve(List<(FloatRun Run, long Short)> runs)
    {
        var kept = new List<FloatRun>();
        foreach (var (run, score) in runs)
        {
            var end = run.Offset + run.Count * run.Width;
            var beaten = runs.Any(other => !ReferenceEquals(other.Run, run) && other.Run.Width != run.Width
                && other.Run.Offset < end && run.Offset < other.Run.Offset + other.Run.Count * other.Run.Width
                && (other.Short > score || other.Short == score && other.Run.Width > run.Width));
            if (!beaten) kept.Add(run);
        }
        kept.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        return kept;
    }

    /// <summary>
    /// Whether the value's shortest round-trip form has few significant digits (10 for doubles, 7 for
    /// floats), as a recorded measurement has: 27.1234, 1019806, -3.28911.
    /// </summary>
    private static bool IsShort(double v, int width)
    {
        var text = width == 8 ? v.ToString("R", CultureInfo.InvariantCulture) : ((float)v).ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOfAny(['E', 'e']);
        var mantissa = (e >= 0 ? text[..e] : text).Replace("-", "").Replace(".", "").TrimStart('0').TrimEnd('0');
        return mantissa.Length <= (width == 8 ? 10 : 7);
    }

    /// <summary>
    /// The hot loop: most offsets of most blobs hold no plausible value and no open run, so the
    /// exponent is tested on the raw bits before anything else is done.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Scan(byte[] buffer, int filled, int limit, long start, RunState[] doubles, RunState[] floats, List<(FloatRun, long)> runs)
    {
        ref var first = ref buffer[0];
        for (var o = 0; o < limit; o++)
        {
            var at = start + o;
            if (o + 8 <= filled)
            {
                var bits = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<long>(ref System.Runtime.CompilerServices.Unsafe.Add(ref first, o));
                if (!BitConverter.IsLittleEndian) bits = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(bits);
                var state = doubles[at & 7];
                var exponent = (int)(bits >> 52) & 0x7FF;
                if ((uint)(exponent - DoubleExponentMin) <= DoubleExponentSpan) Step(state, at, BitConverter.Int64BitsToDouble(bits), 8, runs);
                else if ((bits & long.MaxValue) == 0 || bits is QuietNaN or RNa) Step(state, at, 0, 8, runs);
                else if (state.Count != 0) Close(state, 8, runs);
            }
            if (o + 4 <= filled)
            {
                var bits = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<int>(ref System.Runtime.CompilerServices.Unsafe.Add(ref first, o));
                if (!BitConverter.IsLittleEndian) bits = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(bits);
                var state = floats[at & 3];
                var exponent = (bits >> 23) & 0xFF;
                if ((uint)(exponent - FloatExponentMin) <= FloatExponentSpan) Step(state, at, BitConverter.Int32BitsToSingle(bits), 4, runs);
                else if ((bits & int.MaxValue) == 0 || bits == QuietNaNFloat) Step(state, at, 0, 4, runs);
                else if (state.Count != 0) Close(state, 4, runs);
            }
        }
    }

    // Biased exponents of about 1e-9 to 1e12: the magnitudes data plausibly has.
    private const int DoubleExponentMin = 993, DoubleExponentSpan = 1062 - 993, FloatExponentMin = 97, FloatExponentSpan = 166 - 97;
    private const int QuietNaNFloat = 0x7FC00000;

    private static void Step(RunState state, long at, double v, int width, List<(FloatRun, long)> runs)
    {
        if (state.Count == 0) state.Start = at;
        state.Count++;
        if (v == 0) return;
        state.NonZero++;
        if (state.Sampled < state.Sample.Length) state.Sample[state.Sampled++] = v;
        if (state.Distinct < state.Seen.Length && Array.IndexOf(state.Seen, v, 0, state.Distinct) < 0) state.Seen[state.Distinct++] = v;
    }

    private static void Close(RunState state, int width, List<(FloatRun, long)> runs)
    {
        if (state.Count >= (width == 8 ? MinDoubles : MinFloats) && state.Distinct == state.Seen.Length && runs.Count < MaxRuns)
        {
            // Only candidate runs are judged on their digits, from a sample of their first values.
            var shortValues = 0;
            for (var i = 0; i < state.Sampled; i++)
                if (IsShort(state.Sample[i], width)) shortValues++;
            if (shortValues * 10 >= state.Sampled * 9)
                runs.Add((new FloatRun(state.Start, width, state.Count), state.NonZero * shortValues / Math.Max(1, state.Sampled)));
        }
        state.Count = 0;
        state.Distinct = 0;
        state.NonZero = 0;
        state.Sampled = 0;
    }

    private sealed class RunState
    {
        public long Start;
        public long Count;
        public int Distinct;
        public long NonZero;
        public int Sampled;
        public readonly double[] Seen = new double[8];
        public readonly double[] Sample = new double[64];
    }
}
