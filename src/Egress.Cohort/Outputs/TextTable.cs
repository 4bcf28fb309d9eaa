namespace Egress.Cohort.Outputs;

/// <summary>A rectangular table of already formatted cells, rendered by a <see cref="TableStyle"/>.</summary>
public sealed class TextTable
{
    public TextTable(params string[] columns)
    {
        Columns = columns;
        Numeric = new bool[columns.Length];
    }

    public string[] Columns { get; }

    /// <summary>Columns holding numbers: right-aligned, unquoted, decimal comma where the style uses one.</summary>
    public bool[] Numeric { get; }

    public List<string[]> Rows { get; } = new();

    /// <summary>Marks every column from <paramref name="from"/> on as numeric.</summary>
    public TextTable NumericFrom(int from)
    {
        for (int i = from; i < Columns.Length; i++) Numeric[i] = true;
        return this;
    }

    public void Add(params string[] cells)
    {
        if (cells.Length != Columns.Length) throw new ArgumentException($"row has {cells.Length} cells, table has {Columns.Length} columns");
        Rows.Add(cells);
    }
}

public enum TableLayout
{
    /// <summary>Comma-separated, quoting only where needed (readr::write_csv, pandas).</summary>
    Csv,
    /// <summary>Comma-separated, strings and header quoted (R's write.csv).</summary>
    CsvQuotedStrings,
    Tsv,
    /// <summary>Semicolon-separated with decimal points.</summary>
    Semicolon,
    /// <summary>Semicolon-separated with decimal commas (R's write.csv2, European Excel).</summary>
    SemicolonDecimalComma,
    /// <summary>Space-separated with quoted strings (R's write.table defaults).</summary>
    WriteTable,
    /// <summary>Console print of a data.frame: row numbers, right-aligned columns.</summary>
    DataFramePrint,
    /// <summary>Console print of a tibble: header with dimensions and column types.</summary>
    TibblePrint,
    /// <summary>Markdown pipe table (R Markdown / Quarto report).</summary>
    Markdown,
}

/// <summary>How a table is written to text: layout, header row, line endings.</summary>
public sealed record TableStyle(TableLayout Layout, bool Header = true, bool CrLf = false)
{
    private static readonly (TableLayout Layout, double Weight)[] Weights =
    [
        (TableLayout.Csv, 4), (TableLayout.CsvQuotedStrings, 3), (TableLayout.Tsv, 3), (TableLayout.Semicolon, 1),
        (TableLayout.SemicolonDecimalComma, 1.5), (TableLayout.WriteTable, 1), (TableLayout.DataFramePrint, 2.5),
        (TableLayout.TibblePrint, 1.5), (TableLayout.Markdown, 1),
    ];

    /// <summary>A realistic mix: mostly CSV/TSV with headers, some console prints, some headerless exports.</summary>
    public static TableStyle Pick(SeededRandom rng, bool allowHeaderless = true)
    {
        var layout = Weights[rng.PickWeighted(Weights.Select(w => w.Weight).ToArray())].Layout;
        bool delimited = IsDelimited(layout);
        bool header = !(allowHeaderless && delimited && rng.Chance(0.1));
        bool crlf = delimited && rng.Chance(0.15);
        return new TableStyle(layout, header, crlf);
    }

    public static bool IsDelimited(TableLayout layout) =>
        layout is TableLayout.Csv or TableLayout.CsvQuotedStrings or TableLayout.Tsv or TableLayout.Semicolon
            or TableLayout.SemicolonDecimalComma or TableLayout.WriteTable;

    public string Extension => Layout switch
    {
        TableLayout.Csv or TableLayout.CsvQuotedStrings or TableLayout.Semicolon or TableLayout.SemicolonDecimalComma => ".csv",
        TableLayout.Tsv => ".tsv",
        TableLayout.Markdown => ".md",
        _ => ".txt",
    };

    public string Describe()
    {
        string layout = Layout switch
        {
            TableLayout.Csv => "CSV",
            TableLayout.CsvQuotedStrings => "CSV with quoted strings",
            TableLayout.Tsv => "tab-separated",
            TableLayout.Semicolon => "semicolon-separated",
            TableLayout.SemicolonDecimalComma => "semicolon-separated with decimal commas",
            TableLayout.WriteTable => "space-separated (write.table)",
            TableLayout.DataFramePrint => "console print of a data frame",
            TableLayout.TibblePrint => "console print of a tibble",
            TableLayout.Markdown => "Markdown table",
            _ => Layout.ToString(),
        };
        return Header ? layout : layout + ", no header";
    }

