namespace Egress.Checks.Risk;

/// <summary>Whether a table is row-level data (one row per person) by its quasi-identifiers, and why.</summary>
public sealed record RowLevelClassification(bool IsRowLevel, IReadOnlyList<QuasiIdentifierColumn> QuasiIdentifiers, string Reason);

/// <summary>
/// Judges a table row-level from its quasi-identifiers alone, conservatively: an aggregate table must
/// never be called row-level. It takes all of: enough rows; two or more quasi-identifier columns on
/// strong evidence (header, field id or a distinctive value domain); no column that names a statistic
/// (n, count, %, mean, SD, estimate, CI, p…); and rows that are people, not groups. An aggregate table
/// lists each combination of its groups once, densely (its rows fill most of the grid of their values);
/// person-level data repeats combinations, or — with many or fine-grained quasi-identifiers, where
/// everyone is unique — fills only a sliver of that grid.
/// </summary>
public static class RowLevelClassifier
{
    /// <summary>Share of records that must sit in a key combination shared with another record.</summary>
    public const double MinRepeatedShare = 0.1;
    /// <summary>Rows over the product of the quasi-identifiers' distinct counts below which unique combinations look like people.</summary>
    public const double MaxGridShare = 0.05;

    public static RowLevelClassification Classify(IReadOnlyList<string>? header, IReadOnlyList<IReadOnlyList<string>> rows, int minRows)
    {
        var qis = QuasiIdentifierDetector.Detect(header, rows);
        if (rows.Count < minRows) return new(false, qis, $"{rows.Count} rows, fewer than {minRows}");
        var strong = qis.Count(QuasiIdentifierDetector.IsStrong);
        if (strong < 2) return new(false, qis, $"{strong} quasi-identifier column(s) on strong evidence, fewer than 2");
        if (header?.FirstOrDefault(h => h is not null && HeaderNames.NamesStatistic(h)) is { } statistic)
            return new(false, qis, $"column '{statistic}' names a statistic: an aggregate table");
        var repeated = RepeatedShare(rows, qis);
        if (repeated >= MinRepeatedShare)
            return new(true, qis, $"{qis.Count} quasi-identifier columns; {repeated:P0} of rows share their combination with others");
        var grid = Grid(rows, qis);
        if (grid < MaxGridShare)
            return new(true, qis, $"{qis.Count} quasi-identifier columns; the rows fill {grid:P1} of the grid of their values: people, not groups");
        return new(false, qis, $"{repeated:P0} of rows share their quasi-identifier combination: one row per group, as in an aggregate table");
    }

    /// <summary>Rows over the product of the columns' distinct counts (in logs: the product can be astronomical).</summary>
    private static double Grid(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<QuasiIdentifierColumn> qis)
    {
        var logCells = 0.0;
        foreach (var qi in qis)
        {
            var distinct = rows.Select(r => qi.Column < r.Count ? KeyCell.Canonical(r[qi.Column]) ?? "" : "").Distinct(StringComparer.Ordinal).Count();
            logCells += Math.Log(Math.Max(1, distinct));
        }
        return Math.Exp(Math.Log(Math.Max(1, rows.Count)) - logCells);
    }

    /// <summary>Share of rows whose combination of the quasi-identifiers' cells (as written) occurs more than once.</summary>
    private static double RepeatedShare(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<QuasiIdentifierColumn> qis)
    {
        if (rows.Count == 0) return 0;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new string[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            keys[r] = string.Join('\u001f', qis.Select(q => q.Column < row.Count ? KeyCell.Canonical(row[q.Column]) ?? "\u0000" : "\u0000"));
            counts[keys[r]] = counts.GetValueOrDefault(keys[r]) + 1;
        }
        return keys.Count(k => counts[k] > 1) / (double)rows.Count;
    }
}
