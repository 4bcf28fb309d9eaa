using System.Text;
using Egress.Formats.Content;
using Xunit;

namespace Egress.Tests.Formats.Documents;

public class JsonReaderTests
{
    private static List<SeenPart> Walk(string json, string path = "data.json", UnpackLimits? limits = null) =>
        DocumentParts.Walk(Encoding.UTF8.GetBytes(json), path, limits);

    [Fact]
    public void An_array_of_records_is_a_table_with_the_union_of_keys_and_numbers_as_written()
    {
        var parts = Walk("""
            {"title": "Study 7", "results": [
              {"age": 57, "bmi": 27.50, "blood": {"hdl": 1.2340}},
              {"age": 61, "bmi": 1.0e-3, "sex": "F"}
            ]}
            """);
        var table = parts.Single("data.json#$.results");
        Assert.Equal(["age", "bmi", "blood.hdl", "sex"], table.Rows![0]);
        Assert.Equal(["57", "27.50", "1.2340", ""], table.Rows[1]);
        Assert.Equal(["61", "1.0e-3", "", "F"], table.Rows[2]);
        Assert.Equal("record", ((TablePart)table.Part).RowNoun);
        var text = parts.Single("data.json#text").Text!;
        Assert.Contains("title: Study 7", text);
        Assert.DoesNotContain("27.50", text);
    }

    [Fact]
    public void Ndjson_lines_are_one_table_numbered_by_line()
    {
        var parts = Walk("{\"a\": 1, \"b\": 2}\n{\"a\": 3, \"c\": 4}\n{\"b\": 5}\n", "data.ndjson");
        var table = parts.Single("data.ndjson#$");
        Assert.Equal(["a", "b", "c"], table.Rows![0]);
        Assert.Equal(["3", "", "4"], table.Rows[2]);
        Assert.Equal("line", ((TablePart)table.Part).RowNoun);
        Assert.DoesNotContain(parts, p => p.Path == "data.ndjson#text");
    }

    [Fact]
    public void R_printed_vectors_are_not_taken_for_json()
    {
        var parts = Walk("[1] 0.5 0.25 0.125\n[4] 1.5 2.5 3.5\n", "out.txt");
        Assert.IsType<TextPart>(Assert.Single(parts).Part);
    }

    [Fact]
    public void Objects_of_records_as_pandas_writes_them_are_tables_keyed_by_name()
    {
        var index = Walk("""{"1000017": {"age": 57, "bmi": 27.5}, "1000025": {"age": 61, "bmi": 30.1}}""");
        var rows = index.Single("data.json#$").Rows!;
        Assert.Equal(["(key)", "age", "bmi"], rows[0]);
        Assert.Equal(["1000025", "61", "30.1"], rows[2]);

        var columns = Walk("""{"age": {"0": 57, "1": 61}, "bmi": {"0": 27.5, "1": 30.1}}""");
        var byColumn = columns.Single("data.json#$").Rows!;
        Assert.Equal(["(key)", "0", "1"], byColumn[0]);
        Assert.Equal(["bmi", "27.5", "30.1"], byColumn[2]);
    }

    [Fact]
    public void Arrays_of_arrays_are_tables_and_arrays_in_records_are_walked_as_text()
    {
        var parts = Walk("""{"columns": ["a", "b"], "data": [[1, 2.50], [3, 4]], "rows": [{"id": 1, "tags": [11, 12]}, {"id": 2}]}""");
        Assert.Equal(["[0]", "[1]"], parts.Single("data.json#$.data").Rows![0]);
        Assert.Equal(["1", "2.50"], parts.Single("data.json#$.data").Rows![1]);
        Assert.Equal(["id"], parts.Single("data.json#$.rows").Rows![0]);
        var text = parts.Single("data.json#text").Text!;
        Assert.Contains("11", text);
        Assert.Contains("a\n", text);
    }

