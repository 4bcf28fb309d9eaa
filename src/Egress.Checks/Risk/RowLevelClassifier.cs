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
        var qiColumns = qis.Select(q => q.Column).ToList();
        var repeated = RepeatedShare(rows, qiColumns);
        if (repeated >= MinRepeatedShare)
        {
            if (LongFormatDimensions(header, rows, qiColumns) is { } dimensions)
                return new(false, qis, $"long-format table: each combination of the quasi-identifiers and {dimensions} stands once and the rows fill the grid of their values");
            return new(true, qis, $"{qis.Count} quasi-identifier columns; {repeated:P0} of rows share their combination with others");
        }
        var grid = Grid(rows, qiColumns);
        if (grid < MaxGridShare)
            return new(true, qis, $"{qis.Count} quasi-identifier columns; the rows fill {grid:P1} of the grid of their values: people, not groups");
        return new(false, qis, $"{repeated:P0} of rows share their quasi-identifier combination: one row per group, as in an aggregate table");
    }

    /// <summary>Share of the grid a long-format table's key columns must fill: a full crossing of groups and measures.</summary>
    public const double MinLongFormatGridShare = 0.5;

    /// <summary>
    /// The names of the label columns that, beside the quasi-identifiers, make each row a distinct cell of a
    /// crossed grid (group × variable → statistics, as Stata's `collapse`/`reshape long` and R's `pivot_longer`
    /// write aggregate results), or null when there are none. People repeat their groups' combinations too, but
    /// a label that splits them into single rows filling the whole grid is a table's dimension: per-person data
    /// with one row per person and measure leaves most of that grid empty (people differ in how many rows they
    /// have, and many people share a group).
    /// </summary>
    private static string? LongFormatDimensions(IReadOnlyList<string>? header, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int> qiColumns)
    {
        var width = rows.Max(r => r.Count);
        var dimensions = new List<int>();
        for (var c = 0; c < width; c++)
        {
            if (qiColumns.Contains(c) || !IsLabelColumn(rows, c)) continue;
            dimensions.Add(c);
        }
        if (dimensions.Count == 0) return null;
        var key = qiColumns.Concat(dimensions).ToList();
        if (RepeatedShare(rows, key) > 0 || Grid(rows, key) < MinLongFormatGridShare) return null;
        return string.Join(", ", dimensions.Select(c => header is not null && c < header.Count && !string.IsNullOrWhiteSpace(header[c]) ? $"'{header[c]}'" : $"column {c + 1}"));
    }

    /// <summary>A column of text labels (not numbers) each of which stands on several rows.</summary>
    private static bool IsLabelColumn(IReadOnlyList<IReadOnlyList<string>> rows, int column)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var cell = column < row.Count ? KeyCell.Canonical(row[column]) : null;
            if (cell is null) return false;
            if (double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)) return false;
            distinct.Add(cell);
        }
        return distinct.Count >= 2 && distinct.Count * 2 <= rows.Count;
    }

    /// <summary>Rows over the product of the columns' distinct counts (in logs: the product can be astronomical).</summary>
    private static double Grid(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int> columns)
    {
        var logCells = 0.0;
        foreach (var column in columns)
        {
            var distinct = rows.Select(r => column < r.Count ? KeyCell.Canonical(r[column]) ?? "" : "").Distinct(StringComparer.Ordinal).Count();
            logCells += Math.Log(Math.Max(1, distinct));
        }
        return Math.Exp(Math.Log(Math.Max(1, rows.Count)) - logCells);
    }

    /// <summary>Share of rows whose combination of the columns' cells (as written) occurs more than once.</summary>
    private static double RepeatedShare(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int> columns)
    {
        if (rows.Count == 0) return 0;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new string[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            keys[r] = string.Join('\u001f', columns.Select(c => c < row.Count ? KeyCell.Canonical(row[c]) ?? "\u0000" : "\u0000"));
            counts[keys[r]] = counts.GetValueOrDefault(keys[r]) + 1;
        }
        return keys.Count(k => counts[k] > 1) / (double)rows.Count;
    }
}