    public string Render(TextTable table) => Layout switch
    {
        TableLayout.Csv => Delimited(table, ',', quoteStrings: false, decimalComma: false),
        TableLayout.CsvQuotedStrings => Delimited(table, ',', quoteStrings: true, decimalComma: false),
        TableLayout.Tsv => Delimited(table, '\t', quoteStrings: false, decimalComma: false),
        TableLayout.Semicolon => Delimited(table, ';', quoteStrings: false, decimalComma: false),
        TableLayout.SemicolonDecimalComma => Delimited(table, ';', quoteStrings: false, decimalComma: true),
        TableLayout.WriteTable => Delimited(table, ' ', quoteStrings: true, decimalComma: false),
        TableLayout.DataFramePrint => DataFrame(table),
        TableLayout.TibblePrint => Tibble(table),
        TableLayout.Markdown => Markdown(table),
        _ => throw new InvalidOperationException(),
    };

    private string NewLine => CrLf ? "\r\n" : "\n";

    private string Delimited(TextTable table, char delimiter, bool quoteStrings, bool decimalComma)
    {
        var sb = new System.Text.StringBuilder();
        string Cell(string value, bool numeric, bool isHeader)
        {
            if (numeric && !isHeader)
            {
                if (decimalComma) value = value.Replace('.', ',');
                if (!value.Contains(delimiter)) return value;
            }
            bool quote = (quoteStrings && (isHeader || !numeric)) || value.Contains(delimiter) || value.Contains('"');
            return quote ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
        }
        if (Header)
            sb.Append(string.Join(delimiter, table.Columns.Select(c => Cell(c, false, true)))).Append(NewLine);
        foreach (var row in table.Rows)
            sb.Append(string.Join(delimiter, row.Select((c, i) => Cell(c, table.Numeric[i], false)))).Append(NewLine);
        return sb.ToString();
    }

    private static string DataFrame(TextTable table)
    {
        int n = table.Rows.Count;
        var rowNames = Enumerable.Range(1, n).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        int rowNameWidth = rowNames.Select(r => r.Length).DefaultIfEmpty(0).Max();
        var widths = ColumnWidths(table);
        var sb = new System.Text.StringBuilder();
        sb.Append(new string(' ', rowNameWidth));
        for (int c = 0; c < table.Columns.Length; c++) sb.Append(' ').Append(table.Columns[c].PadLeft(widths[c]));
        sb.Append('\n');
        for (int r = 0; r < n; r++)
        {
            sb.Append(rowNames[r].PadRight(rowNameWidth));
            for (int c = 0; c < table.Columns.Length; c++) sb.Append(' ').Append(table.Rows[r][c].PadLeft(widths[c]));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Tibble(TextTable table)
    {
        int n = table.Rows.Count;
        var types = table.Columns.Select((_, c) => ColumnType(table, c)).ToArray();
        var widths = ColumnWidths(table).Select((w, c) => Math.Max(w, types[c].Length)).ToArray();
        int rowNameWidth = n.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        string Pad(string s, int c) => table.Numeric[c] ? s.PadLeft(widths[c]) : s.PadRight(widths[c]);
        var sb = new System.Text.StringBuilder();
        sb.Append($"# A tibble: {n} \u00d7 {table.Columns.Length}\n");
        sb.Append(new string(' ', rowNameWidth));
        for (int c = 0; c < table.Columns.Length; c++) sb.Append(' ').Append(Pad(table.Columns[c], c));
        sb.Append('\n').Append(new string(' ', rowNameWidth));
        for (int c = 0; c < table.Columns.Length; c++) sb.Append(' ').Append(Pad(types[c], c));
        sb.Append('\n');
        for (int r = 0; r < n; r++)
        {
            sb.Append((r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(rowNameWidth));
            for (int c = 0; c < table.Columns.Length; c++) sb.Append(' ').Append(Pad(table.Rows[r][c], c));
            sb.Append('\n');
        }
        return string.Join('\n', sb.ToString().Split('\n').Select(l => l.TrimEnd()));
    }

    private static string ColumnType(TextTable table, int c)
    {
        if (!table.Numeric[c]) return "<chr>";
        bool integers = table.Rows.All(r => long.TryParse(r[c], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long _));
        return integers ? "<int>" : "<dbl>";
    }

    private static string Markdown(TextTable table)
    {
        var widths = ColumnWidths(table).Select(w => Math.Max(w, 3)).ToArray();
        string Pad(string s, int c) => table.Numeric[c] ? s.PadLeft(widths[c]) : s.PadRight(widths[c]);
        var sb = new System.Text.StringBuilder();
        sb.Append("| ").Append(string.Join(" | ", table.Columns.Select((h, c) => Pad(h, c)))).Append(" |\n");
        sb.Append('|').Append(string.Join('|', widths.Select((w, c) => table.Numeric[c] ? new string('-', w + 1) + ":" : ":" + new string('-', w + 1)))).Append("|\n");
        foreach (var row in table.Rows)
            sb.Append("| ").Append(string.Join(" | ", row.Select((v, c) => Pad(v, c)))).Append(" |\n");
        return sb.ToString();
    }

    private static int[] ColumnWidths(TextTable table) =>
        table.Columns.Select((h, c) => Math.Max(h.Length, table.Rows.Select(r => r[c].Length).DefaultIfEmpty(0).Max())).ToArray();
}
