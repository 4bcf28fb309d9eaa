using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>
/// Writes HDF5 files as the format specification lays them out, in the oldest form every reader knows: superblock
/// version 0, version 1 object headers, groups as symbol tables (a version 1 B-tree of symbol nodes, names in a local
/// heap), datasets of 64-bit floats, 64-bit integers or fixed-length strings, one- or two-dimensional, stored
/// contiguously or in chunks (a version 1 B-tree of chunks) through the shuffle and deflate filters.
/// </summary>
public sealed class Hdf5Writer
{
    public sealed class Group
    {
        public List<(string Name, Group Group)> Groups { get; } = [];
        public List<(string Name, Dataset Data)> Datasets { get; } = [];

        public Group Add(string name, Dataset data) { Datasets.Add((name, data)); return this; }

        public Group Sub(string name)
        {
            var g = new Group();
            Groups.Add((name, g));
            return g;
        }
    }

    /// <summary>A dataset: elements row-major in their datatype's encoding; <see cref="Chunk"/> rows per chunk (0: contiguous).</summary>
    public sealed record Dataset(long[] Dims, byte[] Type, int Size, byte[] Data)
    {
        public int Chunk { get; init; }
        public bool Deflate { get; init; }
        public bool Shuffle { get; init; }

        public static Dataset Doubles(double[] values, long[]? dims = null) =>
            new(dims ?? [values.Length], DoubleType, 8, values.SelectMany(v => BitConverter.GetBytes(v)).ToArray());

        public static Dataset Longs(long[] values) =>
            new([values.Length], LongType, 8, values.SelectMany(v => BitConverter.GetBytes(v)).ToArray());

        public static Dataset Strings(string[] values)
        {
            var size = Math.Max(1, values.Select(v => Encoding.UTF8.GetByteCount(v)).DefaultIfEmpty(1).Max());
            var data = new byte[values.Length * size];
            for (var i = 0; i < values.Length; i++) Encoding.UTF8.GetBytes(values[i]).CopyTo(data, i * size);
            // Class 3 (string), version 1, null-padded, UTF-8.
            return new([values.Length], [0x13, 0x11, 0, 0, .. BitConverter.GetBytes(size)], size, data);
        }

