using System.Text;
using System.Text.Json;
using Egress.Formats.Content;
using Xunit;

namespace Egress.Tests.Formats.Documents;

public class NotebookReaderTests
{
    /// <summary>A notebook as Jupyter writes it (cells first, sorted keys, sources as lists of lines).</summary>
    public static string Notebook(params object[] cells) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["cells"] = cells,
        ["metadata"] = new { kernelspec = new { name = "python3", display_name = "Python 3" } },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    }, new JsonSerializerOptions { WriteIndented = true });

    public static object Code(string source, params object[] outputs) => new Dictionary<string, object>
    {
        ["cell_type"] = "code", ["execution_count"] = 1, ["metadata"] = new { }, ["outputs"] = outputs,
        ["source"] = SourceLines(source),
    };

    /// <summary>Source as Jupyter stores it: lines, each but the last with its line break.</summary>
    public static string[] SourceLines(string source)
    {
        var lines = source.Split('\n');
        return lines.Select((l, i) => i < lines.Length - 1 ? l + "\n" : l).ToArray();
    }

    public static object Markdown(string source) => new Dictionary<string, object> { ["cell_type"] = "markdown", ["metadata"] = new { }, ["source"] = source };

    public static object Stream(string text) => new { name = "stdout", output_type = "stream", text = text.Split('\n').Select(l => l + "\n").ToArray() };

    public static object Result(Dictionary<string, object> data, object? metadata = null) => new { data, execution_count = 1, metadata = metadata ?? new { }, output_type = "execute_result" };

    [Fact]
    public void Every_cell_and_output_is_read_by_what_it_is()
    {
        var png = Convert.ToBase64String(Encoding.UTF8.GetBytes("not really a png 1234567"));
        var nb = Notebook(
            Markdown("# Analysis\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
            Code("df.head()",
                Stream("x y\n1 2\n3 4"),
                Result(new Dictionary<string, object>
                {
                    ["text/plain"] = new[] { "   age\n", "0  57\n" },
                    ["text/html"] = "<html><body><table><tr><th>age</th></tr><tr><td>57</td></tr></table></body></html>",
                })),
            Code("plot()", new { data = new Dictionary<string, object> { ["image/png"] = png }, metadata = new { hidden = new[] { 1.5, 2.5 } }, output_type = "display_data" }),
            Code("json", Result(new Dictionary<string, object> { ["application/json"] = new { rows = new[] { new { a = 1 }, new { a = 2 } } } })));
        var parts = DocumentParts.Walk(Encoding.UTF8.GetBytes(nb), "report.ipynb");
        Assert.Equal(["a", "b"], parts.Single("report.ipynb#cell0#table1").Rows![0]);
        Assert.Contains("df.head()", parts.Single("report.ipynb#cell1").Text);
        Assert.Contains("3 4", parts.Single("report.ipynb#cell1/output0").Text);
        Assert.Contains("0  57", parts.Single("report.ipynb#cell1/output1/text/plain").Text);
        Assert.Equal(["age"], parts.Single("report.ipynb#cell1/output1/text/html#table1").Rows![0]);
        Assert.Contains("1234567", parts.Single("report.ipynb#cell2/output0").Text);
        Assert.Contains("1.5", parts.Single("report.ipynb#cell2/output0/metadata#text").Text);
        Assert.Equal(["a"], parts.Single("report.ipynb#cell3/output0#$.rows").Rows![0]);
        Assert.Contains(parts, p => p.Path == "report.ipynb#metadata#text");
    }

    [Fact]
    public void A_truncated_notebook_is_damaged()
    {
        var nb = Notebook(Code("x = 1", Stream("1 2 3")));
        var parts = DocumentParts.Walk(Encoding.UTF8.GetBytes(nb[..(nb.Length / 2)]), "t.ipynb");
        Assert.Contains(parts, p => p.Part is Notice { Kind: NoticeKind.Corrupt });
    }

    [Fact]
    public void Json_with_cells_but_no_notebook_shape_is_read_as_json()
    {
        var parts = DocumentParts.Walk(Encoding.UTF8.GetBytes("""{"cells": 3, "cell_type": "x", "rows": [{"a": 1}, {"a": 2}]}"""), "x.json");
        Assert.Equal(["a"], parts.Single("x.json#$.rows").Rows![0]);
    }
}
