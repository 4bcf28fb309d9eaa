using System.Text;
using Egress.Formats.Content;
using Egress.Formats.Data.Spss;

namespace Egress.Formats.Data;

/// <summary>
/// SPSS system files (<c>$FL2</c>; <c>$FL3</c> for .zsav): the variables become a table with their (long)
/// names as header — numbers in shortest round-trip form, system-missing as empty, SPSS dates as ISO
/// dates, strings trimmed — read uncompressed, bytecode-compressed or zlib-compressed; the file label,
/// variable and value labels, documents and attributes are text (<c>#labels</c>). The file is read whole
/// (bounded by the in-memory cap).
/// </summary>
public sealed class SavReader : IContentReader
{
    /// <summary>SPSS counts seconds from 1582-10-14; ISO from 1970-01-01 (141,428 days later).</summary>
    private const double EpochOffsetSeconds = 141_428d * 86_400;

    public string Format => "SPSS sav";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= 176 && (head.StartsWith("$FL2"u8) || head.StartsWith("$FL3"u8))
        && (head[64] is 2 or 3 && head[65] == 0 && head[66] == 0 && head[67] == 0 || head[64] == 0 && head[65] == 0 && head[66] == 0 && head[67] is 2 or 3);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var data = source.ReadAll(context);
        var d = SavDictionary.Read(data, context);
        var failure = new RowFailure(path, Format);
        yield return new TablePart(path, d.Variables.Select(v => v.Name).ToList(), failure.Guard(Rows(data, d, context)));
        if (failure.Notice is { } notice) yield return notice;
        if (d.Labels.Length > 0) yield return new TextPart(path + "#labels", new MemorySource(Encoding.UTF8.GetBytes(d.Labels.ToString())));
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(ReadOnlyMemory<byte> data, SavDictionary d, UnpackContext context)
    {
        foreach (var elements in SavCases.Read(data, d, context))
        {
            var cells = new string[d.Variables.Count];
            var at = 0;
            for (var i = 0; i < cells.Length; i++)
            {
                var v = d.Variables[i];
                if (v.Width == 0) cells[i] = Number(d.Double(elements[at]), v.Format);
                else
                {
                    var bytes = new byte[8 * v.Segments];
                    for (var s = 0; s < v.Segments; s++) elements[at + s].CopyTo(bytes, 8 * s);
                    cells[i] = d.Trim(bytes.AsSpan(0, Math.Min(v.Width, bytes.Length)));
                }
                at += v.Segments;
            }
            yield return cells;
        }
    }

    private static string Number(double v, int format)
    {
        if (v == -double.MaxValue || !double.IsFinite(v)) return "";
        var date = format is 20 or 23 or 24 or 38 or 39;
        if ((date || format == 22) && Math.Abs(v) < 1e13)
        {
            var ticks = (decimal)Math.Round(v - EpochOffsetSeconds, 3) * TimeSpan.TicksPerSecond;
            if (NumberText.EpochTicks(ticks) is { } text) return date && text.Length > 10 ? text[..10] : text;
        }
        return NumberText.Double(v);
    }
}
