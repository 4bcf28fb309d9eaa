using System.IO.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Data.Hdf5;

/// <summary>
/// A dataset's shape (dataspace message), element type (datatype message) and bytes: contiguous, compact or chunked
/// (layout versions 1-3 with a version 1 B-tree of chunks; version 4 with a single chunk, implicit or fixed-array index), chunks
/// through the deflate, shuffle and Fletcher-32 filters. The bytes are assembled whole, row-major, bounded by the
/// in-memory cap; what is not supported throws <see cref="NotSupportedException"/>.
/// </summary>
public sealed class Hdf5Dataset
{
    public required string Path { get; init; }
    public required long[] Dims { get; init; }
    public required Hdf5Datatype Type { get; init; }
    public long Elements => Dims.Aggregate(1L, (a, d) => a * d);

    private readonly Hdf5File _file;
    private readonly Hdf5ObjectHeader _header;

    private Hdf5Dataset(Hdf5File file, Hdf5ObjectHeader header)
    {
        _file = file;
        _header = header;
    }

    public static Hdf5Dataset Read(Hdf5File file, Hdf5ObjectHeader header, string path, Hdf5GlobalHeap heap) => new(file, header)
    {
        Path = path,
        Dims = Dataspace(file, header.First(Hdf5ObjectHeader.Dataspace)!.Value.Span),
        Type = Hdf5Datatype.Read(header.First(Hdf5ObjectHeader.Datatype)!.Value.Span, heap),
    };

    private static long[] Dataspace(Hdf5File file, ReadOnlySpan<byte> body)
    {
        var c = new Hdf5Cursor(file, body);
        var version = c.U8();
        var rank = c.U8();
        c.U8(); // flags
        if (version == 1) c.Skip(5);
        else if (version == 2)
        {
            if (c.U8() == 2) return [0]; // null dataspace: no elements
        }
        else throw new NotSupportedException($"HDF5 dataspace version {version}");
        if (rank > 32) throw new InvalidDataException("an HDF5 dataspace of more than 32 dimensions");
        var dims = new long[rank];
        long total = 1;
        for (var d = 0; d < rank; d++)
        {
            dims[d] = c.Length();
            // The element count must not wrap around: a dataspace past 2^53 elements cannot be in any file.
            if (dims[d] > 0 && total > (1L << 53) / dims[d]) throw new InputLimitException("an HDF5 dataspace of more than 2^53 elements");
            total *= Math.Max(dims[d], 1);
        }
        return rank == 0 ? [1] : dims;
    }

    /// <summary>Every element's bytes, row-major.</summary>
    public byte[] Bytes(UnpackContext context)
    {
        var total = Elements * Type.Size;
        if (Elements < 0 || total < 0 || total > context.Limits.MaxInMemoryBytes || Elements > long.MaxValue / 1024)
            throw new InputLimitException($"an HDF5 dataset larger than the {context.Limits.MaxInMemoryBytes:N0} bytes a part may take in memory");
        var body = _header.First(Hdf5ObjectHeader.Layout) ?? throw new InvalidDataException("an HDF5 dataset without its layout");
        var filters = _header.First(Hdf5ObjectHeader.FilterPipeline) is { } f ? Filters(f.Span) : [];
        var output = new byte[total];
        var c = new Hdf5Cursor(_file, body.Span);
        var version = c.U8();
        if (version is 1 or 2)
        {
            var rank = c.U8();
            var cls = c.U8();
            c.Skip(5);
            var address = cls == 0 ? Hdf5File.Undefined : c.Address();
            var chunk = new long[rank];
            for (var d = 0; d < rank; d++) chunk[d] = c.U32();
            switch (cls)
            {
                case 0: Copy(c.Bytes(Math.Min(c.U32(), c.Left)), output); break;
                case 1: Contiguous(address, output); break;
                case 2: Chunked(address, rank == Dims.Length + 1 ? chunk[..^1] : chunk, filters, output, context); break;
                default: throw new NotSupportedException($"HDF5 layout class {cls}");
            }
            return output;
        }
        if (version == 3)
        {
            var cls = c.U8();
            switch (cls)
            {
                case 0:
                    Copy(c.Bytes(c.U16()), output);
                    break;
                case 1:
                    Contiguous(c.Address(), output);
                    break;
                case 2:
                    {
                        var rank = c.U8();
                        var address = c.Address();
                        var chunk = new long[rank];
                        for (var d = 0; d < rank; d++) chunk[d] = c.U32();
                        Chunked(address, chunk[..^1], filters, output, context);
                        break;
                    }
                default: throw new NotSupportedException($"HDF5 layout class {cls}");
            }
            return output;
        }
        if (version == 4 && c.U8() is var layout)
        {
            if (layout == 0) { Copy(c.Bytes(c.U16()), output); return output; }
            if (layout == 1) { Contiguous(c.Address(), output); return output; }
            if (layout != 2) throw new NotSupportedException($"HDF5 layout class {layout}");
            var flags = c.U8();
            var rank = c.U8();
            var width = c.U8();
            var chunk = new long[rank];
            for (var d = 0; d < rank; d++) chunk[d] = (long)c.Unsigned(width);
            var index = c.U8();
            switch (index)
            {
                case 1: // a single chunk
                    {
                        var size = (flags & 2) != 0 ? c.Length() : -1;
                        var mask = (flags & 2) != 0 ? c.U32() : 0;
                        var address = c.Address();
                        var bytes = size >= 0 ? _file.At(address, size) : _file.At(address, total);
                        Place(Unfilter(bytes, filters, mask, context), new long[Dims.Length], chunk[..^1], output);
                        return output;
                    }
                case 2: // implicit: every chunk in order, unfiltered
                    {
                        var address = c.Address();
                        var per = chunk[..^1].Aggregate(1L, (a, b) => a * b) * Type.Size;
                        var offsets = new long[Dims.Length];
                        for (long k = 0; ; k++)
                        {
                            Place(_file.At(address + (ulong)(k * per), per).ToArray(), offsets, chunk[..^1], output);
                            if (!Next(offsets, chunk[..^1])) break;
                        }
                        return output;
                    }
                case 3: // a fixed array of chunk addresses, in row-major chunk order
                    {
                        c.U8(); // page bits
                        FixedArray(c.Address(), chunk[..^1], filters, output, context);
                        return output;
                    }
                default: throw new NotSupportedException($"HDF5 chunk index type {index} (layout version 4)");
            }
        }
        throw new NotSupportedException($"HDF5 layout version {version}");
    }