    [Fact]
    public void A_long_string_is_handed_on_as_a_file()
    {
        var csv = string.Concat(Enumerable.Range(0, 50).Select(i => $"{1000000 + i},{i * 1.5}\\n"));
        var parts = Walk($$"""{"note": "short", "csv": "eid,value\n{{csv}}"}""");
        var inner = parts.Single("data.json#$.csv");
        Assert.Contains("1000049,73.5", inner.Text);
        Assert.DoesNotContain("1000049", parts.Single("data.json#text").Text);
    }

    [Fact]
    public void Deep_nesting_reaches_the_limit_without_overflowing_the_stack()
    {
        var parts = Walk(new string('[', 100_000) + "1" + new string(']', 100_000));
        var notice = Assert.IsType<Notice>(Assert.Single(parts).Part);
        Assert.Equal(NoticeKind.LimitReached, notice.Kind);
    }

    [Theory]
    [InlineData("""{"results": [{"age": 57, "bmi": 27.5}, {"age": 61, "bmi": """)]
    [InlineData("""[{"a": 1}, {"a": 2}, {"a": 3}, {"a": 4}, {"a": 5}, {"a": 6} oops {"a": 7}]""")]
    public void Truncated_or_damaged_json_ends_in_a_corrupt_notice(string json)
    {
        var parts = Walk(json);
        Assert.Contains(parts, p => p.Part is Notice { Kind: NoticeKind.Corrupt });
    }

    [Fact]
    public void One_huge_string_reaches_the_token_limit_in_bounded_memory()
    {
        var source = new GeneratedSource(1L << 30, "[\"", 'a');
        var parts = DocumentParts.Walk(source, "big.json", new UnpackLimits { MaxInMemoryBytes = 64L << 20 });
        Assert.Contains(parts, p => p.Part is Notice { Kind: NoticeKind.LimitReached });
    }

    [Fact]
    public void A_long_single_line_of_numbers_is_streamed()
    {
        // 200 MB on one line: read in passes of a small buffer, its values rendered as streamed text.
        var source = new GeneratedSource(200L << 20, "[", "1234.5678,"u8.ToArray(), "0]");
        var parts = ContentReaders.Unpacker().Walk(source, "line.json", DocumentParts.Context(new UnpackLimits { MaxInMemoryBytes = 16L << 20 })).ToList();
        var text = Assert.IsType<TextPart>(Assert.Single(parts));
        Assert.Equal("line.json#text", text.Path);
        using var stream = text.Source.Open();
        var buffer = new byte[1 << 20];
        var first = Encoding.UTF8.GetString(buffer, 0, stream.ReadAtLeast(buffer, 20));
        Assert.StartsWith("1234.5678\n1234.5678\n", first);
        long total = first.Length;
        int n;
        while ((n = stream.Read(buffer)) > 0) total += n;
        Assert.True(total > 150L << 20, $"{total:N0} bytes of text");
    }

    /// <summary>A large content made on the fly: a prefix, a repeated unit, a suffix (never held whole).</summary>
    private sealed class GeneratedSource(long length, string prefix, byte[] unit, string suffix = "") : ContentSource
    {
        public GeneratedSource(long length, string prefix, char fill) : this(length, prefix, [(byte)fill]) { }

        public override long? Length => length;

        public override Stream Open() => new Generated(length, Encoding.UTF8.GetBytes(prefix), unit, Encoding.UTF8.GetBytes(suffix));

        private sealed class Generated(long length, byte[] prefix, byte[] unit, byte[] suffix) : Stream
        {
            private long _position;

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = (int)Math.Min(count, length - _position);
                for (var i = 0; i < n; i++, _position++)
                {
                    var fromEnd = length - _position;
                    buffer[offset + i] = _position < prefix.Length ? prefix[_position]
                        : fromEnd <= suffix.Length ? suffix[suffix.Length - fromEnd]
                        : unit[(_position - prefix.Length) % unit.Length];
                }
                return n;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => length;
            public override long Position { get => _position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
