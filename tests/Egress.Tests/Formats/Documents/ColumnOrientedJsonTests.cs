using System.Text;
using Egress.Formats.Documents;
using Xunit;

namespace Egress.Tests.Formats.Documents;

/// <summary>Column-oriented JSON read as rows, and data literals in a page's scripts handed on as JSON.</summary>
public class ColumnOrientedJsonTests
{
    private static IReadOnlyList<JsonColumnTable> Find(string json) => JsonColumnTables.Find(Encoding.UTF8.GetBytes(json), 256);

    [Fact]
    public void Equal_length_arrays_are_aligned_into_rows()
    {
        var table = Assert.Single(Find("""{"age":[54,61,47],"sbp":[120.5,131.0,118.25],"sex":["F","M","F"],"note":"x"}"""));
        Assert.Equal(["age", "sbp", "sex"], table.Header);
        Assert.Equal(["61", "131.0", "M"], table.Rows[1]);
        Assert.Equal("$", table.Path);
    }

    [Fact]
    public void Pandas_columns_keyed_by_row_are_read_with_the_row_key_first()
    {
        var table = Assert.Single(Find("""{"age":{"0":54,"1":61,"2":47},"bmi":{"0":27.1,"1":31.4,"2":22.9}}"""));
        Assert.Equal(["(key)", "age", "bmi"], table.Header);
        Assert.Equal(["2", "47", "22.9"], table.Rows[2]);
    }

    [Fact]
    public void Pandas_split_gets_its_header_back()
    {
        var table = Assert.Single(Find("""{"columns":["age","bmi"],"index":[0,1,2],"data":[[54,27.1],[61,31.4],[47,22.9]]}"""));
        Assert.Equal(["age", "bmi"], table.Header);
        Assert.Equal(3, table.Rows.Count);
    }

    [Fact]
    public void Plot_traces_and_series_are_columns_wherever_they_sit()
    {
        var tables = Find("""
            {"x":{"data":[{"type":"scatter","x":[1.5,2.5,3.5],"y":[10.1,11.2,12.3],"marker":{"size":[4,5,6],"color":"red"}},
                          {"type":"splom","dimensions":[{"label":"age","values":[54,61,47]},{"label":"bmi","values":[27.1,31.4,22.9]}]}],
                  "layout":{"xaxis":{"range":[0,10],"domain":[0,1]}}}}
            """);
        Assert.Contains(tables, t => t.Header.SequenceEqual(["x", "y", "marker.size"]) && t.Path == "$.x.data[0]");
        Assert.Contains(tables, t => t.Header.SequenceEqual(["age", "bmi"]) && t.Shape == "series");
        // An axis's range and domain are two short arrays, not data.
        Assert.DoesNotContain(tables, t => t.Header.Contains("range"));
    }

    [Fact]
    public void A_few_long_arrays_are_columns_written_one_after_another()
    {
        var a = string.Join(",", Enumerable.Range(0, 30).Select(i => 50 + i));
        var b = string.Join(",", Enumerable.Range(0, 30).Select(i => (20 + i * 0.37).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));
        var table = Assert.Single(Find($"{{\"m\":[[{a}],[{b}]]}}"));
        Assert.Equal(30, table.Rows.Count);
        Assert.Equal(2, table.Rows[0].Count);
    }

    [Fact]
    public void Damaged_json_gives_no_tables_and_no_error() => Assert.Empty(Find("""{"age":[54,61,"""));

    [Fact]
    public void Script_literals_become_json_when_they_are_data()
    {
        var script = """
            var config = {responsive: true};
            var data = {age: [54, 61, 47], sbp: ['120.5', "131.0", .5,], note: 'it\'s', missing: NaN}; // a comment
            Plotly.newPlot('plot', [{x: [1, 2, 3], y: [4, 5, 6], type: 'scatter'}], {title: 'A plot of things'});
            function f(a) { if (a) { return {value: a}; } return [a, b, c, d, e, f, g, h, i, j, k, l]; }
            """;
        var found = ScriptDataLiterals.Find(script).Select(Encoding.UTF8.GetString).ToList();
        Assert.Contains(found, j => j.Contains("\"age\"") && j.Contains("\"120.5\"") && j.Contains("0.5") && j.Contains("null"));
        Assert.Contains(found, j => j.Contains("\"scatter\""));
        // Code is not data: variables in a literal, blocks of statements.
        Assert.DoesNotContain(found, j => j.Contains("value") || j.Contains("\"a\""));
    }

    [Fact]
    public void Html_pages_hand_on_script_data_and_json_script_tags_as_tables()
    {
        var page = """
            <html><body><div id="p"></div>
            <script>var rows = {age: [54, 61, 47, 70], bmi: [27.1, 31.4, 22.9, 25.5]};</script>
            <script type="application/json">{"x":{"data":{"sbp":[120.5,131.0,118.25],"dbp":[80.5,85.0,79.75]}}}</script>
            </body></html>
            """;
        var parts = DocumentParts.Walk(Encoding.UTF8.GetBytes(page), "page.html");
        Assert.Contains(parts, p => p.Path.StartsWith("page.html#script1/data1", StringComparison.Ordinal) && p.Rows is { } rows && rows[0].SequenceEqual(["age", "bmi"]) && rows.Count == 5);
        Assert.Contains(parts, p => p.Path.StartsWith("page.html#script2", StringComparison.Ordinal) && p.Rows is { } rows && rows[0].SequenceEqual(["sbp", "dbp"]));
    }
}