    private void Contiguous(ulong address, byte[] output)
    {
        if (address == Hdf5File.Undefined) return; // never written: the fill value
        _file.At(address, output.Length).CopyTo(output);
    }

    private static void Copy(ReadOnlySpan<byte> data, byte[] output) => data[..Math.Min(data.Length, output.Length)].CopyTo(output);

    /// <summary>Walks the version 1 B-tree of chunks (node type 1) and places each chunk.</summary>
    private void Chunked(ulong root, long[] chunk, List<(int Id, uint[] Values)> filters, byte[] output, UnpackContext context)
    {
        if (root == Hdf5File.Undefined) return;
        if (chunk.Length != Dims.Length || chunk.Any(d => d <= 0)) throw new InvalidDataException("HDF5 chunk dimensions that do not match the dataspace");
        var rank = Dims.Length;
        var pending = new Stack<(ulong Address, int Depth)>();
        pending.Push((root, 0));
        var visited = 0;
        while (pending.Count > 0)
        {
            context.ThrowIfCancelled();
            var (address, depth) = pending.Pop();
            if (++visited > 1 << 20 || depth > 64) throw new InvalidDataException("an HDF5 chunk B-tree too deep or too large");
            var c = new Hdf5Cursor(_file, _file.From(address));
            if (!c.Bytes(4).SequenceEqual("TREE"u8)) throw new InvalidDataException("an HDF5 B-tree node without its signature");
            if (c.U8() != 1) throw new InvalidDataException("an HDF5 chunk B-tree of the wrong node type");
            var level = c.U8();
            var entries = c.U16();
            c.Skip(2 * _file.OffsetSize); // siblings
            for (var e = 0; e < entries; e++)
            {
                var size = c.U32();
                var mask = c.U32();
                var offsets = new long[rank];
                for (var d = 0; d < rank; d++) offsets[d] = (long)Math.Min(c.U64(), long.MaxValue / 2);
                c.Skip(8); // the element-size dimension
                var child = c.Address();
                if (level > 0) pending.Push((child, depth + 1));
                else Place(Unfilter(_file.At(child, size), filters, mask, context), offsets, chunk, output);
            }
        }
    }

    /// <summary>
    /// A fixed-array chunk index: a header ("FAHD") and one data block ("FADB") of entries — a chunk's address, or for
    /// filtered chunks its address, size and filter mask. A paged data block (more entries than one page) is not read.
    /// </summary>
    private void FixedArray(ulong header, long[] chunk, List<(int Id, uint[] Values)> filters, byte[] output, UnpackContext context)
    {
        if (chunk.Length != Dims.Length || chunk.Any(d => d <= 0)) throw new InvalidDataException("HDF5 chunk dimensions that do not match the dataspace");
        var h = new Hdf5Cursor(_file, _file.From(header));
        if (!h.Bytes(4).SequenceEqual("FAHD"u8)) throw new InvalidDataException("an HDF5 fixed array without its signature");
        h.U8();
        var filtered = h.U8() == 1;
        var entrySize = h.U8();
        var pageBits = h.U8();
        var entries = h.Length();
        var block = h.Address();
        if (entries > 1L << pageBits) throw new NotSupportedException("an HDF5 fixed array of chunks in pages");
        var b = new Hdf5Cursor(_file, _file.From(block));
        if (!b.Bytes(4).SequenceEqual("FADB"u8)) throw new InvalidDataException("an HDF5 fixed array data block without its signature");
        b.Skip(2);
        b.Address();
        var offsets = new long[Dims.Length];
        for (long e = 0; e < entries; e++)
        {
            context.ThrowIfCancelled();
            var at = b.At;
            var address = b.Address();
            long size = -1;
            uint mask = 0;
            if (filtered)
            {
                size = (long)b.Unsigned(entrySize - _file.OffsetSize - 4);
                mask = b.U32();
            }
            b.At = at + entrySize;
            if (address != Hdf5File.Undefined)
            {
                var per = chunk.Aggregate(1L, (x, y) => x * y) * Type.Size;
                Place(Unfilter(_file.At(address, size >= 0 ? size : per), filters, mask, context), offsets, chunk, output);
            }
            if (!Next(offsets, chunk)) break;
        }
    }

