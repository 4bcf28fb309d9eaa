using System.Globalization;
using System.Text;

namespace Egress.Tests.Support;

/// <summary>
/// Text as R prints it to the console: <c>print(data.frame)</c> (row names on the left, columns
/// right-aligned, names made syntactic with an X prefix, wrapped into blocks at the console width) and
/// <c>summary(data.frame)</c> (six statistics per column, in blocks of columns).
/// </summary>
public static class RConsole
{
    public static string SyntacticName(string name) =>
        (char.IsAsciiDigit(name[0]) ? "X" : "") + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_' ? c : '.').ToArray());

    public static string PrintDataFrame(string[] header, IReadOnlyList<string[]> rows, int width = 80)
    {
        var names = header.Select(SyntacticName).ToArray();
        var cells = rows.Select(r => r.Select(v => v.Length == 0 ? "NA" : v).ToArray()).ToList();
        var rowNames = Enumerable.Range(1, rows.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        var rowNameWidth = rowNames.Max(n => n.Length);
        var widths = names.Select((n, c) => Math.Max(n.Length, cells.Max(r => r[c].Length))).ToArray();
        var text = new StringBuilder();
        var start = 0;
        while (start < names.Length)
        {
            var end = start;
            var used = rowNameWidth;
            while (end < names.Length && (end == start || used + 1 + widths[end] <= width)) used += 1 + widths[end++];
            text.Append(new string(' ', rowNameWidth));
            for (var c = start; c < end; c++) text.Append(' ').Append(names[c].PadLeft(widths[c]));
            text.Append('\n');
            for (var r = 0; r < cells.Count; r++)
            {
                text.Append(rowNames[r].PadRight(rowNameWidth));
                for (var c = start; c < end; c++) text.Append(' ').Append(cells[r][c].PadLeft(widths[c]));
                text.Append('\n');
            }
            start = end;
        }
        return text.ToString();
    }

    /// <summary>summary() of numeric columns: Min., 1st Qu., Median, Mean, 3rd Qu., Max. (4 significant digits), NA's when any.</summary>
    public static string Summary(string[] header, IReadOnlyList<string[]> rows, int columnsPerBlock = 5)
    {
        var text = new StringBuilder();
        var numeric = Enumerable.Range(0, header.Length)
            .Where(c => rows.Any(r => r[c].Length > 0) && rows.All(r => r[c].Length == 0 || double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _))).ToList();
        for (var b = 0; b < numeric.Count; b += columnsPerBlock)
        {
            var block = numeric.Skip(b).Take(columnsPerBlock).ToList();
            var lines = block.Select(c => Stats(rows.Select(r => r[c]).ToList())).ToList();
            text.Append(' ').Append(string.Join(" ", block.Select(c => SyntacticName(header[c]).PadLeft(12).PadRight(16)))).Append('\n');
            for (var k = 0; k < 7; k++)
            {
                if (lines.All(l => l.Count <= k)) break;
                text.Append(' ').Append(string.Join(" ", lines.Select(l => (k < l.Count ? l[k] : "").PadRight(16)))).Append('\n');
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static List<string> Stats(List<string> values)
    {
        var numbers = values.Where(v => v.Length > 0).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).OrderBy(v => v).ToList();
        string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        double Q(double p)
        {
            var h = (numbers.Count - 1) * p;
            var lo = (int)Math.Floor(h);
            return numbers[lo] + (h - lo) * (numbers[Math.Min(lo + 1, numbers.Count - 1)] - numbers[lo]);
        }
        var lines = new List<string>
        {
            $"Min.   :{F(numbers[0])}", $"1st Qu.:{F(Q(0.25))}", $"Median :{F(Q(0.5))}", $"Mean   :{F(numbers.Average())}", $"3rd Qu.:{F(Q(0.75))}", $"Max.   :{F(numbers[^1])}",
        };
        var missing = values.Count - numbers.Count;
        if (missing > 0) lines.Add($"NA's   :{missing}");
        return lines;
    }
}
