namespace Egress.Formats;

public enum LayoutKind
{
    /// <summary>Rows of cells split by one delimiter byte (CSV, TSV, semicolon, pipe).</summary>
    Delimited,
    /// <summary>Rows of cells split by runs of spaces (console tables, fixed-width text).</summary>
    Whitespace,
    /// <summary>Free text: lines of tokens.</summary>
    PlainText,
    /// <summary>Not text: cannot be read as rows.</summary>
    Binary,
}

/// <summary>How a text file is laid out, found from a sample of its content.</summary>
public sealed record TextLayout(LayoutKind Kind, byte Delimiter, int Columns, bool HasHeader, bool HasQuotes)
{
    public string Describe() => Kind switch
    {
        LayoutKind.Delimited => $"delimited text ('{DelimiterName(Delimiter)}', {Columns} columns{(HasHeader ? ", header" : ", no header")})",
        LayoutKind.Whitespace => $"space-aligned table ({Columns} columns{(HasHeader ? ", header" : "")})",
        LayoutKind.PlainText => "plain text",
        _ => "binary",
    };

    private static string DelimiterName(byte d) => d switch
    {
        (byte)'\t' => "\\t",
        _ => ((char)d).ToString(),
    };
}
