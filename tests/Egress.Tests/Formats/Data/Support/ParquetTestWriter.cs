using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Egress.Formats.Data.Parquet;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>One column to write: values as text (null for a null), its physical type and what it means.</summary>
/// <param name="ConvertedType">Parquet's converted type (0 UTF8, 5 DECIMAL, 6 DATE, 9 TIMESTAMP_MILLIS…), or null.</param>
/// <param name="Group">When set, the column lies inside an optional group of this name (a nested struct).</param>
/// <param name="Repeated">A repeated column: <see cref="Values"/> are then lists separated by ';' per row.</param>
public sealed record ParquetTestColumn(string Name, PhysicalType Type, string?[] Values, int? ConvertedType = null, bool Optional = true,
    int TypeLength = 0, int Scale = 0, string? Group = null, bool Repeated = false);

public sealed record ParquetWriteOptions
{
    public int Codec { get; init; }
    public bool Dictionary { get; init; }
    public bool PageV2 { get; init; }
    /// <summary>Values encoded as v2 writers do: DELTA_BINARY_PACKED integers, DELTA_BYTE_ARRAY strings, BYTE_STREAM_SPLIT floating point.</summary>
    public bool DeltaEncodings { get; init; }
    public int RowGroupRows { get; init; } = 1000;
    public int PageRows { get; init; } = 100;
    public IReadOnlyList<(string Key, string Value)> KeyValues { get; init; } = [];
}

/// <summary>
/// A small Parquet writer for tests (no Parquet package restores here): flat, optional-in-group and
/// repeated columns; PLAIN or dictionary (RLE_DICTIONARY) values; data pages v1 or v2; uncompressed,
/// Snappy or gzip pages; several row groups and pages.
/// </summary>
public static class ParquetTestWriter
{
    public static byte[] Write(IReadOnlyList<ParquetTestColumn> columns, ParquetWriteOptions? options = null)
    {
        options ??= new ParquetWriteOptions();
        var rows = columns[0].Values.Length;
        using var file = new MemoryStream();
        file.Write("PAR1"u8);
        var groups = new List<(long Rows, List<byte[]> Chunks)>();
        for (var start = 0; start < rows || start == 0; start += options.RowGroupRows)
        {
            var count = Math.Min(options.RowGroupRows, rows - start);
            var chunks = columns.Select(c => WriteChunk(file, c, start, count, options)).ToList();
            groups.Add((count, chunks));
            if (rows == 0) break;
        }
        var meta = new ThriftCompactWriter().Begin().I32(1, 1);
        var schema = Schema(columns);
        meta.List(2, 12, schema.Count);
        foreach (var element in schema) element(meta);
        meta.I64(3, rows);
        meta.List(4, 12, groups.Count);
        foreach (var (n, chunks) in groups)
        {
            meta.Begin().List(1, 12, chunks.Count);
            foreach (var chunk in chunks) meta.Raw(chunk);
            meta.I64(2, 0).I64(3, n).End();
        }
        if (options.KeyValues.Count > 0)
        {
            meta.List(5, 12, options.KeyValues.Count);
            foreach (var (k, v) in options.KeyValues) meta.Begin().String(1, k).String(2, v).End();
        }
        meta.String(6, "egress test writer").End();
        var footer = meta.ToArray();
        file.Write(footer);
        file.Write(BitConverter.GetBytes(footer.Length));
        file.Write("PAR1"u8);
        return file.ToArray();
    }

    private static List<Action<ThriftCompactWriter>> Schema(IReadOnlyList<ParquetTestColumn> columns)
    {
        var elements = new List<Action<ThriftCompactWriter>> { w => w.Begin().String(4, "schema").I32(5, columns.Count).End() };
        foreach (var c in columns)
        {
            if (c.Group is { } group) elements.Add(w => w.Begin().I32(3, 1).String(4, group).I32(5, 1).End());
            elements.Add(w =>
            {
                w.Begin().I32(1, (int)c.Type);
                if (c.TypeLength > 0) w.I32(2, c.TypeLength);
                w.I32(3, c.Repeated ? 2 : c.Optional ? 1 : 0).String(4, c.Name);
                if (c.ConvertedType is { } ct) w.I32(6, ct);
                if (c.ConvertedType == 5) w.I32(7, c.Scale).I32(8, 18);
                w.End();
            });
        }
        return elements;
    }

