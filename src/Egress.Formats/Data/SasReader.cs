using System.Globalization;
using System.Text;
using Egress.Formats.Content;
using Egress.Formats.Data.Sas;

namespace Egress.Formats.Data;

/// <summary>
/// SAS datasets (SAS7BDAT, by the 32-byte magic): the columns become a table with their names as header — numbers in
/// shortest round-trip form (8-byte doubles, or the leading 3-7 bytes of one), missing values (., .A-.Z, ._) empty,
/// dates and datetimes by their format as ISO text, strings trimmed — from uncompressed, run-length (CHAR) or RDC
/// (BINARY) compressed files, 32- or 64-bit, either byte order. The dataset label and the column labels are text
/// (<c>#labels</c>). The file is read whole (bounded by the in-memory cap).
/// </summary>
public sealed class SasReader : IContentReader
{
    /// <summary>SAS counts days and seconds from 1960-01-01, ten years (3,653 days) before 1970-01-01.</summary>
    private const long EpochOffsetDays = 3653;

    public string Format => "SAS7BDAT";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.Length >= 288 && head.StartsWith(SasHeader.Magic);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var data = source.ReadAll(context);
        var file = SasFile.Read(data);
        var failure = new RowFailure(path, Format);
        yield return new TablePart(path, file.Columns.Select(c => c.Name).ToList(), failure.Guard(Rows(file, context)));
        if (failure.Notice is { } notice) yield return notice;
        var labels = new StringBuilder();
        if (file.Header.Label.Length > 0) labels.Append("dataset label: ").Append(file.Header.Label).Append('\n');
        foreach (var c in file.Columns.Where(c => c.Label.Length > 0)) labels.Append(c.Name).Append(": ").Append(c.Label).Append('\n');
        if (labels.Length > 0) yield return new TextPart(path + "#labels", new MemorySource(Encoding.UTF8.GetBytes(labels.ToString())));
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(SasFile file, UnpackContext context)
    {
        var kinds = file.Columns.Select(c => c.Numeric ? Kind(c.Format) : Value.Text).ToArray();
        foreach (var row in file.Rows(context))
        {
            var cells = new string[file.Columns.Count];
            for (var i = 0; i < cells.Length; i++)
            {
                var c = file.Columns[i];
                var bytes = row.Span.Slice(c.Offset, c.Width);
                cells[i] = kinds[i] == Value.Text ? file.Header.Text(bytes)
                    : kinds[i] == Value.Number && c.Width < 8 ? Shortened(Double(bytes, file.Header.LittleEndian), c.Width)
                    : Number(Double(bytes, file.Header.LittleEndian), kinds[i]);
            }
            yield return cells;
        }
    }

    private enum Value { Text, Number, Date, DateTime }

    /// <summary>A number stored in 1-8 bytes: the most significant bytes of a double, the rest zero.</summary>
    private static double Double(ReadOnlySpan<byte> bytes, bool little)
    {
        Span<byte> full = stackalloc byte[8];
        full.Clear();
        if (little) bytes.CopyTo(full[(8 - bytes.Length)..]);
        else bytes.CopyTo(full);
        return little ? System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(full) : System.Buffers.Binary.BinaryPrimitives.ReadDoubleBigEndian(full);
    }

    /// <summary>
    /// A number stored in fewer than 8 bytes (SAS's LENGTH 3-7) lost its low bits: written as the shortest decimal that
    /// is stored as the same bytes (truncated, or rounded up by one unit of the last byte), which is how it was entered.
    /// </summary>
    private static string Shortened(double v, int width)
    {
        if (!double.IsFinite(v)) return "";
        var drop = 8 * (8 - width);
        var stored = BitConverter.DoubleToInt64Bits(v) >> drop;
        for (var digits = 1; digits <= 17; digits++)
        {
            var candidate = double.Parse(v.ToString("G" + digits, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (Math.Abs((BitConverter.DoubleToInt64Bits(candidate) >> drop) - stored) <= 1 && Math.Sign(candidate) == Math.Sign(v)) return NumberText.Double(candidate);
        }
        return NumberText.Double(v);
    }

    private static string Number(double v, Value kind)
    {
        if (!double.IsFinite(v)) return "";
        if (kind == Value.Date && Math.Abs(v) < 1e7) return NumberText.EpochDays((long)Math.Floor(v) - EpochOffsetDays);
        if (kind == Value.DateTime && Math.Abs(v) < 1e12)
        {
            var ticks = ((decimal)Math.Round(v, 3) - EpochOffsetDays * 86_400m) * TimeSpan.TicksPerSecond;
            if (NumberText.EpochTicks(ticks) is { } text) return text;
        }
        return NumberText.Double(v);
    }

    /// <summary>What a numeric column's format makes of its values: the format's name without its width and decimals.</summary>
    private static Value Kind(string format)
    {
        var name = format.TrimEnd('.', ' ').TrimEnd("0123456789.".ToCharArray()).ToUpperInvariant();
        if (DateTimeFormats.Contains(name) || name.StartsWith("NLDATM", StringComparison.Ordinal)) return Value.DateTime;
        if (DateFormats.Contains(name) || name.StartsWith("NLDATE", StringComparison.Ordinal)) return Value.Date;
        return Value.Number;
    }

    private static readonly HashSet<string> DateFormats =
    [
        "DATE", "DAY", "DDMMYY", "DDMMYYB", "DDMMYYC", "DDMMYYD", "DDMMYYN", "DDMMYYP", "DDMMYYS", "DOWNAME", "E8601DA", "B8601DA",
        "JULDAY", "JULIAN", "MMDDYY", "MMDDYYB", "MMDDYYC", "MMDDYYD", "MMDDYYN", "MMDDYYP", "MMDDYYS", "MMYY", "MMYYC", "MMYYD",
        "MMYYN", "MMYYP", "MMYYS", "MONNAME", "MONTH", "MONYY", "QTR", "QTRR", "WEEKDATE", "WEEKDATX", "WEEKDAY", "WEEKU", "WEEKV",
        "WEEKW", "WORDDATE", "WORDDATX", "YEAR", "YYMM", "YYMMC", "YYMMD", "YYMMN", "YYMMP", "YYMMS", "YYMMDD", "YYMMDDB", "YYMMDDC",
        "YYMMDDD", "YYMMDDN", "YYMMDDP", "YYMMDDS", "YYMON", "YYQ", "YYQC", "YYQD", "YYQN", "YYQP", "YYQS", "YYQR", "YYQRC", "YYQRD",
        "YYQRN", "YYQRP", "YYQRS", "MINGUO", "NENGO", "EURDFDD", "EURDFDE", "EURDFMY", "EURDFWDX", "EURDFWKX",
    ];

    private static readonly HashSet<string> DateTimeFormats =
    [
        "DATETIME", "DATEAMPM", "DTDATE", "DTMONYY", "DTWKDATX", "DTYEAR", "DTYYQC", "MDYAMPM", "E8601DT", "E8601DX", "E8601DZ",
        "E8601LX", "E8601DN", "B8601DT", "B8601DX", "B8601DZ", "B8601LX", "B8601DN", "EURDFDT",
    ];
}
