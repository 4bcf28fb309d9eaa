using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// The aggregate tables of one file, held until the whole file has been read so that a note anywhere in
/// it ("counts rounded to the nearest 5", in a footnote or a list after the table) applies to all its
/// tables; then checked by the rules. The count cells of every table seen are kept for differencing
/// across the export (one file, or one request's files pooled).
/// </summary>
public sealed class FileTables(SdcRules rules, SdcPolicy policy)
{
    /// <summary>Tables held at most before they are checked without waiting for the file's end (a note after them is then not seen: stricter, never laxer).</summary>
    private const int MaxHeldCells = 2_000_000;
    private readonly List<(TableModel Table, string Id)> _held = [];
    private readonly List<(TableCounts Counts, string Location)> _counts = [];
    private long _heldCells;
    private int? _declared;

    /// <summary>A rounding base a note in the current file declares.</summary>
    public void Declare(int roundingBase) => _declared ??= roundingBase;

    public void Add(TableModel table, string id, TableCounts? counts, List<Finding> findings)
    {
        // Only tables whose rows are named categories are compared: unlabelled rows ("row 1") of unrelated tables with the same
        // columns (one summary line per variable) share a shape without describing the same groups.
        if (counts is not null && table.LabelColumns > 0 && table.RowCount > 0) _counts.Add((counts, table.Locate(0, table.LabelColumns)));
        _held.Add((table, id));
        _heldCells += (long)table.RowCount * table.ColumnCount;
        if (_heldCells > MaxHeldCells) Check(findings);
    }

    /// <summary>Checks the tables held; <paramref name="fileEnds"/> forgets the file's declaration (the next file declares its own).</summary>
    public void Flush(List<Finding> findings, bool fileEnds = true)
    {
        Check(findings);
        if (fileEnds) _declared = null;
    }

    /// <summary>Tables of the same shape whose counts differ by a small group, across everything read.</summary>
    public IEnumerable<Finding> Differencing() => TableDifferencing.Within(_counts, policy.Differencing, policy.MinimumCellCount.Threshold);

    private void Check(List<Finding> findings)
    {
        foreach (var (table, id) in _held)
        {
            try
            {
                findings.AddRange(rules.Check(table, id, _declared));
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                // Fail closed: a rule that cannot finish on a table leaves it to a person.
                findings.Add(new Finding
                {
                    Rule = CheckEngine.TableNotAssessedRule,
                    Severity = Severity.Review,
                    Location = table.Locator.Whole,
                    Message = $"The disclosure rules could not be applied to this table ({e.GetType().Name}); a person checks it.",
                    Guidance = "Export the table as plain CSV with one header row.",
                });
            }
        }
        _held.Clear();
        _heldCells = 0;
    }
}
