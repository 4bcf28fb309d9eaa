namespace Egress.Checks.Risk;

/// <summary>
/// The key columns of a table as small integer codes, row-major (<c>Codes[row * Keys + key]</c>),
/// <see cref="Missing"/> for a missing value. Equal canonical cells get equal codes.
/// </summary>
public sealed class KeyCodes
{
    public const int Missing = -1;

    private KeyCodes(int[] codes, int rows, int keys)
    {
        Codes = codes;
        Rows = rows;
        Keys = keys;
    }

    public int[] Codes { get; }
    public int Rows { get; }
    public int Keys { get; }

    public int this[int row, int key] => Codes[row * Keys + key];

    public ReadOnlySpan<int> Row(int row) => Codes.AsSpan(row * Keys, Keys);

    public bool AnyMissing => Array.IndexOf(Codes, Missing) >= 0;

    /// <summary>Codes for <paramref name="keyColumns"/> of <paramref name="rows"/> (a short row lacks its trailing cells: missing).</summary>
    public static KeyCodes From(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int> keyColumns, CancellationToken cancel = default)
    {
        var keys = keyColumns.Count;
        var codes = new int[checked(rows.Count * keys)];
        var levels = new Dictionary<string, int>[keys];
        // Cells as written → code, so each distinct spelling is canonicalised once.
        var written = new Dictionary<string, int>[keys];
        for (var k = 0; k < keys; k++)
        {
            levels[k] = new Dictionary<string, int>(StringComparer.Ordinal);
            written[k] = new Dictionary<string, int>(StringComparer.Ordinal);
        }
        for (var r = 0; r < rows.Count; r++)
        {
            if ((r & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
            var row = rows[r];
            for (var k = 0; k < keys; k++)
            {
                var column = keyColumns[k];
                var cell = column < row.Count ? row[column] : "";
                if (!written[k].TryGetValue(cell, out var code))
                {
                    var value = KeyCell.Canonical(cell);
                    if (value is null) code = Missing;
                    else if (!levels[k].TryGetValue(value, out code)) levels[k][value] = code = levels[k].Count;
                    written[k][cell] = code;
                }
                codes[r * keys + k] = code;
            }
        }
        return new KeyCodes(codes, rows.Count, keys);
    }

    /// <summary>Codes given directly (tests, and callers that coded their own columns).</summary>
    public static KeyCodes FromCodes(int[] codes, int rows, int keys)
    {
        if (codes.Length != rows * keys) throw new ArgumentException("codes must hold rows × keys values", nameof(codes));
        return new KeyCodes(codes, rows, keys);
    }
}
