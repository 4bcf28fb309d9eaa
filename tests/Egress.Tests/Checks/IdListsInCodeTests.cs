using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Checks;

/// <summary>
/// Lists of participant IDs written into code after other code, wrapped over lines as formatters and printers wrap
/// them: a file like that is often taken for a space-aligned table, whose cells hold the IDs glued to brackets, commas
/// and calls. Every ID must still reach the ID detector, whatever the layout guess.
/// </summary>
[Collection("indexed-cohort")]
public class IdListsInCodeTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private const string Preamble = "import pandas as pd\nimport numpy as np\n\ndef load(path):\n    df = pd.read_csv(path)\n    return df[df.age > 40]\n\n# excluded after QC\n";

    private static IEnumerable<IEnumerable<string>> Lines(IReadOnlyList<string> items, int perLine) =>
        Enumerable.Range(0, (items.Count + perLine - 1) / perLine).Select(i => items.Skip(i * perLine).Take(perLine));

    /// <summary>How a list is written: each returns a file name and its text.</summary>
    public static readonly IReadOnlyDictionary<string, Func<IReadOnlyList<string>, (string Name, string Text)>> Writers =
        new Dictionary<string, Func<IReadOnlyList<string>, (string, string)>>
        {
            ["Python, commas without spaces, 6 a line"] = ids => ("a.py", Preamble + "exclude = [\n" + string.Concat(Lines(ids, 6).Select(l => "    " + string.Join(",", l) + ",\n")) + "]\n"),
            ["Python, first pair glued, the rest spaced"] = ids => ("b.py", Preamble + "exclude = [\n" + string.Concat(Lines(ids, 6).Select(l => "    " + string.Join(",", l.Take(2)) + ", " + string.Join(", ", l.Skip(2)) + "\n")) + "]\n"),
            ["Python, one ID a cell, spaced"] = ids => ("g.py", Preamble + "exclude = [\n" + string.Concat(Lines(ids, 6).Select(l => "    " + string.Join(", ", l) + ",\n")) + "]\n"),
            ["numpy array as printed"] = ids => ("c.py", Preamble + "arr = np.array(\n" + string.Join("\n", Lines(ids, 8).Select((l, i) => (i == 0 ? "[" : " ") + string.Join(" ", l))) + "])\n"),
            ["R vector over lines"] = ids => ("d.R", "library(dplyr)\n# exclusions\nexcl <- c(" + string.Join(",\n  ", Lines(ids, 5).Select(l => string.Join(",", l))) + ")\nd <- filter(d, !eid %in% excl)\n"),
            ["Stata inlist over lines"] = ids => ("e.do", "use cohort, clear\n" + string.Concat(Lines(ids, 6).Select(l => $"drop if inlist(eid,{string.Join(",", l)})\n"))),
            ["keyword arguments"] = ids => ("f.py", Preamble + string.Concat(ids.Select((id, i) => $"    flag(id={id}, weight={i % 7}.5)\n"))),
        };

    public static TheoryData<string> WriterNames() => [.. Writers.Keys];

    [Theory]
    [MemberData(nameof(WriterNames))]
    public void Every_ID_of_a_list_in_code_is_found(string writer)
    {
        var (_, rows) = cohort.Extract("A");
        foreach (var size in new[] { 12, 100 })
        {
            var ids = rows.Skip(size).Take(size).Select(r => r[0]).ToList();
            var (name, text) = Writers[writer](ids);
            var path = cohort.NewFile(name);
            File.WriteAllText(path, text);
            var report = cohort.Check(path);
            var found = report.Findings.Where(f => f.Rule == ParticipantIdDetector.Rule).Sum(f => f.Participants);
            output.WriteLine($"{writer,-45} {size,4}: {report.Verdict}, {found} found ({report.Format})");
            Assert.Equal(Verdict.Block, report.Verdict);
            Assert.Equal(size, found);
        }
    }
}
