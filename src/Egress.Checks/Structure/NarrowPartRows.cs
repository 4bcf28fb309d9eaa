using System.Text;

namespace Egress.Checks.Structure;

/// <summary>
/// Watches a part as the scanner streams past and keeps it when it is narrow: one value a line, or a few
/// (at most <see cref="MaxFields"/>, split by the first line's tab, comma, semicolon or spaces). Keeps the first
/// <see cref="MaxRows"/> rows and counts the rest, so parts of equal length can be aligned into one table
/// (<see cref="AlignedColumns"/>). A part that is wide, has long lines or ragged rows stops being watched at once.
/// </summary>
public sealed class NarrowPartRows(string location) : IStreamWatcher
{
    public const int MaxFields = 4;
    public const int MaxRows = 2000;
    private const int MaxLineBytes = 256;

    private readonly LineCarry _carry = new(MaxLineBytes);
    private char? _delimiter;
    private int _fields = -1;

    public string Location { get; } = location;
    /// <summary>Still narrow after every line seen.</summary>
    public bool Narrow { get; private set; } = true;
    /// <summary>The rows kept (the first line included: whether it is a header is decided when aligning).</summary>
    public List<string[]> Rows { get; } = [];
    /// <summary>Lines past the kept ones.</summary>
    public long MoreRows { get; private set; }
    public long TotalRows => Rows.Count + MoreRows;
    public int Fields => Math.Max(0, _fields);

    public void Feed(ReadOnlySpan<byte> data)
    {
        if (!Narrow) return;
        if (Rows.Count >= MaxRows + 1)
        {
            // Past the head only lines are counted (the tail of a long part is not aligned, only its length compared).
            MoreRows += data.Count((byte)'\n');
            return;
        }
        while (!data.IsEmpty && Narrow)
        {
            var nl = data.IndexOf((byte)'\n');
            if (nl < 0)
            {
                _carry.Add(data);
                if (_carry.Skipping) Narrow = false;
                return;
            }
            if (_carry.End(data[..nl], out var line)) Line(line);
            else Narrow = false;
            data = data[(nl + 1)..];
            if (Rows.Count >= MaxRows + 1)
            {
                MoreRows += data.Count((byte)'\n');
                return;
            }
        }
    }

    public void Complete()
    {
        if (Narrow && _carry.HasPartial && !_carry.Skipping) Line(_carry.Partial);
        _carry.Clear();
    }

    private void Line(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).Trim();
        if (text.Length == 0) return;
        if (Rows.Count >= MaxRows + 1)
        {
            MoreRows++;
            return;
        }
        _delimiter ??= text.Contains('\t') ? '\t' : text.Contains(',') ? ',' : text.Contains(';') ? ';' : ' ';
        var cells = (_delimiter == ' ' ? text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : text.Split(_delimiter.Value))
            .Select(c => c.Trim().Trim('"')).ToArray();
        if (_fields < 0) _fields = cells.Length;
        if (cells.Length != _fields || cells.Length > MaxFields)
        {
            Narrow = false;
            Rows.Clear();
            return;
        }
        Rows.Add(cells);
    }
}
