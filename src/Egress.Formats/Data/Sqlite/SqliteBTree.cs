using System.Buffers.Binary;

namespace Egress.Formats.Data.Sqlite;

/// <summary>
/// The cells of one b-tree in key order: a table b-tree's (rowid, record) or an index b-tree's record
/// (WITHOUT ROWID tables are index b-trees). Walked with an explicit stack; a page met twice (a cycle)
/// is damage, so a walk visits each page once at most.
/// </summary>
internal static class SqliteBTree
{
    private const byte IndexInterior = 2, TableInterior = 5, IndexLeaf = 10, TableLeaf = 13;

    public static IEnumerable<(long RowId, byte[] Record)> Cells(SqliteFile file, long root, Content.UnpackContext context)
    {
        var visited = new HashSet<long>();
        var pending = new Stack<long>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            context.ThrowIfCancelled();
            var number = pending.Pop();
            if (!visited.Add(number)) throw new InvalidDataException($"SQLite page {number} is reached twice (a damaged b-tree)");
            var found = new List<(long, byte[])>();
            var children = Read(file, number, found);
            // Children are pushed last-first, so the leftmost is walked next (key order).
            for (var i = children.Count - 1; i >= 0; i--) pending.Push(children[i]);
            foreach (var cell in found) yield return cell;
        }
    }

    /// <summary>Reads one page: a leaf's cells into <paramref name="cells"/>, an interior page's children (in order) returned.</summary>
    private static List<long> Read(SqliteFile file, long number, List<(long, byte[])> cells)
    {
        var page = file.Page(number);
        var at = number == 1 ? 100 : 0;
        var kind = page[at];
        var interior = kind is IndexInterior or TableInterior;
        if (kind is not (IndexInterior or TableInterior or IndexLeaf or TableLeaf))
            throw new InvalidDataException($"SQLite page {number} is not a b-tree page (type {kind})");
        var count = BinaryPrimitives.ReadUInt16BigEndian(page[(at + 3)..]);
        var header = interior ? 12 : 8;
        if (at + header + 2 * count > file.Usable) throw new InvalidDataException($"SQLite page {number} lists more cells than it holds");
        var children = new List<long>();
        for (var i = 0; i < count; i++)
        {
            int cell = BinaryPrimitives.ReadUInt16BigEndian(page[(at + header + 2 * i)..]);
            if (cell < at + header || cell >= file.Usable) throw new InvalidDataException($"an SQLite cell outside page {number}");
            var usable = page[..file.Usable];
            switch (kind)
            {
                case TableInterior:
                    children.Add(BinaryPrimitives.ReadUInt32BigEndian(usable[cell..]));
                    break;
                case IndexInterior:
                {
                    children.Add(BinaryPrimitives.ReadUInt32BigEndian(usable[cell..]));
                    var p = cell + 4;
                    var length = SqliteVarint.Read(usable, ref p);
                    // An interior index cell holds a key (a record) too: in a WITHOUT ROWID table, a row.
                    cells.Add((0, file.Payload(usable, p, length, tableLeaf: false)));
                    break;
                }
                case TableLeaf:
                {
                    var p = cell;
                    var length = SqliteVarint.Read(usable, ref p);
                    var rowId = SqliteVarint.Read(usable, ref p);
                    cells.Add((rowId, file.Payload(usable, p, length, tableLeaf: true)));
                    break;
                }
                default:
                {
                    var p = cell;
                    var length = SqliteVarint.Read(usable, ref p);
                    cells.Add((0, file.Payload(usable, p, length, tableLeaf: false)));
                    break;
                }
            }
        }
        if (interior) children.Add(BinaryPrimitives.ReadUInt32BigEndian(page[(at + 8)..]));
        return children;
    }
}
