using Egress.Core;
using Egress.Web.Html;
using Egress.Web.Pages;
using Xunit;

namespace Egress.Service.Tests.Web;

/// <summary>The HTML writer encodes every value and stays balanced; the file view finds flagged lines and cells in locations.</summary>
public sealed class HtmlWriterTests
{
    [Fact]
    public void Text_and_attribute_values_are_encoded()
    {
        var w = new HtmlWriter();
        w.Element("p", "<script>alert('x')</script> & \"q\"", ("title", "\" onmouseover=\"alert(1)"), ("data-x", "<b>"));
        var html = w.ToString();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("\" onmouseover", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.StartsWith("<p title=\"&quot; onmouseover=&quot;alert(1)\" data-x=\"&lt;b&gt;\">", html);
    }

    [Fact]
    public void Json_for_a_script_block_goes_in_raw_and_can_never_close_it()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new { name = "</script><script>alert(1)</script><!--" });
        Assert.DoesNotContain("<", json); // the default encoder writes \u003C
        var html = new HtmlWriter().JsonScript("data", json).ToString();
        Assert.Equal($"<script type=\"application/json\" id=\"data\">{json}</script>", html);
        Assert.Throws<ArgumentException>(() => new HtmlWriter().JsonScript("data", "{\"a\":\"</script>\"}"));
    }

    [Fact]
    public void Names_from_outside_the_code_are_refused_and_unclosed_elements_are_caught()
    {
        Assert.Throws<ArgumentException>(() => new HtmlWriter().Open("p onclick=x"));
        Assert.Throws<ArgumentException>(() => new HtmlWriter().Open("p", ("on click", "x")));
        var w = new HtmlWriter().Open("div");
        Assert.Throws<InvalidOperationException>(() => w.ToString());
        Assert.Equal("<div><br></div>", new HtmlWriter().Open("div").Void("br").Close().ToString());
    }

    [Fact]
    public void The_file_view_reads_lines_and_cells_from_finding_locations_but_not_from_inside_other_parts()
    {
        Finding F(string location) => new() { Rule = "r", Severity = Severity.Review, Location = location, Message = "m" };
        var flags = FileTableView.Flags.From([F("line 5, column 2 'participants'"), F("lines 8–10, 14"), F("out.zip/t.csv: line 3"), F("whole file")]);
        Assert.Equal([5, 8, 9, 10, 14], flags.Lines.Order());
        Assert.Equal([(5, 2)], flags.Cells);
    }

    [Fact]
    public void The_file_view_shows_the_header_and_the_flagged_lines_only()
    {
        var text = "centre,n\nLeeds,1412\nNewcastle,1187\nOxford,964\nStockport,3\n";
        var w = new HtmlWriter();
        FileTableView.Write(w, text, false, [new Finding { Rule = "sdc-minimum-cell-count", Severity = Severity.Review, Location = "line 5, column 2 'n'", Message = "m" }]);
        var html = w.ToString();
        Assert.Contains("id=\"line-1\"", html);
        Assert.Contains("<tr class=\"flagged\" id=\"line-5\">", html);
        Assert.DoesNotContain("Leeds", html);
        Assert.DoesNotContain("Newcastle", html);
    }
}
