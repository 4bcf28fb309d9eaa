using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Egress.Tests.Support;

/// <summary>
/// A minimal XLSX writer for tests, written by hand from the Open XML parts: sheets (with a visibility
/// state), cells as numbers, shared strings, inline strings, booleans or dates (serials in a date
/// style), comments and extra parts. Enough to build the workbooks a researcher or a smuggler would.
/// </summary>
public sealed class XlsxWriter
{
    public enum Kind { Number, Shared, Inline, Boolean, Date }

    public sealed record Cell(string Ref, string Value, Kind Kind);

    public sealed class Sheet(string name, string? state)
    {
        public string Name { get; } = name;
        public string? State { get; } = state;
        public List<(int Row, List<Cell> Cells)> Rows { get; } = [];
        public List<(string Ref, string Text)> Comments { get; } = [];

        /// <summary>
        /// Adds a row of values by column order from A, as Excel stores them: numbers as written, ISO dates
        /// as serials in a date style, anything else as shared strings; empty values are left out.
        /// </summary>
        public Sheet Row(int number, params string[] values)
        {
            var cells = values.Select((v, i) =>
                IsNumber(v) ? new Cell(ColumnName(i) + number, v, Kind.Number)
                : IsIsoDate(v) ? new Cell(ColumnName(i) + number, Serial(v), Kind.Date)
                : new Cell(ColumnName(i) + number, v, Kind.Shared)).Where(c => c.Value.Length > 0).ToList();
            Rows.Add((number, cells));
            return this;
        }

        public Sheet Cells(int number, params Cell[] cells)
        {
            Rows.Add((number, cells.ToList()));
            return this;
        }
    }

    private readonly List<Sheet> _sheets = [];
    private readonly Dictionary<string, byte[]> _extra = [];
    public bool Date1904 { get; set; }
    /// <summary>Strings in the shared table that no cell uses.</summary>
    public List<string> UnusedStrings { get; } = [];

    public Sheet AddSheet(string name, string? state = null)
    {
        var sheet = new Sheet(name, state);
        _sheets.Add(sheet);
        return sheet;
    }

    public void AddPart(string name, byte[] bytes) => _extra[name] = bytes;

    /// <summary>Workbook-level defined names (name → formula or constant), as Excel writes them after the sheets.</summary>
    public List<(string Name, string Value)> DefinedNames { get; } = [];

    public static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }

    private static bool IsNumber(string v) => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool IsIsoDate(string v) => v.Length == 10 && DateTime.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public byte[] ToBytes()
    {
        var shared = new List<string>();
        var index = new Dictionary<string, int>();
        int Share(string s)
        {
            if (!index.TryGetValue(s, out var i)) { i = shared.Count; shared.Add(s); index[s] = i; }
            return i;
        }
        var sheetXml = _sheets.Select(s => SheetXml(s, Share)).ToList();
        foreach (var u in UnusedStrings) Share(u);

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var types = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>""");
            for (var i = 0; i < _sheets.Count; i++)
                types.Append($"""<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""");
            types.Append("</Types>");
            Add(zip, "[Content_Types].xml", types.ToString());
            Add(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            var wb = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">""");
            wb.Append(Date1904 ? """<workbookPr date1904="1"/>""" : "<workbookPr/>").Append("<sheets>");
            for (var i = 0; i < _sheets.Count; i++)
                wb.Append($"""<sheet name="{SecurityElement.Escape(_sheets[i].Name)}" sheetId="{i + 1}"{(_sheets[i].State is { } st ? $" state=\"{st}\"" : "")} r:id="rId{i + 1}"/>""");
            wb.Append("</sheets>");
            if (DefinedNames.Count > 0)
                wb.Append("<definedNames>").AppendJoin("", DefinedNames.Select(d => $"""<definedName name="{SecurityElement.Escape(d.Name)}">{SecurityElement.Escape(d.Value)}</definedName>""")).Append("</definedNames>");
            wb.Append("</workbook>");
            Add(zip, "xl/workbook.xml", wb.ToString());
            var rels = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
            for (var i = 0; i < _sheets.Count; i++)
                rels.Append($"""<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>""");
            rels.Append($"""<Relationship Id="rId{_sheets.Count + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>""");
            rels.Append($"""<Relationship Id="rId{_sheets.Count + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>""");
            rels.Append("</Relationships>");
            Add(zip, "xl/_rels/workbook.xml.rels", rels.ToString());
            // Style 0: general; style 1: built-in date (14); style 2: custom ISO date format.
            Add(zip, "xl/styles.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>""");
            var sst = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{shared.Count}" uniqueCount="{shared.Count}">""");
            foreach (var s in shared) sst.Append("<si><t xml:space=\"preserve\">").Append(SecurityElement.Escape(s)).Append("</t></si>");
            sst.Append("</sst>");
            Add(zip, "xl/sharedStrings.xml", sst.ToString());
            for (var i = 0; i < _sheets.Count; i++)
            {
                Add(zip, $"xl/worksheets/sheet{i + 1}.xml", sheetXml[i]);
                if (_sheets[i].Comments.Count == 0) continue;
                var comments = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>analyst</author></authors><commentList>""");
                foreach (var (r, text) in _sheets[i].Comments)
                    comments.Append($"""<comment ref="{r}" authorId="0"><text><r><t>{SecurityElement.Escape(text)}</t></r></text></comment>""");
                comments.Append("</commentList></comments>");
                Add(zip, $"xl/comments{i + 1}.xml", comments.ToString());
            }
            foreach (var (name, bytes) in _extra)
                using (var s = zip.CreateEntry(name).Open())
                    s.Write(bytes);
        }
        return buffer.ToArray();
    }

    private static string SheetXml(Sheet sheet, Func<string, int> share)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        foreach (var (number, cells) in sheet.Rows)
        {
            xml.Append($"<row r=\"{number}\">");
            foreach (var c in cells)
            {
                switch (c.Kind)
                {
                    case Kind.Number: xml.Append($"<c r=\"{c.Ref}\"><v>{c.Value}</v></c>"); break;
                    case Kind.Shared: xml.Append($"<c r=\"{c.Ref}\" t=\"s\"><v>{share(c.Value)}</v></c>"); break;
                    case Kind.Inline: xml.Append($"<c r=\"{c.Ref}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(c.Value)}</t></is></c>"); break;
                    case Kind.Boolean: xml.Append($"<c r=\"{c.Ref}\" t=\"b\"><v>{c.Value}</v></c>"); break;
                    case Kind.Date: xml.Append($"<c r=\"{c.Ref}\" s=\"2\"><v>{c.Value}</v></c>"); break;
                }
            }
            xml.Append("</row>");
        }
        xml.Append("</sheetData></worksheet>");
        return xml.ToString();
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var s = zip.CreateEntry(name).Open();
        s.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The Excel serial (1900 system) of an ISO date.</summary>
    public static string Serial(string isoDate)
    {
        var d = DateTime.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return ((d - new DateTime(1899, 12, 30)).Days).ToString(CultureInfo.InvariantCulture);
    }
}
