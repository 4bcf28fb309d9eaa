using Egress.Formats.Content;
using Egress.Formats.Data.Hdf5;

namespace Egress.Formats.Data;

/// <summary>
/// HDF5 files (.h5, .hdf5, .h5ad, netCDF-4 .nc, MATLAB 7.3 .mat), by the signature at 0 or after a user block. Every
/// dataset is read: the one-dimensional datasets of one group that have the same length are one table, a column each
/// (pandas and PyTables columns, anndata's obs and var, netCDF-4 variables along one dimension:
/// <c>file.h5#/obs</c>); any other dataset is a table of its own (<c>file.h5#/X</c>): a compound type's members as
/// columns, a 2-D array's second axis as columns, higher ranks by their last axis. What is not supported (a datatype,
/// layout or filter not read here, a damaged group) is a notice: never released. The file is read whole (bounded by
/// the in-memory cap).
/// </summary>
public sealed class Hdf5Reader : IContentReader
{
    private const int MaxColumns = 1 << 16;

    public string Format => "HDF5";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source)
    {
        if (head.StartsWith(Hdf5File.Signature)) return true;
        for (var at = 512; at + Hdf5File.Signature.Length <= head.Length; at *= 2)
            if (head[at..].StartsWith(Hdf5File.Signature)) return true;
        return false;
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var data = source.ReadAll(context);
        var file = Hdf5File.Open(data);
        var heap = new Hdf5GlobalHeap(file);
        var groups = new Hdf5Groups(file, context);
        var datasets = new List<Hdf5Dataset>();
        var notices = new List<Part>();
        foreach (var (member, header) in groups.Objects())
        {
            var where = member.Group + "/" + member.Name;
            if (!(header.Has(Hdf5ObjectHeader.Dataspace) && header.Has(Hdf5ObjectHeader.Datatype) && header.Has(Hdf5ObjectHeader.Layout))) continue;
            try
            {
                datasets.Add(Hdf5Dataset.Read(file, header, where, heap));
            }
            catch (NotSupportedException e)
            {
                notices.Add(new Notice($"{path}#{where}", NoticeKind.Unsupported, $"{e.Message}: this HDF5 dataset was not inspected"));
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or IndexOutOfRangeException)
            {
                notices.Add(new Notice($"{path}#{where}", NoticeKind.Corrupt, $"an HDF5 dataset could not be read ({e.Message})"));
            }
        }
        foreach (var (where, kind, message) in groups.Problems)
            notices.Add(new Notice($"{path}#{where}", kind, $"an HDF5 group could not be read ({message}); what it holds was not inspected"));

        foreach (var d in datasets.Where(d => d.Type.Blob).ToList())
        {
            datasets.Remove(d);
            List<Part> blobs;
            try
            {
                blobs = Blobs(d, heap, path, context);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or NotSupportedException or ArgumentException or IndexOutOfRangeException)
            {
                blobs = [new Notice($"{path}#{d.Path}", e is NotSupportedException ? NoticeKind.Unsupported : NoticeKind.Corrupt, $"an HDF5 dataset could not be read ({e.Message})")];
            }
            foreach (var b in blobs) yield return b;
        }

        // Columns: one-dimensional datasets of one field, and two-dimensional blocks of columns (pandas' fixed format),
        // grouped by their group and length.
        var columns = datasets.Where(d => d.Type.Fields.Count == 1 && (d.Dims.Length == 1 || d.Dims.Length == 2 && d.Dims[1] <= MaxColumns))
            .GroupBy(d => (Group(d.Path), d.Dims[0])).Where(g => g.Count() >= 2 && g.Key.Item2 > 0 && g.Sum(Width) <= MaxColumns).ToList();
        var inColumns = columns.SelectMany(g => g).ToHashSet();
        foreach (var g in columns)
        {
            var where = $"{path}#{(g.Key.Item1.Length == 0 ? "/" : g.Key.Item1)}";
            var members = g.ToList();
            var failure = new RowFailure(where, Format);
            var header = members.SelectMany(d => d.Dims.Length == 1 ? [Name(d.Path)] : Enumerable.Range(0, (int)d.Dims[1]).Select(k => $"{Name(d.Path)}[{k}]")).ToList();
            yield return new TablePart(where, header, failure.Guard(ColumnRows(members, g.Key.Item2, context)));
            if (failure.Notice is { } notice) yield return notice;
        }
        foreach (var d in datasets.Where(d => !inColumns.Contains(d)))
        {
            var where = $"{path}#{d.Path}";
            var failure = new RowFailure(where, Format);
            var header = d.Dims.Length <= 1 && d.Type.Fields.Count == 1 ? [Name(d.Path)]
                : d.Type.Fields.Count > 1 && d.Dims.Length <= 1 ? d.Type.Fields.Select(f => f.Name).ToList()
                : (List<string>?)null;
            yield return new TablePart(where, header, failure.Guard(ArrayRows(d, context)));
            if (failure.Notice is { } notice) yield return notice;
        }
        foreach (var n in notices) yield return n;
    }

    /// <summary>Each element of a dataset of byte sequences as a file of its own (<c>x.h5#/df/block2_values/0</c>), at most <see cref="MaxBlobs"/>.</summary>
    private static List<Part> Blobs(Hdf5Dataset d, Hdf5GlobalHeap heap, string path, UnpackContext context)
    {
        var bytes = d.Bytes(context);
        var parts = new List<Part>();
        for (long i = 0; i < d.Elements; i++)
        {
            if (i == MaxBlobs)
            {
                parts.Add(new Notice($"{path}#{d.Path}", NoticeKind.LimitReached, $"more than {MaxBlobs} byte strings in one HDF5 dataset; the rest were not inspected"));
                break;
            }
            var blob = heap.Bytes(bytes.AsSpan((int)(i * d.Type.Size), d.Type.Size));
            if (blob.Length > 0) parts.Add(new EmbeddedFile($"{path}#{d.Path}/{i}", new MemorySource(blob)));
        }
        return parts;
    }

    private const int MaxBlobs = 256;

    private static string Group(string datasetPath) => datasetPath[..datasetPath.LastIndexOf('/')];

    private static string Name(string datasetPath) => datasetPath[(datasetPath.LastIndexOf('/') + 1)..];

    private static long Width(Hdf5Dataset d) => d.Dims.Length == 1 ? 1 : d.Dims[1];

    private static IEnumerable<IReadOnlyList<string>> ColumnRows(List<Hdf5Dataset> members, long rows, UnpackContext context)
    {
        var bytes = members.Select(d => d.Bytes(context)).ToList();
        var widths = members.Select(Width).ToList();
        var total = (int)widths.Sum();
        for (long r = 0; r < rows; r++)
        {
            if ((r & 1023) == 0) context.ThrowIfCancelled();
            var row = new string[total];
            var at = 0;
            for (var i = 0; i < members.Count; i++)
            {
                var t = members[i].Type;
                var f = t.Fields[0];
                for (long k = 0; k < widths[i]; k++)
                    row[at++] = f.Cell(bytes[i].AsSpan((int)((r * widths[i] + k) * t.Size + f.Offset), t.Size - f.Offset));
            }
            yield return row;
        }
    }

    /// <summary>Rows of a dataset's last axis (a 1-D dataset: one element per row), each element's fields side by side.</summary>
    private static IEnumerable<IReadOnlyList<string>> ArrayRows(Hdf5Dataset d, UnpackContext context)
    {
        var bytes = d.Bytes(context);
        var t = d.Type;
        var width = d.Dims.Length <= 1 ? 1 : d.Dims[^1];
        if (width == 0 || d.Elements == 0) yield break;
        var rows = d.Elements / width;
        // A row wider than the column cap is cut into several rows, so nothing is left out.
        var perRow = Math.Min(width, Math.Max(1, MaxColumns / t.Fields.Count));
        for (long r = 0; r < rows; r++)
        {
            if ((r & 1023) == 0) context.ThrowIfCancelled();
            for (long from = 0; from < width; from += perRow)
            {
                var row = new List<string>((int)Math.Min(perRow, width - from) * t.Fields.Count);
                for (var k = from; k < Math.Min(width, from + perRow); k++)
                {
                    var at = (int)((r * width + k) * t.Size);
                    foreach (var f in t.Fields) row.Add(f.Cell(bytes.AsSpan(at + f.Offset, t.Size - f.Offset)));
                }
                yield return row;
            }
        }
    }
}
