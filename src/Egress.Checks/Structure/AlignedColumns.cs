using System.Globalization;
using Egress.Formats.Content;

namespace Egress.Checks.Structure;

/// <summary>
/// Several narrow parts of equal length (one file per column: <c>age.txt</c>, <c>sbp.txt</c>, <c>bmi.csv</c> in an
/// archive or one request) aligned into one table, row k of each side by side, so the record, ID and row-level rules
/// see rows. The rule: parts of one or a few columns (<see cref="NarrowPartRows"/>) with the same number of data rows
/// (a first line of names is a header when the lines below it hold numbers) are aligned, at most
/// <see cref="MaxParts"/> parts and <see cref="NarrowPartRows.MaxRows"/> rows per table and <see cref="MaxTables"/>
/// tables per export. Parts of one row align only when each is one value (a single participant's columns).
/// </summary>
public static class AlignedColumns
{
    public const int MaxParts = 64;
    public const int MaxTables = 8;
    public const string PathPrefix = "aligned columns of ";

    public static IReadOnlyList<TablePart> Build(IReadOnlyList<NarrowPartRows> parts)
    {
        var columns = parts.Where(p => p is { Narrow: true, Rows.Count: > 0 }).Select(Column.Of).Where(c => c.DataRows >= 1).ToList();
        var tables = new List<TablePart>();
        foreach (var group in columns.GroupBy(c => c.DataRows).OrderByDescending(g => g.Count()))
        {
            if (tables.Count >= MaxTables) break;
            var members = group.Take(MaxParts).ToList();
            if (members.Count < 2) continue;
            if (group.Key == 1 && members.Any(m => m.Part.Fields > 1)) continue;
            var header = members.SelectMany(m => m.Names).ToList();
            var rows = new List<IReadOnlyList<string>>();
            var shown = (int)Math.Min(group.Key, NarrowPartRows.MaxRows);
            for (var r = 0; r < shown; r++)
                rows.Add(members.SelectMany(m => m.Row(r)).ToArray());
            var names = string.Join(" + ", members.Take(6).Select(m => m.Part.Location)) + (members.Count > 6 ? $" and {members.Count - 6} more" : "");
            tables.Add(new TablePart(PathPrefix + names, header, rows) { FirstRowNumber = 0 });
        }
        return tables;
    }

    private sealed record Column(NarrowPartRows Part, bool HasHeader, long DataRows, IReadOnlyList<string> Names)
    {
        public static Column Of(NarrowPartRows part)
        {
            var first = part.Rows[0];
            var header = part.Rows.Count >= 2 && first.All(c => !IsNumber(c)) && part.Rows[1].Any(IsNumber);
            var stem = Stem(part.Location);
            IReadOnlyList<string> names = header ? first
                : part.Fields == 1 ? [stem] : Enumerable.Range(1, part.Fields).Select(i => $"{stem}[{i}]").ToList();
            return new Column(part, header, part.TotalRows - (header ? 1 : 0), names);
        }

        public string[] Row(int r) => Part.Rows[r + (HasHeader ? 1 : 0)];
    }

    /// <summary>The last name in a part's path without its extension: what the column is called when it has no header.</summary>
    private static string Stem(string location)
    {
        var name = location[(location.LastIndexOfAny(['/', '#', ':']) + 1)..].Trim();
        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }

    private static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
