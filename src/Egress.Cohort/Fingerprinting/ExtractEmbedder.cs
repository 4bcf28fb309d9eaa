using System.Globalization;
using System.Text;
using Egress.Formats;

namespace Egress.Cohort.Fingerprinting;

/// <summary>What marking one extract did.</summary>
public sealed record EmbedResult(long Rows, long CellsMarked, int ColumnsMarked);

/// <summary>
/// Fingerprints an extract file as the platform would dispense it (`egress fingerprint embed`): each row's
/// eid is mapped to the master eid through the linkage, and every cell of a catalogue measurement column
/// written with exactly the column's decimals gets the extra digit. Everything else is copied unchanged,
/// so the result is byte-identical to `cohort generate --fingerprint-key` for the same key and project.
/// Fails (throws, writing nothing) on a row whose eid the linkage does not know: a row that cannot be
/// marked is never dispensed unmarked by mistake.
/// </summary>
public static class ExtractEmbedder
{
    public static EmbedResult Embed(FingerprintCode code, string project, string extractPath, IReadOnlyDictionary<int, int> masterEidOf, string outPath)
    {
        var fingerprint = new ExtractFingerprint(code, project, []);
        var temp = outPath + ".partial";
        long rows = 0, marked = 0;
        int columnsMarked;
        try
        {
            using (var input = new StreamReader(InputOpener.Open(extractPath, long.MaxValue, out _)))
            using (var output = new StreamWriter(temp, false, new UTF8Encoding(false)) { NewLine = "\n" })
            {
                var header = input.ReadLine() ?? throw new InvalidDataException($"{extractPath} is empty");
                var separator = header.Contains('\t') ? '\t' : ',';
                var columns = header.Split(separator).Select(name => Measurement(name)).ToArray();
                columnsMarked = columns.Count(c => c is not null);
                if (!header.Split(separator)[0].Equals(FieldCatalogue.EidColumn, StringComparison.OrdinalIgnoreCase))
                    throw new InvalidDataException($"{extractPath}: the first column must be 'eid'");
                output.WriteLine(header);
                var text = new byte[32];
                while (input.ReadLine() is { } line)
                {
                    if (line.Length == 0) continue;
                    var cells = line.Split(separator);
                    if (!int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var eid) || !masterEidOf.TryGetValue(eid, out var masterEid))
                        throw new InvalidDataException($"{extractPath}: row {rows + 2}: its eid is not in the linkage; nothing was written");
                    for (var c = 1; c < cells.Length && c < columns.Length; c++)
                    {
                        if (columns[c] is not { } column || !DecimalCell.TryParse(cells[c], out var scaled, out var decimals) || decimals != column.Decimals) continue;
                        if (fingerprint.MarkValue(column, masterEid, scaled) is not { } value) continue;
                        var n = CellFormatter.WriteFixed(checked((int)value), column.Decimals + 1, text);
                        cells[c] = Encoding.ASCII.GetString(text, 0, n);
                        marked++;
                    }
                    output.WriteLine(string.Join(separator, cells));
                    rows++;
                }
            }
            File.Move(temp, outPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return new EmbedResult(rows, marked, columnsMarked);
    }

    private static CohortColumn? Measurement(string name) =>
        FieldCatalogue.Columns.FirstOrDefault(c => c.Name == name) is { Kind: CellKind.Fixed } column ? column : null;
}
