namespace Egress.Tests.Fuzz;

/// <summary>
/// Deterministic mutations of a seed file: the same (seed, number) always gives the same bytes, so a
/// failing input can be rebuilt from its number alone. Mutations keep most of the seed (at least
/// half of it), so a mutated leak still holds a leak unless the damage makes it unreadable — which
/// must then not be released either.
/// </summary>
public static class Mutator
{
    public static readonly string[] Kinds =
        ["flip-bits", "interesting-bytes", "interesting-int", "insert", "delete", "duplicate", "truncate", "splice", "zero-run", "repeat-mutations"];

    public static (byte[] Bytes, string Kind) Mutate(byte[] seed, byte[] other, long number)
    {
        var random = new Random(unchecked((int)(number * 2654435761L ^ (number >> 32))));
        var kind = Kinds[random.Next(Kinds.Length)];
        return (Apply(kind, seed, other, random, depth: 0), kind);
    }

    private static byte[] Apply(string kind, byte[] seed, byte[] other, Random random, int depth)
    {
        if (seed.Length == 0) return [(byte)random.Next(256)];
        var bytes = (byte[])seed.Clone();
        var maxSpan = Math.Max(1, seed.Length / 20);
        switch (kind)
        {
            case "flip-bits":
                for (var i = random.Next(1, 9); i > 0; i--) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case "interesting-bytes":
                for (var i = random.Next(1, 5); i > 0; i--) bytes[random.Next(bytes.Length)] = InterestingBytes[random.Next(InterestingBytes.Length)];
                return bytes;
            case "interesting-int":
            {
                // Length and count fields are where parsers trust their input: overwrite 4 bytes with extremes.
                if (bytes.Length < 4) return bytes;
                var at = random.Next(bytes.Length - 3);
                var value = InterestingInts[random.Next(InterestingInts.Length)];
                if (random.Next(2) == 0) System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
                else System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), value);
                return bytes;
            }
            case "insert":
            {
                var at = random.Next(bytes.Length + 1);
                var insert = new byte[random.Next(1, Math.Min(64, maxSpan) + 1)];
                random.NextBytes(insert);
                return [.. bytes.AsSpan(0, at), .. insert, .. bytes.AsSpan(at)];
            }
            case "delete":
            {
                var length = random.Next(1, maxSpan + 1);
                var at = random.Next(Math.Max(1, bytes.Length - length));
                return [.. bytes.AsSpan(0, at), .. bytes.AsSpan(Math.Min(bytes.Length, at + length))];
            }
            case "duplicate":
            {
                var length = random.Next(1, maxSpan + 1);
                var at = random.Next(Math.Max(1, bytes.Length - length));
                var piece = bytes.AsSpan(at, Math.Min(length, bytes.Length - at)).ToArray();
                var to = random.Next(bytes.Length + 1);
                return [.. bytes.AsSpan(0, to), .. piece, .. bytes.AsSpan(to)];
            }
            case "truncate":
                return bytes[..Math.Max(1, (int)(bytes.Length * (0.5 + random.NextDouble() * 0.5)))];
            case "splice":
            {
                // The end of another seed replaces at most half of this one.
                if (other.Length == 0) return bytes;
                var keep = bytes.Length / 2 + random.Next(bytes.Length / 2 + 1);
                var from = random.Next(other.Length);
                return [.. bytes.AsSpan(0, keep), .. other.AsSpan(from, Math.Min(other.Length - from, bytes.Length - keep + 64))];
            }
            case "zero-run":
            {
                var length = random.Next(1, Math.Min(256, maxSpan) + 1);
                var at = random.Next(Math.Max(1, bytes.Length - length));
                bytes.AsSpan(at, Math.Min(length, bytes.Length - at)).Clear();
                return bytes;
            }
            default:
            {
                var result = seed;
                for (var i = random.Next(2, 5); i > 0 && depth < 1; i--)
                    result = Apply(Kinds[random.Next(Kinds.Length - 1)], result, other, random, depth + 1);
                return result;
            }
        }
    }

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, (byte)'"', (byte)',', (byte)'\n', (byte)'<', (byte)'{', (byte)'%', (byte)'='];

    private static readonly uint[] InterestingInts = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0x10000, 1_000_000_000];
}