    private static (int MaxDef, int MaxRep) Levels(ParquetTestColumn c) =>
        ((c.Optional || c.Repeated ? 1 : 0) + (c.Group is null ? 0 : 1), c.Repeated ? 1 : 0);

    /// <summary>Writes a column chunk's pages into the file and returns the ColumnChunk struct's bytes.</summary>
    private static byte[] WriteChunk(MemoryStream file, ParquetTestColumn c, int start, int count, ParquetWriteOptions options)
    {
        var (maxDef, maxRep) = Levels(c);
        // Level entries (rep, def, value) for the rows of this row group.
        var entries = new List<(int Rep, int Def, string? Value)>();
        for (var r = start; r < start + count; r++)
        {
            var v = c.Values[r];
            if (c.Repeated)
            {
                var items = v is null or "" ? [] : v.Split(';');
                if (items.Length == 0) entries.Add((0, 0, null));
                for (var i = 0; i < items.Length; i++) entries.Add((i == 0 ? 0 : 1, maxDef, items[i]));
            }
            else entries.Add((0, v is null ? maxDef - 1 : maxDef, v));
        }
        var chunkStart = file.Position;
        long dictionaryOffset = -1;
        List<string>? dictionary = null;
        if (options.Dictionary)
        {
            dictionary = entries.Where(e => e.Value is not null).Select(e => e.Value!).Distinct().ToList();
            dictionaryOffset = file.Position;
            var plain = Plain(c, dictionary);
            WritePage(file, options, 2, plain, [], dictionary.Count, 0, 0);
        }
        var dataOffset = file.Position;
        var index = dictionary?.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        for (var at = 0; at < entries.Count || at == 0; at += options.PageRows)
        {
            var page = entries.Skip(at).Take(options.PageRows).ToList();
            var values = page.Where(e => e.Value is not null).Select(e => e.Value!).ToList();
            byte[] body;
            var encoding = 0;
            if (index is not null)
            {
                var width = Math.Max(1, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(1, index.Count - 1)));
                body = [(byte)width, .. Hybrid(values.Select(v => index[v]).ToArray(), width)];
                encoding = 8;
            }
            else if (options.DeltaEncodings && c.Type is PhysicalType.Int32 or PhysicalType.Int64)
            {
                body = DeltaBinaryPacked(values.Select(v => c.Type == PhysicalType.Int32 ? Int32(c, v) : Int64(c, v)).ToArray());
                encoding = 5;
            }
            else if (options.DeltaEncodings && c.Type == PhysicalType.ByteArray)
            {
                body = DeltaByteArray(values.Select(Encoding.UTF8.GetBytes).ToList());
                encoding = 7;
            }
            else if (options.DeltaEncodings && c.Type is PhysicalType.Double or PhysicalType.Float)
            {
                body = StreamSplit(Plain(c, values), c.Type == PhysicalType.Double ? 8 : 4);
                encoding = 9;
            }
            else body = Plain(c, values);
            var rep = maxRep > 0 ? Hybrid(page.Select(e => e.Rep).ToArray(), 1) : [];
            var def = maxDef > 0 ? Hybrid(page.Select(e => e.Def).ToArray(), 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)maxDef)) : [];
            WritePage(file, options, options.PageV2 ? 3 : 0, body, [.. rep, .. def], page.Count, rep.Length, def.Length,
                page.Count(e => e.Value is null), page.Count(e => e.Rep == 0), encoding);
            if (entries.Count == 0) break;
        }
        var total = file.Position - chunkStart;
        var w = new ThriftCompactWriter().Begin().I64(2, chunkStart).Struct(3).I32(1, (int)c.Type);
        w.List(2, 5, 2).I32Element(0).I32Element(3);
        var path = c.Group is null ? [c.Name] : new[] { c.Group, c.Name };
        w.List(3, 8, path.Length);
        foreach (var p in path) w.StringElement(p);
        w.I32(4, options.Codec).I64(5, entries.Count).I64(6, total).I64(7, total).I64(9, dataOffset);
        if (dictionaryOffset >= 0) w.I64(11, dictionaryOffset);
        return w.End().End().ToArray();
    }

    private static void WritePage(MemoryStream file, ParquetWriteOptions options, int type, byte[] values, byte[] levels, int count, int repBytes, int defBytes,
        int nulls = 0, int rows = 0, int encoding = 0)
    {
        byte[] uncompressed, stored;
        if (type == 3)
        {
            uncompressed = [.. levels, .. values];
            stored = [.. levels, .. Compress(values, options.Codec)];
        }
        else
        {
            var prefixed = new List<byte>();
            if (repBytes > 0) prefixed.AddRange([.. BitConverter.GetBytes(repBytes), .. levels[..repBytes]]);
            if (defBytes > 0) prefixed.AddRange([.. BitConverter.GetBytes(defBytes), .. levels[repBytes..]]);
            uncompressed = [.. prefixed, .. values];
            stored = Compress(uncompressed, options.Codec);
        }
        var h = new ThriftCompactWriter().Begin().I32(1, type).I32(2, uncompressed.Length).I32(3, stored.Length);
        if (type == 0) h.Struct(5).I32(1, count).I32(2, encoding).I32(3, 3).I32(4, 3).End();
        if (type == 2) h.Struct(7).I32(1, count).I32(2, 0).End();
        if (type == 3) h.Struct(8).I32(1, count).I32(2, nulls).I32(3, rows).I32(4, encoding).I32(5, defBytes).I32(6, repBytes).End();
        file.Write(h.End().ToArray());
        file.Write(stored);
    }

    public static byte[] Compress(byte[] data, int codec)
    {
        switch (codec)
        {
            case 0: return data;
            case 1: return IronSnappy.Snappy.Encode(data);
            case 2:
            {
                using var s = new MemoryStream();
                using (var gz = new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(data);
                return s.ToArray();
            }
            default: return data; // other codecs: the bytes are never decompressed by the reader
        }
    }

    private static byte[] Plain(ParquetTestColumn c, IEnumerable<string> values)
    {
        using var s = new MemoryStream();
        var bits = new List<bool>();
        foreach (var v in values)
        {
            switch (c.Type)
            {
                case PhysicalType.Boolean: bits.Add(v == "true"); break;
                case PhysicalType.Int32: s.Write(BitConverter.GetBytes(Int32(c, v))); break;
                case PhysicalType.Int64: s.Write(BitConverter.GetBytes(Int64(c, v))); break;
                case PhysicalType.Float: s.Write(BitConverter.GetBytes(float.Parse(v, CultureInfo.InvariantCulture))); break;
                case PhysicalType.Double: s.Write(BitConverter.GetBytes(double.Parse(v, CultureInfo.InvariantCulture))); break;
                case PhysicalType.FixedLenByteArray:
                {
                    var b = new byte[c.TypeLength];
                    var unscaled = System.Numerics.BigInteger.Parse(v.Replace(".", ""), CultureInfo.InvariantCulture);
                    var raw = unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);
                    if (unscaled.Sign < 0) b.AsSpan().Fill(0xFF);
                    raw.CopyTo(b, b.Length - raw.Length);
                    s.Write(b);
                    break;
                }
                default:
                {
                    var b = Encoding.UTF8.GetBytes(v);
                    s.Write(BitConverter.GetBytes(b.Length));
                    s.Write(b);
                    break;
                }
            }
        }
        for (var i = 0; i < bits.Count; i += 8)
        {
            byte b = 0;
            for (var k = 0; k < 8 && i + k < bits.Count; k++) if (bits[i + k]) b |= (byte)(1 << k);
            s.WriteByte(b);
        }
        return s.ToArray();
    }

    private static int Int32(ParquetTestColumn c, string v) => c.ConvertedType switch
    {
        6 => DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber,
        5 => int.Parse(v.Replace(".", ""), CultureInfo.InvariantCulture),
        _ => int.Parse(v, CultureInfo.InvariantCulture),
    };

    private static long Int64(ParquetTestColumn c, string v) => c.ConvertedType switch
    {
        9 => (long)(DateTime.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) - DateTime.UnixEpoch).TotalMilliseconds,
        5 => long.Parse(v.Replace(".", ""), CultureInfo.InvariantCulture),
        _ => long.Parse(v, CultureInfo.InvariantCulture),
    };

    /// <summary>DELTA_BINARY_PACKED: blocks of 128 deltas in 4 miniblocks of 32.</summary>
    public static byte[] DeltaBinaryPacked(long[] values)
    {
        var s = new List<byte>();
        void VarInt(ulong v)
        {
            while (v >= 0x80)
            {
                s.Add((byte)(v | 0x80));
                v >>= 7;
            }
            s.Add((byte)v);
        }
        void ZigZag(long v) => VarInt((ulong)((v << 1) ^ (v >> 63)));
        VarInt(128);
        VarInt(4);
        VarInt((ulong)values.Length);
        ZigZag(values.Length == 0 ? 0 : values[0]);
        for (var start = 1; start < values.Length; start += 128)
        {
            var deltas = Enumerable.Range(start, Math.Min(128, values.Length - start)).Select(i => values[i] - values[i - 1]).ToArray();
            var min = deltas.Min();
            ZigZag(min);
            var widths = new byte[4];
            for (var m = 0; m < 4; m++)
            {
                var part = deltas.Skip(m * 32).Take(32).Select(d => (ulong)(d - min)).ToArray();
                widths[m] = part.Length == 0 ? (byte)0 : (byte)(64 - System.Numerics.BitOperations.LeadingZeroCount(part.Max()));
            }
            s.AddRange(widths);
            for (var m = 0; m < 4 && m * 32 < deltas.Length; m++)
            {
                var packed = new byte[32 * widths[m] / 8];
                var part = deltas.Skip(m * 32).Take(32).Select(d => (ulong)(d - min)).ToArray();
                for (var i = 0; i < part.Length; i++)
                    for (var b = 0; b < widths[m]; b++)
                        if ((part[i] >> b & 1) != 0)
                        {
                            var bit = i * widths[m] + b;
                            packed[bit >> 3] |= (byte)(1 << (bit & 7));
                        }
                s.AddRange(packed);
            }
        }
        return [.. s];
    }

    /// <summary>DELTA_BYTE_ARRAY: prefix lengths shared with the value before, suffix lengths, then the suffixes.</summary>
    public static byte[] DeltaByteArray(List<byte[]> values)
    {
        var prefixes = new long[values.Count];
        for (var i = 1; i < values.Count; i++)
            while (prefixes[i] < Math.Min(values[i].Length, values[i - 1].Length) && values[i][prefixes[i]] == values[i - 1][prefixes[i]]) prefixes[i]++;
        var suffixes = values.Select((v, i) => v[(int)prefixes[i]..]).ToList();
        return [.. DeltaBinaryPacked(prefixes), .. DeltaBinaryPacked(suffixes.Select(x => (long)x.Length).ToArray()), .. suffixes.SelectMany(x => x)];
    }

    /// <summary>BYTE_STREAM_SPLIT: plain values of one width, byte k of each value together.</summary>
    public static byte[] StreamSplit(byte[] plain, int width)
    {
        var n = plain.Length / width;
        var split = new byte[plain.Length];
        for (var i = 0; i < n; i++)
            for (var k = 0; k < width; k++) split[k * n + i] = plain[i * width + k];
        return split;
    }

    /// <summary>The RLE/bit-packed hybrid as bit-packed groups of eight.</summary>
    public static byte[] Hybrid(int[] values, int width)
    {
        var groups = (values.Length + 7) / 8;
        var s = new List<byte>();
        var header = (ulong)(groups << 1 | 1);
        while (header >= 0x80)
        {
            s.Add((byte)(header | 0x80));
            header >>= 7;
        }
        s.Add((byte)header);
        var packed = new byte[groups * width];
        for (var i = 0; i < values.Length; i++)
            for (var b = 0; b < width; b++)
                if ((values[i] >> b & 1) != 0)
                {
                    var bit = i * width + b;
                    packed[bit >> 3] |= (byte)(1 << (bit & 7));
                }
        s.AddRange(packed);
        return [.. s];
    }
}
