namespace Egress.Checks.Risk;

/// <summary>
/// Finds the quasi-identifier columns of a table: by UK Biobank field id or descriptive name in the
/// header (when the values fit the attribute), and by value domain under headers that say nothing.
/// </summary>
public static class QuasiIdentifierDetector
{
    /// <summary>Rows looked at to judge a column's values.</summary>
    public const int SampleRows = 2000;

    public static IReadOnlyList<QuasiIdentifierColumn> Detect(IReadOnlyList<string>? header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var width = Math.Max(header?.Count ?? 0, rows.Take(SampleRows).Select(r => r.Count).DefaultIfEmpty(0).Max());
        var found = new List<QuasiIdentifierColumn>();
        for (var c = 0; c < width; c++)
        {
            var name = header is not null && c < header.Count ? header[c] : null;
            var values = ColumnValues.Of(rows, c, SampleRows);
            var label = string.IsNullOrWhiteSpace(name) ? $"column {c + 1}" : name.Trim();
            if (name is not null && HeaderNames.Recognise(name) is var (kind, basis, instance))
            {
                if (ValueDomainProbe.Plausible(kind, values)) found.Add(new QuasiIdentifierColumn(c, label, kind, basis) { Instance = instance });
                continue;
            }
            if (!HeaderNames.IsGeneric(name)) continue;
            if (ValueDomainProbe.Recognise(values) is { } byValues) found.Add(new QuasiIdentifierColumn(c, label, byValues, DetectionBasis.ValueDomain));
        }
        return found;
    }

    /// <summary>Strong evidence: a header or field id, or a distinctive value domain.</summary>
    public static bool IsStrong(QuasiIdentifierColumn qi) => qi.Basis != DetectionBasis.ValueDomain || ValueDomainProbe.IsDistinctive(qi.Kind);
}
