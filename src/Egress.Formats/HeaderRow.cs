using System.Text;

namespace Egress.Formats;

/// <summary>The first row of a block as column names (trimmed text).</summary>
public static class HeaderRow
{
    /// <summary>Reads the first row's cells; <paramref name="length"/> is where the next row starts.</summary>
    public static List<string> Read(ReadOnlySpan<byte> block, TextLayout layout, out int length)
    {
        var cursor = new RowCursor(block, layout);
        Span<Range> cells = stackalloc Range[16384];
        cursor.Next(cells, out var n);
        var names = new List<string>(n);
        for (var i = 0; i < n; i++)
            names.Add(Encoding.UTF8.GetString(ValueCanonicalizer.Trim(block[cells[i]])).Trim('"'));
        length = cursor.Position;
        return names;
    }
}
