namespace Egress.Formats.Data.Sas;

/// <summary>
/// The two row compressions of SAS7BDAT, each row compressed on its own: run-length ("SASYZCRL", COMPRESS=CHAR) and
/// Ross Data Compression ("SASYZCR2", COMPRESS=BINARY). A row must decode to exactly the row length; anything else is
/// damage. Output is written only inside the row buffer, so a hostile command cannot run past it.
/// </summary>
public static class SasDecompressor
{
    public static void Rle(ReadOnlySpan<byte> input, Span<byte> row)
    {
        var i = 0;
        var o = 0;
        while (i < input.Length)
        {
            var control = input[i++];
            var low = control & 0x0F;
            int copy = 0, fill = 0;
            byte with = 0;
            switch (control >> 4)
            {
                case 0x0: copy = Next(input, ref i) + 64 + low * 256; break;
                case 0x1: copy = Next(input, ref i) + 64 + low * 256 + 4096; break;
                case 0x2: copy = low + 96; break;
                case 0x4: fill = Next(input, ref i) + 18 + low * 16; with = (byte)Next(input, ref i); break;
                case 0x5: fill = Next(input, ref i) + 17 + low * 256; with = (byte)'@'; break;
                case 0x6: fill = Next(input, ref i) + 17 + low * 256; with = (byte)' '; break;
                case 0x7: fill = Next(input, ref i) + 17 + low * 256; with = 0; break;
                case 0x8: copy = low + 1; break;
                case 0x9: copy = low + 17; break;
                case 0xA: copy = low + 33; break;
                case 0xB: copy = low + 49; break;
                case 0xC: with = (byte)Next(input, ref i); fill = low + 3; break;
                case 0xD: fill = low + 2; with = (byte)'@'; break;
                case 0xE: fill = low + 2; with = (byte)' '; break;
                case 0xF: fill = low + 2; with = 0; break;
                default: throw new InvalidDataException("an unknown SAS run-length command");
            }
            if (copy > 0)
            {
                if (i + copy > input.Length) throw new InvalidDataException("a SAS compressed row ends inside a literal run");
                Room(row, o, copy);
                input.Slice(i, copy).CopyTo(row[o..]);
                i += copy;
                o += copy;
            }
            if (fill > 0)
            {
                Room(row, o, fill);
                row.Slice(o, fill).Fill(with);
                o += fill;
            }
        }
        if (o != row.Length) throw new InvalidDataException("a SAS compressed row is shorter than the row length");
    }

    public static void Rdc(ReadOnlySpan<byte> input, Span<byte> row)
    {
        var i = 0;
        var o = 0;
        var bits = 0;
        var mask = 0;
        while (i < input.Length)
        {
            mask >>= 1;
            if (mask == 0)
            {
                if (i + 2 > input.Length) throw new InvalidDataException("a SAS RDC row ends inside its control bits");
                bits = input[i] << 8 | input[i + 1];
                i += 2;
                mask = 0x8000;
                if (i >= input.Length) break;
            }
            if ((bits & mask) == 0)
            {
                Room(row, o, 1);
                row[o++] = input[i++];
                continue;
            }
            var command = input[i] >> 4;
            var count = input[i] & 0x0F;
            i++;
            switch (command)
            {
                case 0: // a short run: 3-18 copies of the next byte
                    {
                        var with = (byte)Next(input, ref i);
                        Room(row, o, count + 3);
                        row.Slice(o, count + 3).Fill(with);
                        o += count + 3;
                        break;
                    }
                case 1: // a long run: 19-4114 copies
                    {
                        var n = count + (Next(input, ref i) << 4) + 19;
                        var with = (byte)Next(input, ref i);
                        Room(row, o, n);
                        row.Slice(o, n).Fill(with);
                        o += n;
                        break;
                    }
                case 2: // a long pattern: 16-271 bytes from earlier output
                    {
                        var offset = count + 3 + (Next(input, ref i) << 4);
                        var n = Next(input, ref i) + 16;
                        Repeat(row, ref o, offset, n);
                        break;
                    }
                default: // a short pattern: 3-15 bytes from earlier output
                    {
                        var offset = count + 3 + (Next(input, ref i) << 4);
                        Repeat(row, ref o, offset, command);
                        break;
                    }
            }
        }
        if (o != row.Length) throw new InvalidDataException("a SAS compressed row is shorter than the row length");
    }

    /// <summary>Copies <paramref name="n"/> bytes from <paramref name="offset"/> back, byte by byte (the source may overlap the output).</summary>
    private static void Repeat(Span<byte> row, ref int o, int offset, int n)
    {
        if (offset > o) throw new InvalidDataException("a SAS RDC pattern points before the row");
        Room(row, o, n);
        for (var k = 0; k < n; k++, o++) row[o] = row[o - offset];
    }

    private static int Next(ReadOnlySpan<byte> input, ref int i) =>
        i < input.Length ? input[i++] : throw new InvalidDataException("a SAS compressed row ends inside a command");

    private static void Room(Span<byte> row, int at, int n)
    {
        if (at + n > row.Length) throw new InvalidDataException("a SAS compressed row is longer than the row length");
    }
}
