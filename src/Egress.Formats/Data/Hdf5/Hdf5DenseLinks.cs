using Egress.Formats.Content;

namespace Egress.Formats.Data.Hdf5;

/// <summary>
/// Links of a group in dense storage: link messages kept as objects of a fractal heap ("FRHP"). Rather than walk the
/// name index, the heap's direct blocks ("FHDB" — the root block, or the direct blocks of a root indirect block,
/// "FHIB") are read object after object from their start, as the library allocates them in a file written once. A
/// heap with I/O filters, or deeper indirect blocks, is not supported.
/// </summary>
public static class Hdf5DenseLinks
{
    public static List<Hdf5Groups.Member> Read(Hdf5File file, ulong heapAddress, ulong nameIndex, UnpackContext context)
    {
        var c = new Hdf5Cursor(file, file.From(heapAddress));
        if (!c.Bytes(4).SequenceEqual("FRHP"u8)) throw new InvalidDataException("an HDF5 fractal heap without its signature");
        c.U8(); // version
        c.U16(); // heap ID length
        var filterLength = c.U16();
        var flags = c.U8();
        c.U32(); // maximum managed object size
        c.Length(); // next huge object ID
        c.Address(); // huge objects' B-tree
        c.Length(); // free space
        c.Address(); // free-space manager
        c.Length(); c.Length(); c.Length(); c.Length(); // managed space, allocated, iterator, managed objects
        c.Length(); c.Length(); c.Length(); c.Length(); // huge and tiny objects' sizes and counts
        var width = c.U16();
        var startSize = c.Length();
        c.Length(); // maximum direct block size
        var maxHeapBits = c.U16();
        c.U16(); // starting rows of the root indirect block
        var root = c.Address();
        var rows = c.U16();
        if (filterLength > 0) throw new NotSupportedException("an HDF5 fractal heap with I/O filters");
        var offsetBytes = (maxHeapBits + 7) / 8;
        var checksummed = (flags & 2) != 0;
        var links = new List<Hdf5Groups.Member>();
        if (root == Hdf5File.Undefined) return links;
        if (rows == 0)
        {
            DirectBlock(file, root, startSize, offsetBytes, checksummed, links, context);
            return links;
        }
        var ib = new Hdf5Cursor(file, file.From(root));
        if (!ib.Bytes(4).SequenceEqual("FHIB"u8)) throw new InvalidDataException("an HDF5 fractal heap indirect block without its signature");
        ib.U8();
        ib.Address();
        ib.Skip(offsetBytes);
        for (var r = 0; r < rows; r++)
        {
            var size = r <= 1 ? startSize : startSize << (r - 1);
            for (var k = 0; k < width; k++)
            {
                var child = ib.Address();
                if (child == Hdf5File.Undefined) continue;
                if (size > 1 << 26) throw new NotSupportedException("an HDF5 fractal heap with nested indirect blocks");
                DirectBlock(file, child, size, offsetBytes, checksummed, links, context);
            }
        }
        return links;
    }

    private static void DirectBlock(Hdf5File file, ulong address, long size, int offsetBytes, bool checksummed, List<Hdf5Groups.Member> links, UnpackContext context)
    {
        context.ThrowIfCancelled();
        var block = file.At(address, size);
        var c = new Hdf5Cursor(file, block);
        if (!c.Bytes(4).SequenceEqual("FHDB"u8)) throw new InvalidDataException("an HDF5 fractal heap direct block without its signature");
        c.U8();
        c.Address();
        c.Skip(offsetBytes);
        if (checksummed) c.Skip(4);
        // Objects follow one another; the first byte that is not a link message's version (free space) ends them.
        while (c.Left > 2 && block[c.At] == 1)
        {
            var at = c.At;
            try
            {
                if (Hdf5Links.Read(ref c, file) is { } link) links.Add(link);
            }
            catch (EndOfStreamException)
            {
                c.At = at;
                break;
            }
        }
    }
}
