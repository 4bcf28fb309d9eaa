using System.Text;
using Egress.Checks.Tables;
using Egress.Tests.Support;

namespace Egress.Tests.Checks.Sdc;

/// <summary>The table formats researchers export an aggregate table in.</summary>
public enum TableFormat { Csv, Tsv, Xlsx, Html, Markdown, RConsole, Json }

/// <summary>
/// Writes one hand-built table (header and rows of cells) in each format, and says where a data cell
/// lies in the terms the report uses for that format (a worksheet's A1 cell, a line and column, a record).
/// </summary>
public static class TableFormats
{
    public static IEnumerable<object[]> All => Enum.GetValues<TableFormat>().Select(f => new object[] { f });

    public static string Extension(TableFormat format) => format switch
    {
        TableFormat.Csv => ".csv",
        TableFormat.Tsv => ".tsv",
        TableFormat.Xlsx => ".xlsx",
        TableFormat.Html => ".html",
        TableFormat.Markdown => ".md",
        TableFormat.Json => ".json",
        _ => ".txt",
    };

    public static string Write(TableFormat format, string path, string[] header, IReadOnlyList<string[]> rows)
    {
        switch (format)
        {
            case TableFormat.Csv:
                File.WriteAllText(path, Delimited(header, rows, ','));
                break;
            case TableFormat.Tsv:
                File.WriteAllText(path, Delimited(header, rows, '\t'));
                break;
            case TableFormat.Xlsx:
            {
                var writer = new XlsxWriter();
                var sheet = writer.AddSheet("Sheet1");
                sheet.Row(1, header);
                for (var r = 0; r < rows.Count; r++) sheet.Row(r + 2, rows[r]);
                File.WriteAllBytes(path, writer.ToBytes());
                break;
            }
            case TableFormat.Html:
                File.WriteAllText(path, DocumentWriters.HtmlPage("Results", DocumentWriters.HtmlTable(header, rows)));
                break;
            case TableFormat.Markdown:
                File.WriteAllText(path, DocumentWriters.PipeTable(header, rows));
                break;
            case TableFormat.Json:
                File.WriteAllText(path, DocumentWriters.JsonRecords(header, rows, indented: true));
                break;
            default:
                File.WriteAllText(path, RConsole.PrintDataFrame(header, rows));
                break;
        }
        return path;
    }

    private static string Delimited(string[] header, IReadOnlyList<string[]> rows, char delimiter)
    {
        var text = new StringBuilder();
        string Cell(string c) => c.Contains(delimiter) || c.Contains('"') ? "\"" + c.Replace("\"", "\"\"") + "\"" : c;
        text.Append(string.Join(delimiter, header.Select(Cell))).Append('\n');
        foreach (var row in rows) text.Append(string.Join(delimiter, row.Select(Cell))).Append('\n');
        return text.ToString();
    }

    /// <summary>Where data cell (row, column) of the table — both zero-based, as written — is reported.</summary>
    public static string Where(TableFormat format, string fileName, int row, int column, string[] header) => format switch
    {
        TableFormat.Csv or TableFormat.Tsv => $"line {row + 2}, column {column + 1} '{header[column]}'",
        TableFormat.Xlsx => $"{fileName}#Sheet1!{CellLocator.ColumnLetters(column)}{row + 2}",
        // pandas' to_html writes the index as a first column; rows are numbered from 1 under the header.
        TableFormat.Html => $"{fileName}#table1: row {row + 1}, column {column + 2} '{header[column]}'",
        // The pipe table's header is line 1 and its alignment line 2.
        TableFormat.Markdown => $"{fileName}#table1: line {row + 3}, column {column + 1} '{header[column]}'",
        TableFormat.Json => $"record {row}, column {column + 1} '{header[column]}'",
        _ => $"line {row + 2}, column {column + 2} '{RConsole.SyntacticName(header[column])}'",
    };
}
