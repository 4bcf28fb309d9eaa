using System.Text;
using Egress.Formats;
using Xunit;

namespace Egress.Tests.Formats;

public class LayoutAndRowsTests
{
    [Theory]
    [InlineData("a,b,c\n1,2,3\n4,5,6\n", LayoutKind.Delimited, ',', 3, true)]
    [InlineData("a\tb\n1\t2\n3\t4\n", LayoutKind.Delimited, '\t', 2, true)]
    [InlineData("x;y\n1,5;2,25\n3,5;4,75\n", LayoutKind.Delimited, ';', 2, true)]
    [InlineData("1,2,3\n4,5,6\n", LayoutKind.Delimited, ',', 3, false)]
    [InlineData("\"a, b\",c\n\"1,5\",2\n\"3\",4\n", LayoutKind.Delimited, ',', 2, true)]
    public void Delimited_tables_are_recognised(string text, LayoutKind kind, char delimiter, int columns, bool header)
    {
        var layout = LayoutSniffer.Sniff(Encoding.UTF8.GetBytes(text), isWholeFile: true);
        Assert.Equal(kind, layout.Kind);
        Assert.Equal((byte)delimiter, layout.Delimiter);
        Assert.Equal(columns, layout.Columns);
        Assert.Equal(header, layout.HasHeader);
    }

    [Fact]
    public void Console_tables_are_space_aligned()
    {
        const string text = "            Estimate Std.Error t.value\n(Intercept)   1.2345    0.0123  100.37\nage           0.0210    0.0011   19.09\nsex          -0.3300    0.0400   -8.25\n";
        Assert.Equal(LayoutKind.Whitespace, LayoutSniffer.Sniff(Encoding.UTF8.GetBytes(text), true).Kind);
    }

    [Fact]
    public void Prose_is_plain_text_and_nul_bytes_are_binary()
    {
        Assert.Equal(LayoutKind.PlainText, LayoutSniffer.Sniff("The model converged after 12 iterations.\nNo warnings.\n"u8, true).Kind);
        Assert.Equal(LayoutKind.Binary, LayoutSniffer.Sniff(new byte[] { 0x50, 0x4B, 3, 4, 0, 0, 1, 2 }, true).Kind);
    }

    [Fact]
    public void Quoted_cells_keep_delimiters_and_newlines()
    {
        var text = "\"a,1\",b\n\"line\nbreak\",c\r\nd,\"e\"\n"u8;
        var layout = new TextLayout(LayoutKind.Delimited, (byte)',', 2, false, true);
        var cursor = new RowCursor(text, layout);
        Span<Range> cells = stackalloc Range[8];
        var rows = new List<string[]>();
        while (cursor.Next(cells, out var n))
        {
            var row = new string[n];
            for (var i = 0; i < n; i++) row[i] = Encoding.UTF8.GetString(text[cells[i]]);
            rows.Add(row);
        }
        Assert.Equal(3, rows.Count);
        Assert.Equal(["a,1", "b"], rows[0]);
        Assert.Equal(["line\nbreak", "c"], rows[1]);
        Assert.Equal(["d", "e"], rows[2]);
    }

    [Fact]
    public void Plain_text_splits_lists_on_commas()
    {
        var text = "ids: 1234567,2345678; 3456789.\n"u8;
        var layout = new TextLayout(LayoutKind.PlainText, 0, 0, false, false);
        var cursor = new RowCursor(text, layout);
        Span<Range> cells = stackalloc Range[8];
        cursor.Next(cells, out var n);
        var tokens = new string[n];
        for (var i = 0; i < n; i++) tokens[i] = Encoding.UTF8.GetString(text[cells[i]]);
        Assert.Equal(["ids", "1234567", "2345678", "3456789"], tokens);
    }

    [Fact]
    public void Blocks_end_on_row_boundaries_outside_quotes()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 20_000; i++) sb.Append($"{i},\"multi\nline {i}\",x\n");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var reader = new BlockReader(new MemoryStream(bytes), quoteAware: true, blockBytes: 4096);
        var layout = new TextLayout(LayoutKind.Delimited, (byte)',', 3, false, true);
        var rows = 0;
        long total = 0;
        Span<Range> cells = stackalloc Range[8];
        while (reader.Next() is { } block)
        {
            using (block)
            {
                total += block.Length;
                var cursor = new RowCursor(block.Span, layout);
                while (cursor.Next(cells, out var n))
                {
                    Assert.Equal(3, n);
                    rows++;
                }
            }
        }
        Assert.Equal(bytes.Length, total);
        Assert.Equal(20_000, rows);
    }
}
