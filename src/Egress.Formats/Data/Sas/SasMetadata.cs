namespace Egress.Formats.Data.Sas;

/// <summary>
/// What a SAS7BDAT file says about its rows and columns, gathered from the metadata subheaders of every page that is
/// not a data page: the row length and count (row size), the column count (column size), the text blobs names,
/// formats and labels point into (column text), and per column its name, its place and width in the row and its type
/// (column name, column attributes), its format and label (one format subheader per column).
/// </summary>
public sealed class SasMetadata
{
    public const uint RowSize = 0xF7F7F7F7;
    public const uint ColumnSize = 0xF6F6F6F6;
    public const uint Counts = 0xFFFFFC00;
    public const uint ColumnFormat = 0xFFFFFBFE;
    public const uint ColumnAttributes = 0xFFFFFFFC;
    public const uint ColumnText = 0xFFFFFFFD;
    public const uint ColumnList = 0xFFFFFFFE;
    public const uint ColumnName = 0xFFFFFFFF;

    public enum Packing { None, Rle, Rdc }

    public sealed record Column(string Name, int Offset, int Width, bool Numeric, string Format, string Label);

    private readonly SasHeader _h;
    private readonly List<byte[]> _texts = [];
    private readonly List<(int Index, int Offset, int Length)> _names = [];
    private readonly List<(long Offset, int Width, int Type)> _attributes = [];
    private readonly List<((int, int, int) Format, (int, int, int) Label)> _formats = [];
    private long _columnCount = -1;

    public SasMetadata(SasHeader h) => _h = h;

    public long RowLength { get; private set; } = -1;
    public long RowCount { get; private set; } = -1;
    /// <summary>The most rows a mix page holds after its subheaders.</summary>
    public long MixPageRows { get; private set; }
    public Packing Compression { get; private set; }

    /// <summary>True for a signature of a metadata subheader (a compressed file's row never starts with one).</summary>
    public static bool Known(uint signature) =>
        signature is RowSize or ColumnSize or Counts or ColumnFormat || signature >= 0xFFFFFFF8;

    /// <summary>Takes in one metadata subheader; unknown ones (counts, column list, and others) are skipped.</summary>
    public void Add(uint signature, ReadOnlySpan<byte> s)
    {
        var n = _h.IntLength;
        switch (signature)
        {
            case RowSize:
                Need(s, _h.U64 ? 128 : 64);
                RowLength = _h.Int(s, 5 * n);
                RowCount = _h.Int(s, 6 * n);
                MixPageRows = _h.Int(s, 15 * n);
                break;
            case ColumnSize:
                Need(s, 2 * n);
                _columnCount = _h.Int(s, n);
                break;
            case ColumnText:
                Need(s, n + 2);
                var blob = s[n..].ToArray();
                if (_texts.Count == 0) Compression = Packed(blob);
                _texts.Add(blob);
                break;
            case ColumnName:
                for (var at = n + 8; at + 8 <= s.Length - (_h.U64 ? 12 : 8); at += 8)
                    _names.Add(Ref(s, at));
                break;
            case ColumnAttributes:
                for (var at = n + 8; at + n + 8 <= s.Length - (_h.U64 ? 12 : 8); at += n + 8)
                    _attributes.Add((_h.Int(s, at), (int)Math.Min(_h.U32(s, at + n), int.MaxValue), s[at + n + 6]));
                break;
            case ColumnFormat:
                Need(s, _h.U64 ? 58 : 46);
                _formats.Add((Ref(s, _h.U64 ? 46 : 34), Ref(s, _h.U64 ? 52 : 40)));
                break;
        }
    }

    /// <summary>The columns, checked against the row: each lies inside it, numbers are 1-8 bytes wide.</summary>
    public IReadOnlyList<Column> Columns()
    {
        if (RowLength <= 0 || RowCount < 0) throw new InvalidDataException("a SAS7BDAT file without its row size subheader");
        var count = _columnCount >= 0 ? _columnCount : _names.Count;
        if (count == 0) throw new InvalidDataException("a SAS7BDAT file without columns");
        if (_names.Count < count || _attributes.Count < count)
            throw new InvalidDataException("a SAS7BDAT file whose column names or attributes are missing");
        var columns = new List<Column>((int)count);
        for (var i = 0; i < count; i++)
        {
            var (offset, width, type) = _attributes[i];
            if (type is not (1 or 2) || width <= 0 || offset < 0 || offset + width > RowLength || type == 1 && width > 8)
                throw new InvalidDataException($"SAS7BDAT column {i + 1} does not fit its row");
            var (format, label) = i < _formats.Count ? _formats[i] : default;
            columns.Add(new Column(Text(_names[i]), (int)offset, width, type == 1, Text(format), Text(label)));
        }
        return columns;
    }

    /// <summary>The compression named in the first text blob (at 12, or anywhere in it as some writers put it).</summary>
    private static Packing Packed(byte[] blob)
    {
        var span = blob.AsSpan();
        if (span.IndexOf("SASYZCR2"u8) >= 0) return Packing.Rdc;
        if (span.IndexOf("SASYZCRL"u8) >= 0) return Packing.Rle;
        return Packing.None;
    }

    private (int, int, int) Ref(ReadOnlySpan<byte> s, int at)
    {
        Need(s, at + 6);
        return (_h.U16(s, at), _h.U16(s, at + 2), _h.U16(s, at + 4));
    }

    private string Text((int Index, int Offset, int Length) r)
    {
        if (r.Length == 0) return "";
        if (r.Index >= _texts.Count || r.Offset + r.Length > _texts[r.Index].Length)
            throw new InvalidDataException("a SAS7BDAT column name, format or label points outside its text");
        return _h.Text(_texts[r.Index].AsSpan(r.Offset, r.Length));
    }

    private static void Need(ReadOnlySpan<byte> s, int length)
    {
        if (s.Length < length) throw new InvalidDataException("a SAS7BDAT subheader shorter than its kind");
    }
}