    /// <summary>The chunk's elements copied to their places in the whole array (edge chunks cut at the array's end).</summary>
    private void Place(byte[] data, long[] offsets, long[] chunk, byte[] output)
    {
        var rank = Dims.Length;
        var size = Type.Size;
        if (rank == 0) { Copy(data, output); return; }
        var run = (int)Math.Max(0, Math.Min(chunk[^1], Dims[^1] - offsets[^1]));
        if (run == 0) return;
        var index = new long[rank - 1];
        while (true)
        {
            long source = 0, target = 0;
            var inside = true;
            for (var d = 0; d < rank - 1; d++)
            {
                var at = offsets[d] + index[d];
                if (at >= Dims[d]) { inside = false; break; }
                source = source * chunk[d] + index[d];
                target = target * Dims[d] + at;
            }
            if (inside)
            {
                source = source * chunk[^1] * size;
                target = (target * Dims[^1] + offsets[^1]) * size;
                var n = run * size;
                if (source + n <= data.Length && target + n <= output.Length) data.AsSpan((int)source, n).CopyTo(output.AsSpan((int)target));
                else throw new InvalidDataException("an HDF5 chunk smaller than its shape");
            }
            var k = rank - 2;
            while (k >= 0 && ++index[k] >= chunk[k]) index[k--] = 0;
            if (k < 0) break;
        }
    }

    /// <summary>Steps chunk offsets through the array in row-major order; false after the last chunk.</summary>
    private bool Next(long[] offsets, long[] chunk)
    {
        for (var d = offsets.Length - 1; d >= 0; d--)
        {
            offsets[d] += chunk[d];
            if (offsets[d] < Dims[d]) return true;
            offsets[d] = 0;
        }
        return false;
    }

    private static List<(int Id, uint[] Values)> Filters(ReadOnlySpan<byte> body)
    {
        var c = new Hdf5Cursor(null!, body);
        var version = c.U8();
        var count = c.U8();
        if (version == 1) c.Skip(6);
        var filters = new List<(int, uint[])>();
        for (var f = 0; f < count; f++)
        {
            var id = c.U16();
            var nameLength = version == 1 || id >= 256 ? c.U16() : 0;
            c.U16(); // flags
            var values = c.U16();
            if (version == 1) c.Skip((nameLength + 7) / 8 * 8);
            else c.Skip(nameLength);
            var v = new uint[values];
            for (var i = 0; i < values; i++) v[i] = c.U32();
            if (version == 1 && values % 2 == 1) c.Skip(4);
            filters.Add((id, v));
        }
        return filters;
    }

    /// <summary>Undoes the pipeline, last filter first; a filter the chunk's mask skipped is passed over.</summary>
    private byte[] Unfilter(ReadOnlySpan<byte> stored, List<(int Id, uint[] Values)> filters, uint mask, UnpackContext context)
    {
        var data = stored.ToArray();
        for (var f = filters.Count - 1; f >= 0; f--)
        {
            if ((mask & (1u << f)) != 0) continue;
            var (id, values) = filters[f];
            data = id switch
            {
                1 => Inflate(data, context),
                2 => Unshuffle(data, values.Length > 0 ? (int)values[0] : Type.Size),
                3 => data.Length >= 4 ? data[..^4] : throw new InvalidDataException("an HDF5 chunk shorter than its checksum"),
                _ => throw new NotSupportedException($"HDF5 filter {id} (only deflate, shuffle and Fletcher-32 are read)"),
            };
        }
        return data;
    }

    private static byte[] Inflate(byte[] data, UnpackContext context)
    {
        using var z = context.CountExpansion(new ZLibStream(new MemoryStream(data), CompressionMode.Decompress));
        using var output = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = z.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + n > context.Limits.MaxInMemoryBytes) throw new InputLimitException("an HDF5 chunk that inflates past the in-memory cap");
            output.Write(buffer, 0, n);
        }
        return output.ToArray();
    }

    private static byte[] Unshuffle(byte[] data, int size)
    {
        if (size <= 1) return data;
        var n = data.Length / size;
        var output = (byte[])data.Clone();
        for (var b = 0; b < size; b++)
            for (var i = 0; i < n; i++)
                output[i * size + b] = data[b * n + i];
        return output;
    }
}
