using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using System.Text.Json;

namespace Egress.Tests.Support;

/// <summary>Renders a table (header + rows of cells) in the document formats researchers export: JSON, NDJSON, HTML, Markdown, SVG.</summary>
public static class DocumentWriters
{
    private static bool IsNumber(string v) => v.Length > 0 && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>An array of objects, numbers written exactly as in the cells.</summary>
    public static string JsonRecords(string[] header, IEnumerable<string[]> rows, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartArray();
            foreach (var row in rows) WriteRecord(json, header, row);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Ndjson(string[] header, IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer)) WriteRecord(json, header, row);
            text.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }
        return text.ToString();
    }

    private static void WriteRecord(Utf8JsonWriter json, string[] header, string[] row)
    {
        json.WriteStartObject();
        for (var i = 0; i < header.Length && i < row.Length; i++)
        {
            json.WritePropertyName(header[i]);
            if (row[i].Length == 0) json.WriteNullValue();
            else if (IsNumber(row[i])) json.WriteRawValue(row[i].TrimStart('+'));
            else json.WriteStringValue(row[i]);
        }
        json.WriteEndObject();
    }

    /// <summary>A table as pandas' to_html writes one (index column included).</summary>
    public static string HtmlTable(string[] header, IEnumerable<string[]> rows)
    {
        var html = new StringBuilder("<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n");
        foreach (var h in header) html.Append("      <th>").Append(WebUtility.HtmlEncode(h)).Append("</th>\n");
        html.Append("    </tr>\n  </thead>\n  <tbody>\n");
        var i = 0;
        foreach (var row in rows)
        {
            html.Append("    <tr>\n      <th>").Append(i++).Append("</th>\n");
            foreach (var c in row) html.Append("      <td>").Append(WebUtility.HtmlEncode(c)).Append("</td>\n");
            html.Append("    </tr>\n");
        }
        return html.Append("  </tbody>\n</table>").ToString();
    }

    public static string HtmlPage(string title, string body) =>
        $"<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>\n<body>\n<h1>{WebUtility.HtmlEncode(title)}</h1>\n{body}\n</body>\n</html>\n";

    public static string PipeTable(string[] header, IEnumerable<string[]> rows)
    {
        var md = new StringBuilder("| ").Append(string.Join(" | ", header)).Append(" |\n|");
        foreach (var _ in header) md.Append("---|");
        md.Append('\n');
        foreach (var row in rows) md.Append("| ").Append(string.Join(" | ", row.Select(c => c.Replace("|", "\\|")))).Append(" |\n");
        return md.ToString();
    }

    /// <summary>A scatter plot whose points carry each row: x and y as coordinates, the other cells as data-* attributes.</summary>
    public static string SvgScatter(string[] header, IEnumerable<string[]> rows)
    {
        var svg = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?>""" + "\n" + """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">""" + "\n<title>Scatter</title>\n");
        foreach (var row in rows)
        {
            svg.Append($"""<circle cx="{SecurityElement.Escape(row[0])}" cy="{SecurityElement.Escape(row.Length > 1 ? row[1] : "0")}" r="2" fill="#1f77b4" """);
            for (var i = 2; i < row.Length && i < header.Length; i++)
                svg.Append($"""data-v{i}="{SecurityElement.Escape(row[i])}" """);
            svg.Append("/>\n");
        }
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>A bar chart with one labelled bar per row (label, count).</summary>
    public static string SvgBars(IEnumerable<(string Label, string Count)> bars)
    {
        var svg = new StringBuilder("""<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">""" + "\n");
        var x = 10;
        foreach (var (label, count) in bars)
        {
            svg.Append($"""<rect x="{x}" y="50" width="20" height="{count}"/><text x="{x}" y="290">{SecurityElement.Escape(label)}</text><text x="{x}" y="45">{count}</text>""").Append('\n');
            x += 30;
        }
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Rows of a CSV (quotes understood), for turning a generated output into other formats.</summary>
    public static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Trim().Length == 0) continue;
            var cells = new List<string>();
            var cell = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else cell.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
                else if (c != '\r') cell.Append(c);
            }
            cells.Add(cell.ToString());
            rows.Add([.. cells]);
        }
        return rows;
    }
}