        /// <summary>A column of cells: integers as 64-bit integers, other numbers as doubles (missing as NaN), anything else as strings.</summary>
        public static Dataset Column(IReadOnlyList<string> cells)
        {
            var present = cells.Where(c => c.Length > 0).ToList();
            if (present.Count > 0 && cells.All(c => long.TryParse(c, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
                return Longs(cells.Select(c => long.Parse(c, CultureInfo.InvariantCulture)).ToArray());
            if (present.Count > 0 && present.All(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                return Doubles(cells.Select(c => c.Length == 0 ? double.NaN : double.Parse(c, CultureInfo.InvariantCulture)).ToArray());
            return Strings([.. cells]);
        }
    }

    // Class 1 (float), version 1, little-endian, IEEE: sign at bit 63, exponent 52+11 (bias 1023), mantissa 0+52.
    private static readonly byte[] DoubleType = [0x11, 0x20, 0x3F, 0x00, 8, 0, 0, 0, 0, 0, 64, 0, 52, 11, 0, 52, 0xFF, 0x03, 0, 0];
    // Class 0 (fixed-point), version 1, little-endian, signed; offset 0, precision 64.
    private static readonly byte[] LongType = [0x10, 0x08, 0, 0, 8, 0, 0, 0, 0, 0, 64, 0];

    private const ulong Undefined = ulong.MaxValue;
    private const int GroupLeafK = 4;
    private const int GroupInternalK = 16;
    private const int ChunkK = 32;

    private readonly MemoryStream _file = new();

    public static byte[] Write(Group root)
    {
        var w = new Hdf5Writer();
        w._file.Write(new byte[96]); // the superblock, written last
        var (header, btree, heap) = w.WriteGroup(root);
        var bytes = w._file.ToArray();
        var s = bytes.AsSpan();
        ((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A]).CopyTo(s);
        s[13] = 8; // size of offsets
        s[14] = 8; // size of lengths
        BinaryPrimitives.WriteUInt16LittleEndian(s[16..], GroupLeafK);
        BinaryPrimitives.WriteUInt16LittleEndian(s[18..], GroupInternalK);
        BinaryPrimitives.WriteUInt64LittleEndian(s[24..], 0); // base address
        BinaryPrimitives.WriteUInt64LittleEndian(s[32..], Undefined); // free space
        BinaryPrimitives.WriteUInt64LittleEndian(s[40..], (ulong)bytes.Length); // end of file
        BinaryPrimitives.WriteUInt64LittleEndian(s[48..], Undefined); // driver information
        // The root group's symbol table entry: name offset 0, its header, cache type 1 (B-tree and heap in the scratch pad).
        BinaryPrimitives.WriteUInt64LittleEndian(s[56..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(s[64..], header);
        BinaryPrimitives.WriteUInt32LittleEndian(s[72..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(s[80..], btree);
        BinaryPrimitives.WriteUInt64LittleEndian(s[88..], heap);
        return bytes;
    }

    private ulong Put(ReadOnlySpan<byte> bytes)
    {
        while (_file.Length % 8 != 0) _file.WriteByte(0);
        var at = (ulong)_file.Length;
        _file.Write(bytes);
        return at;
    }

    private (ulong Header, ulong BTree, ulong Heap) WriteGroup(Group group)
    {
        var members = new List<(string Name, ulong Header)>();
        foreach (var (name, data) in group.Datasets) members.Add((name, WriteDataset(data)));
        foreach (var (name, sub) in group.Groups) members.Add((name, WriteGroup(sub).Header));
        members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        // The local heap: "" at 0, then each name NUL-terminated, padded to 8.
        var names = new List<byte>(new byte[8]);
        var nameAt = new Dictionary<string, ulong>();
        foreach (var (name, _) in members)
        {
            nameAt[name] = (ulong)names.Count;
            names.AddRange(Encoding.UTF8.GetBytes(name));
            names.Add(0);
            while (names.Count % 8 != 0) names.Add(0);
        }
        var segment = Put(names.ToArray());
        var heap = new byte[32];
        "HEAP"u8.CopyTo(heap);
        BinaryPrimitives.WriteUInt64LittleEndian(heap.AsSpan(8), (ulong)names.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(heap.AsSpan(16), 1); // no free block (the library's "free list null")
        BinaryPrimitives.WriteUInt64LittleEndian(heap.AsSpan(24), segment);
        var heapAt = Put(heap);

        // Symbol nodes of at most 2K entries, each node the full size a reader allocates.
        var nodes = new List<(ulong Address, string Last)>();
        for (var i = 0; i < Math.Max(1, members.Count); i += 2 * GroupLeafK)
        {
            var chunk = members.Skip(i).Take(2 * GroupLeafK).ToList();
            var node = new byte[8 + 2 * GroupLeafK * 40];
            "SNOD"u8.CopyTo(node);
            node[4] = 1;
            BinaryPrimitives.WriteUInt16LittleEndian(node.AsSpan(6), (ushort)chunk.Count);
            for (var k = 0; k < chunk.Count; k++)
            {
                var e = node.AsSpan(8 + 40 * k);
                BinaryPrimitives.WriteUInt64LittleEndian(e, nameAt[chunk[k].Name]);
                BinaryPrimitives.WriteUInt64LittleEndian(e[8..], chunk[k].Header);
            }
            nodes.Add((Put(node), chunk.Count > 0 ? chunk[^1].Name : ""));
        }
        if (nodes.Count > 2 * GroupInternalK) throw new InvalidOperationException("too many members for one B-tree node");
        var tree = new byte[24 + 2 * GroupInternalK * 8 + (2 * GroupInternalK + 1) * 8];
        "TREE"u8.CopyTo(tree);
        tree[4] = 0; // group nodes
        tree[5] = 0; // leaf
        BinaryPrimitives.WriteUInt16LittleEndian(tree.AsSpan(6), (ushort)(members.Count == 0 ? 0 : nodes.Count));
        BinaryPrimitives.WriteUInt64LittleEndian(tree.AsSpan(8), Undefined);
        BinaryPrimitives.WriteUInt64LittleEndian(tree.AsSpan(16), Undefined);
        var at = 24;
        BinaryPrimitives.WriteUInt64LittleEndian(tree.AsSpan(at), 0);
        at += 8;
        foreach (var (address, last) in nodes)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(tree.AsSpan(at), address);
            BinaryPrimitives.WriteUInt64LittleEndian(tree.AsSpan(at + 8), last.Length == 0 ? 0 : nameAt[last]);
            at += 16;
        }
        var btree = Put(tree);

        var symbolTable = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(symbolTable, btree);
        BinaryPrimitives.WriteUInt64LittleEndian(symbolTable.AsSpan(8), heapAt);
        return (ObjectHeader([(0x11, symbolTable)]), btree, heapAt);
    }

    private ulong WriteDataset(Dataset d)
    {
        var messages = new List<(int, byte[])>();
        var space = new byte[8 + 8 * d.Dims.Length];
        space[0] = 1;
        space[1] = (byte)d.Dims.Length;
        for (var k = 0; k < d.Dims.Length; k++) BinaryPrimitives.WriteUInt64LittleEndian(space.AsSpan(8 + 8 * k), (ulong)d.Dims[k]);
        messages.Add((0x01, space));
        messages.Add((0x03, d.Type));
        if (d.Chunk <= 0)
        {
            var address = Put(d.Data);
            var layout = new byte[18];
            layout[0] = 3;
            layout[1] = 1;
            BinaryPrimitives.WriteUInt64LittleEndian(layout.AsSpan(2), address);
            BinaryPrimitives.WriteUInt64LittleEndian(layout.AsSpan(10), (ulong)d.Data.Length);
            messages.Add((0x08, layout));
            return ObjectHeader(messages);
        }
        var rank = d.Dims.Length;
        var rowBytes = (int)(d.Data.Length / Math.Max(1, d.Dims[0]));
        var rows = (int)Math.Max(d.Chunk, (d.Dims[0] + 2 * ChunkK - 1) / (2 * ChunkK));
        var chunkDims = new long[rank];
        chunkDims[0] = rows;
        for (var k = 1; k < rank; k++) chunkDims[k] = d.Dims[k];
        var keySize = 8 + 8 * (rank + 1);
        var chunks = new List<(ulong Address, int Size, long Row)>();
        for (long r = 0; r < d.Dims[0]; r += rows)
        {
            // A chunk is always whole: an edge chunk is padded with zeros.
            var raw = new byte[rows * rowBytes];
            d.Data.AsSpan((int)(r * rowBytes), (int)(Math.Min(rows, d.Dims[0] - r) * rowBytes)).CopyTo(raw);
            if (d.Shuffle) raw = Shuffle(raw, d.Size);
            if (d.Deflate) raw = Deflate(raw);
            chunks.Add((Put(raw), raw.Length, r));
        }
        var tree = new byte[24 + 2 * ChunkK * 8 + (2 * ChunkK + 1) * keySize];
        "TREE"u8.CopyTo(tree);
        tree[4] = 1; // chunk nodes
        BinaryPrimitives.WriteUInt16LittleEndian(tree.AsSpan(6), (ushort)chunks.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(tree.AsSpan(8), Undefined);
        BinaryPrimitives.WriteUInt64LittleEndian(tree.AsSpan(16), Undefined);
        var at = 24;
        foreach (var (address, size, row) in chunks)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(tree.AsSpan(at), (uint)size);
            BinaryPrimitives.WriteUInt64LittleEndian(tree.AsSpan(at + 8), (ulong)row);
            BinaryPrimitives.WriteUInt64LittleEndian(tree.AsSpan(at + keySize), address);
            at += keySize + 8;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(tree.AsSpan(at + 8), (ulong)(chunks.Count * rows)); // the last key: the chunk after the last
        var btree = Put(tree);
        var chunked = new byte[3 + 8 + 4 * (rank + 1)];
        chunked[0] = 3;
        chunked[1] = 2;
        chunked[2] = (byte)(rank + 1);
        BinaryPrimitives.WriteUInt64LittleEndian(chunked.AsSpan(3), btree);
        for (var k = 0; k < rank; k++) BinaryPrimitives.WriteUInt32LittleEndian(chunked.AsSpan(11 + 4 * k), (uint)chunkDims[k]);
        BinaryPrimitives.WriteUInt32LittleEndian(chunked.AsSpan(11 + 4 * rank), (uint)d.Size);
        messages.Add((0x08, chunked));
        var filters = new List<(int Id, int Value)>();
        if (d.Shuffle) filters.Add((2, d.Size));
        if (d.Deflate) filters.Add((1, 6));
        if (filters.Count > 0)
        {
            var pipeline = new List<byte> { 1, (byte)filters.Count, 0, 0, 0, 0, 0, 0 };
            foreach (var (id, value) in filters)
            {
                pipeline.AddRange(BitConverter.GetBytes((ushort)id));
                pipeline.AddRange(BitConverter.GetBytes((ushort)0)); // name length
                pipeline.AddRange(BitConverter.GetBytes((ushort)0)); // flags
                pipeline.AddRange(BitConverter.GetBytes((ushort)1)); // client values
                pipeline.AddRange(BitConverter.GetBytes(value));
                pipeline.AddRange(new byte[4]); // padding after an odd number of values
            }
            messages.Add((0x0B, pipeline.ToArray()));
        }
        return ObjectHeader(messages);
    }

    /// <summary>A version 1 object header: 16-byte prefix, then each message (8-byte header, body padded to 8).</summary>
    private ulong ObjectHeader(List<(int Type, byte[] Body)> messages)
    {
        var body = new List<byte>();
        foreach (var (type, data) in messages)
        {
            var size = (data.Length + 7) / 8 * 8;
            body.AddRange(BitConverter.GetBytes((ushort)type));
            body.AddRange(BitConverter.GetBytes((ushort)size));
            body.AddRange(new byte[4]);
            body.AddRange(data);
            body.AddRange(new byte[size - data.Length]);
        }
        var prefix = new byte[16];
        prefix[0] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(2), (ushort)messages.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(8), (uint)body.Count);
        return Put([.. prefix, .. body]);
    }

    private static byte[] Shuffle(byte[] data, int size)
    {
        var n = data.Length / size;
        var output = new byte[data.Length];
        for (var i = 0; i < n; i++)
            for (var b = 0; b < size; b++)
                output[b * n + i] = data[i * size + b];
        return output;
    }

    private static byte[] Deflate(byte[] data)
    {
        var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
        return output.ToArray();
    }

    /// <summary>A table as one dataset per column in a group (pandas/PyTables-like columns, anndata's obs).</summary>
    public static Group Columns(SampleTable table, string group = "obs", int chunk = 0, bool deflate = false, bool shuffle = false)
    {
        var root = new Group();
        var g = group.Length == 0 ? root : root.Sub(group);
        for (var c = 0; c < table.Columns; c++)
            g.Add(table.Header[c], Dataset.Column(table.Rows.Select(r => r[c]).ToList()) with { Chunk = chunk, Deflate = deflate, Shuffle = shuffle });
        return root;
    }

    /// <summary>The numeric columns as one 2-D float matrix (rows × columns), with their names as a string dataset beside it.</summary>
    public static Group Matrix(SampleTable table, int chunk = 0, bool deflate = false)
    {
        var numeric = table.NumericOnly();
        var values = numeric.Doubles().SelectMany(r => r).ToArray();
        var root = new Group();
        root.Add("X", Dataset.Doubles(values, [numeric.Rows.Count, numeric.Columns]) with { Chunk = chunk, Deflate = deflate });
        root.Sub("var").Add("names", Dataset.Strings(numeric.Header));
        return root;
    }
}
