using System.Text;
using Egress.Formats.Content;
using Xunit;

namespace Egress.Tests.Formats.Documents;

public class MarkupReaderTests
{
    private static List<SeenPart> Walk(string content, string path) => DocumentParts.Walk(Encoding.UTF8.GetBytes(content), path);

    private const string Page = """
        <!DOCTYPE html>
        <html><head><title>Report 42</title><style>td { color: red; }</style></head>
        <body>
        <h1>Results</h1><p>Mean age was <b>57.2</b> years.</p>
        <table><tr><th>group</th><th>n</th></tr><tr><td>A</td><td>120</td></tr><tr><td colspan="2">note &amp; more</td></tr></table>
        <table><tr><td>x</td><td><table><tr><td>inner 1</td></tr></table></td></tr></table>
        <img alt="figure 7" src="data:text/plain;base64,aGlkZGVuIDEyMzQ1Njc=">
        <div data-values="1.5 2.5" title="tooltip"></div>
        <!-- comment 7654321 -->
        <script>var data = {"x": [57.2,61.0], "label": 'F'};</script>
        <script type="application/json">{"rows": [{"a": 1}, {"a": 2}]}</script>
        <svg width="100" height="100"><circle cx="12.5" cy="40.25" r="3" class="dot"/><text>Age</text></svg>
        <pre>  x    y
          1    2</pre>
        </body></html>
        """;

    [Fact]
    public void Html_tables_text_scripts_figures_and_data_uris_are_all_read()
    {
        var parts = Walk(Page, "report.html");
        var first = parts.Single("report.html#table1");
        Assert.Equal(["group", "n"], first.Rows![0]);
        Assert.Equal(["A", "120"], first.Rows[1]);
        Assert.Equal(["note & more", ""], first.Rows[2]);
        Assert.Equal(0, ((TablePart)first.Part).FirstRowNumber);
        Assert.Equal(["inner 1"], parts.Single("report.html#table3").Rows![0]);
        Assert.Equal(["x", ""], parts.Single("report.html#table2").Rows![0]);

        var text = parts.Single("report.html#text").Text!;
        Assert.Contains("Mean age was 57.2 years.", text);
        Assert.Contains("Report 42", text);
        Assert.Contains("figure 7", text);
        Assert.Contains("1.5 2.5", text);
        Assert.Contains("tooltip", text);
        Assert.Contains("comment 7654321", text);
        Assert.Contains("  x    y\n", text);
        Assert.DoesNotContain("color", text);
        Assert.DoesNotContain("120", text);

        Assert.Contains("hidden 1234567", parts.Single("report.html#data1").Text);
        var script = parts.Single("report.html#script1").Text!;
        Assert.Contains("57.2 61.0", script);
        Assert.Equal(["a"], parts.Single("report.html#script2#$.rows").Rows![0]);
        var figure = parts.Single("report.html#svg1").Text!;
        Assert.Contains("12.5 40.25 3", figure);
        Assert.Contains("Age", figure);
    }

    [Theory]
    [InlineData("<html><body><table><tr><td>1</td><td>2")]
    [InlineData("<html><body><p>text <b attr=\"unclosed")]
    [InlineData("<html><body><!-- never closed")]
    [InlineData("<html>< / <<< >>> <a <b <c></d></e>")]
    public void Truncated_or_malformed_html_is_read_as_far_as_it_goes_and_reported(string html)
    {
        var parts = Walk(html, "bad.html");
        Assert.Contains(parts, p => p.Part is Notice { Kind: NoticeKind.Corrupt } && p.Path == "bad.html");
        Assert.Contains(parts, p => p.Part is TablePart or TextPart);
    }

    [Fact]
    public void A_truncated_svg_is_reported()
    {
        var parts = Walk("<svg xmlns=\"http://www.w3.org/2000/svg\"><circle cx=\"1.5\" cy=\"2", "cut.svg");
        Assert.Contains(parts, p => p.Part is Notice { Kind: NoticeKind.Corrupt });
    }

    [Fact]
    public void Deeply_nested_html_costs_no_stack()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div><span>", 200_000)) + "deep 42" + "</body></html>";
        var parts = Walk(html, "deep.html");
        Assert.Contains("deep 42", parts.Single("deep.html#text").Text);
    }

    [Fact]
    public void Svg_text_coordinates_and_path_numbers_are_text()
    {
        var svg = """
            <?xml version="1.0" encoding="utf-8" standalone="no"?>
            <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="460pt" height="345pt" viewBox="0 0 460 345">
             <!-- Age (years) -->
             <g id="line2d_1"><path d="M57.6,307.584L414.72-1.5e1 20.5.5" style="fill:none;stroke:#1f77b4"/></g>
             <polyline points="1,2 3,4"/>
             <circle cx="123.25" cy="45.5" r="3" data-eid="1000017"><title>participant point</title></circle>
             <image xlink:href="data:text/plain;base64,aGlkZGVu"/>
             <text x="10" y="20">BMI &amp; age</text>
            </svg>
            """;
        var parts = Walk(svg, "fig.svg");
        var text = parts.Single("fig.svg#text").Text!;
        Assert.Contains("57.6 307.584 414.72 -1.5e1 20.5 .5", text);
        Assert.Contains("1 2 3 4", text);
        Assert.Contains("123.25 45.5 3 1000017", text);
        Assert.Contains("participant point", text);
        Assert.Contains("Age (years)", text);
        Assert.Contains("BMI & age", text);
        Assert.DoesNotContain("1f77b4", text);
        Assert.Equal("hidden", parts.Single("fig.svg#image1").Text!.Trim());
    }

    [Fact]
    public void Markdown_pipe_tables_are_tables_numbered_by_file_line()
    {
        var md = "# Results\n\nSome text 42.\n\n| group | n |\n|:------|--:|\n| A | 120 |\n| B \\| C | 130 |\n\nAfter.\n";
        var parts = Walk(md, "notes.md");
        var table = parts.Single("notes.md#table1");
        Assert.Equal(["group", "n"], table.Rows![0]);
        Assert.Equal(["B | C", "130"], table.Rows[2]);
        Assert.Equal(6, ((TablePart)table.Part).FirstRowNumber);
        var text = parts.Single("notes.md#text").Text!;
        Assert.Equal("After.", text.Split('\n')[9]);
        Assert.DoesNotContain("120", text);
    }

    [Fact]
    public void Markdown_without_a_pipe_table_is_plain_text()
    {
        var parts = Walk("# Title\n\nA | B is not a table.\n", "notes.md");
        Assert.Equal("notes.md", Assert.Single(parts).Path);
    }
}
