using System.Xml;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// A worksheet's cells, streamed from its XML (never held whole): rows by their numbers, cells by
/// their column letters, values as stored — numbers exactly as the &lt;v&gt; text (full precision),
/// shared and inline strings, booleans, and numbers in date formats as ISO dates.
/// </summary>
internal sealed class XlsxSheet(Func<Stream> open, XlsxSharedStrings strings, XlsxStyles styles, bool date1904, UnpackContext context)
{
    private readonly XlsxSharedStrings _strings = strings;
    private readonly XlsxStyles _styles = styles;
    private readonly bool _date1904 = date1904;
    private readonly UnpackContext _context = context;

    /// <summary>Excel holds at most 32,767 characters in a cell; far more is not a workbook Excel wrote.</summary>
    public const int MaxCellChars = 1 << 20;
    private const int MaxRow = 1_048_576;
    private const int MaxColumn = 16_384;
    private const long MaxRowChars = 32L << 20;

    private static readonly IReadOnlyList<string> EmptyRow = [];

    /// <summary>The number of the first row with a value, or null when the sheet has none.</summary>
    public int? FirstRowNumber()
    {
        using var reader = new RowReader(open(), this);
        while (reader.Next(out var number, out var cells))
            if (cells.Any(c => c.Length > 0))
                return number;
        return null;
    }

    /// <summary>Rows from <paramref name="firstRow"/> on; rows the sheet skips come as empty rows, so line k is row firstRow + k − 1.</summary>
    public IEnumerable<IReadOnlyList<string>> Rows(int firstRow)
    {
        using var reader = new RowReader(open(), this);
        var expected = firstRow;
        while (reader.Next(out var number, out var cells))
        {
            if (number < firstRow) continue;
            for (; expected < number; expected++)
            {
                if ((expected & 4095) == 0) _context.ThrowIfCancelled();
                yield return EmptyRow;
            }
            yield return cells;
            expected = number + 1;
        }
    }

    private sealed class RowReader(Stream part, XlsxSheet sheet) : IDisposable
    {
        private readonly XmlReader _xml = SafeXml.Open(part);
        private int _lastRow;
        private long _rows;

        public bool Next(out int number, out List<string> cells)
        {
            try
            {
                return ReadRow(out number, out cells);
            }
            catch (XmlException e)
            {
                throw SafeXml.Damaged("a worksheet", e);
            }
        }

        private bool ReadRow(out int number, out List<string> cells)
        {
            cells = [];
            number = 0;
            while (_xml.Read())
            {
                if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "row") continue;
                SafeXml.CheckDepth(_xml, sheet._context.Limits.MaxNesting);
                if ((++_rows & 1023) == 0) sheet._context.ThrowIfCancelled();
                number = int.TryParse(_xml.GetAttribute("r"), out var r) ? r : _lastRow + 1;
                if (number is < 1 or > MaxRow) throw new InvalidDataException($"a worksheet row is numbered {number}, outside 1–{MaxRow:N0}");
                _lastRow = number;
                if (!_xml.IsEmptyElement) ReadCells(cells);
                return true;
            }
            return false;
        }

        private void ReadCells(List<string> cells)
        {
            var rowDepth = _xml.Depth;
            var lastColumn = -1;
            long chars = 0;
            while (_xml.Read())
            {
                if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == rowDepth) return;
                if (_xml.NodeType != XmlNodeType.Element || _xml.LocalName != "c" || _xml.Depth != rowDepth + 1) continue;
                var column = ColumnIndex(_xml.GetAttribute("r")) ?? lastColumn + 1;
                if (column >= MaxColumn) throw new InvalidDataException($"a worksheet cell lies beyond column {MaxColumn:N0}");
                lastColumn = column;
                var value = ReadCell();
                chars += value.Length;
                if (chars > MaxRowChars) throw new InputLimitException($"a worksheet row holds more than {MaxRowChars:N0} characters");
                while (cells.Count <= column) cells.Add("");
                cells[column] = value;
            }
            throw new XmlException("the worksheet ends inside a row");
        }

        private string ReadCell()
        {
            var type = _xml.GetAttribute("t");
            var style = int.TryParse(_xml.GetAttribute("s"), out var s) ? s : 0;
            string? value = null;
            string? inline = null;
            if (!_xml.IsEmptyElement)
            {
                var cellDepth = _xml.Depth;
                while (true)
                {
                    if (!_xml.Read()) throw new XmlException("the worksheet ends inside a cell");
                    if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == cellDepth) break;
                    if (_xml.NodeType != XmlNodeType.Element) continue;
                    SafeXml.CheckDepth(_xml, sheet._context.Limits.MaxNesting);
                    switch (_xml.LocalName)
                    {
                        case "v": value = SafeXml.ReadElementText(_xml, MaxCellChars); break;
                        case "is": inline = XlsxSharedStrings.ReadRichText(_xml, sheet._context.Limits.MaxNesting); break;
                        // A formula's text is not the cell's value; read past it.
                        case "f": SafeXml.ReadElementText(_xml, MaxCellChars); break;
                    }
                }
            }
            return type switch
            {
                "s" => value is null ? "" : sheet._strings.Get(value),
                "inlineStr" => inline ?? value ?? "",
                "b" => value switch { "1" => "TRUE", "0" => "FALSE", _ => value ?? "" },
                "e" or "str" or "d" => value ?? "",
                _ when value is null => "",
                _ when sheet._styles.IsDate(style) => ExcelDates.ToIso(value, sheet._date1904) ?? value,
                _ => value,
            };
        }

        /// <summary>"AB12" → 27 (0-based column); null when the reference has no column letters.</summary>
        private static int? ColumnIndex(string? reference)
        {
            if (string.IsNullOrEmpty(reference)) return null;
            var column = 0;
            var letters = 0;
            foreach (var c in reference)
            {
                if (!char.IsAsciiLetter(c)) break;
                column = column * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
                if (++letters > 3) return MaxColumn;
            }
            return letters == 0 ? null : column - 1;
        }

        public void Dispose() => _xml.Dispose();
    }
}
