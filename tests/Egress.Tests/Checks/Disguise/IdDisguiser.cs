using System.Globalization;
using System.Text;

namespace Egress.Tests.Checks.Disguise;

/// <summary>
/// The adversary's side for IDs: seeded ways of writing a participant ID so that it is not the 7-digit number the
/// extract dispensed, and seeded places to put a list of them. Tests combine them (two or three at once).
/// </summary>
public static class IdDisguiser
{
    public static readonly IReadOnlyDictionary<string, Func<string, Random, string>> Forms = new Dictionary<string, Func<string, Random, string>>
    {
        ["letter prefix"] = (id, _) => "UKB" + id,
        ["letter suffix"] = (id, _) => id + "_a",
        ["dash"] = (id, _) => id[..3] + "-" + id[3..],
        ["dots"] = (id, _) => id[..1] + "." + id[1..4] + "." + id[4..],
        ["hex"] = (id, _) => long.Parse(id, CultureInfo.InvariantCulture).ToString("x", CultureInfo.InvariantCulture),
        ["HEX with 0x"] = (id, _) => "0x" + long.Parse(id, CultureInfo.InvariantCulture).ToString("X", CultureInfo.InvariantCulture),
        ["base 36"] = (id, _) => Base36(long.Parse(id, CultureInfo.InvariantCulture)),
        ["reversed"] = (id, _) => new string(id.Reverse().ToArray()),
        ["shift 7"] = (id, _) => new string(id.Select(c => (char)('0' + (c - '0' + 7) % 10)).ToArray()),
        ["complement"] = (id, _) => new string(id.Select(c => (char)('0' + (9 - (c - '0')))).ToArray()),
    };

    /// <summary>Two or three disguises at once, in an order that still reads back (prefixes last).</summary>
    public static readonly IReadOnlyDictionary<string, Func<string, Random, string>> Combined = new Dictionary<string, Func<string, Random, string>>
    {
        ["reversed + prefix"] = (id, r) => "P" + Forms["reversed"](id, r),
        ["shift + dash"] = (id, r) => Forms["dash"](Forms["shift 7"](id, r), r),
        ["complement + reversed + suffix"] = (id, r) => Forms["letter suffix"](Forms["reversed"](Forms["complement"](id, r), r), r),
        ["hex + prefix"] = (id, r) => "id_" + Forms["hex"](id, r),
    };

    /// <summary>Places a list of written IDs can be put, each with other content around it.</summary>
    public static readonly IReadOnlyDictionary<string, Func<IReadOnlyList<string>, Random, (string Name, string Text)>> Places =
        new Dictionary<string, Func<IReadOnlyList<string>, Random, (string, string)>>
        {
            ["one per line"] = (ids, _) => ("ids.txt", string.Join("\n", ids) + "\n"),
            ["a CSV column among measurements"] = (ids, r) => ("table.csv", "person,sbp,bmi,ldl\n" + string.Concat(ids.Select(id =>
                $"{id},{r.Next(95, 180)},{(18 + r.NextDouble() * 20).ToString("F1", CultureInfo.InvariantCulture)},{(1 + r.NextDouble() * 4).ToString("F2", CultureInfo.InvariantCulture)}\n"))),
            ["a Python list after code"] = (ids, _) => ("analysis.py", "import pandas as pd\n\ndef load(path):\n    return pd.read_csv(path)\n\nkeep = [" + string.Join(", ", ids.Select(i => $"'{i}'")) + "]\n"),
            ["JSON strings"] = (ids, _) => ("ids.json", "{\"cohort\": {\"members\": [" + string.Join(",", ids.Select(i => $"\"{i}\"")) + "]}}\n"),
            ["HTML attributes"] = (ids, _) => ("page.html", "<html><body><ul>" + string.Concat(ids.Select(i => $"<li data-k=\"{i}\">x</li>")) + "</ul></body></html>\n"),
            ["CSS content"] = (ids, _) => ("style.css", string.Concat(ids.Select((i, n) => $".r{n}::after{{content:\"{i} \"}}\n"))),
            ["a Newick tree"] = (ids, r) => ("tree.nwk", "(" + string.Join(",", ids.Select(i => $"{i}:{r.NextDouble().ToString("F3", CultureInfo.InvariantCulture)}")) + ");\n"),
            ["prose"] = (ids, _) => ("notes.md", "# Notes\n\nThe following were excluded after review: " + string.Join(", ", ids) + ". Ask me if unclear.\n"),
        };

    /// <summary>An ID split across two adjacent columns (3 + 4 digits).</summary>
    public static string SplitColumns(IReadOnlyList<string> ids, Random random) =>
        "a,b,value\n" + string.Concat(ids.Select(id => $"{id[..3]},{id[3..]},{random.Next(1, 99)}\n"));

    public static string Base36(long n)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var s = new StringBuilder();
        while (n > 0) { s.Insert(0, digits[(int)(n % 36)]); n /= 36; }
        return s.ToString();
    }
}
