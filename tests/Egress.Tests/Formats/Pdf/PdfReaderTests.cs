using System.Text;
using Egress.Formats.Content;
using Egress.Tests.Formats.Pictures;
using Xunit;

namespace Egress.Tests.Formats.Pdf;

public class PdfReaderTests
{
    private static readonly string[] Lines = ["Table 1: Characteristics", "age 45.2 (sd 8.1)", "bmi 27.31 (sd 4.02)"];

    private static List<Part> Parts(byte[] pdf) => PictureParts.Of(pdf, "report.pdf");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Page_text_is_read_from_plain_and_flate_content(bool flate)
    {
        var pdf = new PdfBuilder();
        pdf.AddTextPage(Lines, flate);
        pdf.AddTextPage(["second page 3.14159"], flate);
        var parts = Parts(pdf.Build());
        Assert.Equal(string.Join("\n", Lines) + "\n", PictureParts.TextAt(parts, "report.pdf#page1"));
        Assert.Equal("second page 3.14159\n", PictureParts.TextAt(parts, "report.pdf#page2"));
        Assert.DoesNotContain(parts, PictureParts.Withheld);
    }

    [Fact]
    public void Escapes_and_hex_strings_are_decoded()
    {
        var pdf = new PdfBuilder();
        var font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        pdf.AddPage("BT /F1 10 Tf 50 700 Td (a\\(b\\)c \\061\\062) Tj 0 -12 Td <3435 2E36> Tj ET", $"/F1 {font} 0 R");
        var text = PictureParts.TextAt(Parts(pdf.Build()), "report.pdf#page1");
        Assert.Equal("a(b)c 12\n45.6\n", text);
    }

    [Fact]
    public void Cells_placed_on_one_baseline_make_one_line_in_order()
    {
        var pdf = new PdfBuilder();
        var font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        // Drawn right to left, and a TJ with a wide gap: the line still reads left to right with spaces.
        pdf.AddPage("BT /F1 10 Tf 1 0 0 1 300 700 Tm (0.05) Tj 1 0 0 1 200 700 Tm (1.23) Tj 1 0 0 1 50 700 Tm [(age)-3000(group)] TJ ET", $"/F1 {font} 0 R");
        var text = PictureParts.TextAt(Parts(pdf.Build()), "report.pdf#page1");
        Assert.Equal("age  group  1.23  0.05\n", text);
    }

    [Fact]
    public void A_composite_font_is_read_through_its_ToUnicode_map()
    {
        var pdf = new PdfBuilder();
        pdf.AddCompositeFontPage(Lines);
        var parts = Parts(pdf.Build());
        Assert.Equal(string.Join("\n", Lines) + "\n", PictureParts.TextAt(parts, "report.pdf#page1"));
        Assert.DoesNotContain(parts, PictureParts.Withheld);
    }

    [Fact]
    public void Text_in_a_font_without_a_unicode_map_is_not_inspectable()
    {
        var pdf = new PdfBuilder();
        pdf.AddCompositeFontPage(Enumerable.Range(0, 20).Select(i => $"row {i} value {i * 1.5}"), withToUnicode: false);
        var parts = Parts(pdf.Build());
        Assert.Contains(parts, p => p is OpaquePart o && o.Path == "report.pdf#page1" && o.Reason.Contains("no Unicode map"));
    }

    [Fact]
    public void Simple_fonts_with_glyph_name_differences_are_read()
    {
        var pdf = new PdfBuilder();
        var font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /CMR10 /Encoding << /Type /Encoding /Differences [1 /one /two /period /five /a /g /e] >> >>");
        pdf.AddPage("BT /F1 10 Tf 50 700 Td <0506070102030401> Tj ET", $"/F1 {font} 0 R");
        Assert.Equal("age12.51\n", PictureParts.TextAt(Parts(pdf.Build()), "report.pdf#page1"));
    }

    [Fact]
    public void An_attachment_is_read_as_a_file_of_its_own()
    {
        var pdf = new PdfBuilder();
        pdf.AddTextPage(Lines);
        pdf.Attach("data.csv", "id,value\n1,2\n"u8.ToArray());
        var parts = Parts(pdf.Build());
        Assert.Equal("id,value\n1,2\n", PictureParts.TextAt(parts, "report.pdf#attachment:data.csv"));
    }

    [Fact]
    public void Strings_outside_pages_are_scanned()
    {
        var pdf = new PdfBuilder();
        pdf.AddTextPage(Lines);
        var parts = Parts(pdf.Build(info: "/Title (Annual report) /Keywords (hidden 1,2,3)"));
        var strings = PictureParts.TextAt(parts, "report.pdf#strings");
        Assert.Contains("Annual report", strings);
        Assert.Contains("hidden 1,2,3", strings);
    }

    [Fact]
    public void An_encrypted_pdf_is_encrypted_content()
    {
        var pdf = new PdfBuilder();
        pdf.AddTextPage(Lines);
        var encrypt = pdf.Add("<< /Filter /Standard /V 2 /R 3 /Length 128 /P -1028 /O <00> /U <00> >>");
        var parts = Parts(pdf.Build(trailerExtra: $" /Encrypt {encrypt} 0 R"));
        Assert.Contains(parts, p => p is EncryptedPart { Format: "pdf" });
    }

    [Fact]
    public void Objects_inside_object_streams_are_read()
    {
        var pdf = new PdfBuilder();
        var font = pdf.Reserve();
        var content = pdf.AddStream("", "BT /F1 10 Tf 50 700 Td (inside an object stream 42.5) Tj ET"u8.ToArray(), flate: true);
        var page = pdf.Reserve();
        var objects = new[]
        {
            (font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            (page, $"<< /Type /Page /Parent 1 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"),
        };
        var header = new StringBuilder();
        var body = new StringBuilder();
        foreach (var (number, text) in objects)
        {
            header.Append($"{number} {body.Length} ");
            body.Append(text).Append('\n');
        }
        var first = header.Length;
        pdf.AddStream($"/Type /ObjStm /N {objects.Length} /First {first}", Encoding.ASCII.GetBytes(header.ToString() + body), flate: true);
        pdf.Set(font, "null");
        pdf.Set(page, "null");
        var built = Encoding.Latin1.GetString(pdf.Build());
        // The page must be in the page tree though it lives in the object stream.
        built = built.Replace("/Kids []", $"/Kids [{page} 0 R]").Replace("/Count 0", "/Count 1");
        // Top-level "null" placeholders must not hide the object stream's definitions: drop them.
        built = built.Replace($"\n{font} 0 obj\nnull\nendobj", "\n").Replace($"\n{page} 0 obj\nnull\nendobj", "\n");
        var parts = Parts(Encoding.Latin1.GetBytes(built));
        Assert.Equal("inside an object stream 42.5\n", PictureParts.TextAt(parts, "report.pdf#page1"));
    }

    [Fact]
    public void Chained_ascii_filters_and_predictors_are_decoded()
    {
        var pdf = new PdfBuilder();
        var font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var text = "BT /F1 10 Tf 50 700 Td (chained 7.25) Tj ET"u8.ToArray();
        // PNG "Up" predictor over rows of 10 bytes, then Flate, then ASCIIHex.
        var rows = new List<byte>();
        var previous = new byte[10];
        var padded = text.Concat(Enumerable.Repeat((byte)' ', (10 - text.Length % 10) % 10)).ToArray();
        for (var r = 0; r < padded.Length / 10; r++)
        {
            rows.Add(2);
            for (var i = 0; i < 10; i++) rows.Add((byte)(padded[r * 10 + i] - previous[i]));
            Array.Copy(padded, r * 10, previous, 0, 10);
        }
        var hex = Convert.ToHexString(PdfBuilder.Zlib([.. rows])) + ">";
        var contents = pdf.AddStream("/Filter [/ASCIIHexDecode /FlateDecode] /DecodeParms [null << /Predictor 12 /Columns 10 >>]", Encoding.ASCII.GetBytes(hex));
        var page = pdf.Add($"<< /Type /Page /Parent 1 0 R /Resources << /Font << /F1 {font} 0 R >> >> /Contents {contents} 0 R >>");
        var built = Encoding.Latin1.GetString(pdf.Build()).Replace("/Kids []", $"/Kids [{page} 0 R]");
        Assert.Equal("chained 7.25\n", PictureParts.TextAt(Parts(Encoding.Latin1.GetBytes(built)), "report.pdf#page1"));
    }

    [Fact]
    public void Ascii85_is_decoded()
    {
        var pdf = new PdfBuilder();
        var font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var a85 = Ascii85("BT /F1 10 Tf 50 700 Td (base85 text 99) Tj ET");
        var contents = pdf.AddStream("/Filter /ASCII85Decode", Encoding.ASCII.GetBytes(a85));
        var page = pdf.Add($"<< /Type /Page /Parent 1 0 R /Resources << /Font << /F1 {font} 0 R >> >> /Contents {contents} 0 R >>");
        var built = Encoding.Latin1.GetString(pdf.Build()).Replace("/Kids []", $"/Kids [{page} 0 R]");
        Assert.Equal("base85 text 99\n", PictureParts.TextAt(Parts(Encoding.Latin1.GetBytes(built)), "report.pdf#page1"));
    }

    [Fact]
    public void Lzw_is_decoded_across_code_width_changes()
    {
        var random = new Random(4);
        var words = string.Join(" ", Enumerable.Range(0, 1500).Select(_ => random.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var pdf = new PdfBuilder();
        var font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var contents = pdf.AddStream("/Filter /LZWDecode", Lzw(Encoding.ASCII.GetBytes($"BT /F1 10 Tf 50 700 Td ({words}) Tj ET")));
        var page = pdf.Add($"<< /Type /Page /Parent 1 0 R /Resources << /Font << /F1 {font} 0 R >> >> /Contents {contents} 0 R >>");
        var built = Encoding.Latin1.GetString(pdf.Build()).Replace("/Kids []", $"/Kids [{page} 0 R]");
        Assert.Equal(words + "\n", PictureParts.TextAt(Parts(Encoding.Latin1.GetBytes(built)), "report.pdf#page1"));
    }

    /// <summary>LZW as PDF writes it (early change): a clear code first, codes widening from 9 bits, end of data last.</summary>
    private static byte[] Lzw(byte[] data)
    {
        var table = new Dictionary<string, int>();
        for (var i = 0; i < 256; i++) table[((char)i).ToString()] = i;
        var output = new List<byte>();
        long bits = 0;
        var count = 0;
        var width = 9;
        var next = 258;
        void Emit(int code)
        {
            bits = (bits << width) | (uint)code;
            count += width;
            while (count >= 8)
            {
                output.Add((byte)(bits >> (count - 8)));
                count -= 8;
            }
        }
        Emit(256);
        var current = "";
        foreach (var b in data)
        {
            var extended = current + (char)b;
            if (table.ContainsKey(extended))
            {
                current = extended;
                continue;
            }
            Emit(table[current]);
            table[extended] = next++;
            if (next + 1 > 1 << width && width < 12) width++;
            current = ((char)b).ToString();
        }
        Emit(table[current]);
        // The reader adds an entry for that last code too, and may widen before the end code.
        next++;
        if (next + 1 > 1 << width && width < 12) width++;
        Emit(257);
        if (count > 0) output.Add((byte)(bits << (8 - count)));
        Assert.True(next < 4096, "test input must not fill the LZW table");
        return [.. output];
    }

    private static string Ascii85(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var output = new StringBuilder("<~");
        for (var i = 0; i < bytes.Length; i += 4)
        {
            var n = Math.Min(4, bytes.Length - i);
            uint value = 0;
            for (var k = 0; k < 4; k++) value = (value << 8) | (k < n ? bytes[i + k] : (byte)0);
            var digits = new char[5];
            for (var k = 4; k >= 0; k--)
            {
                digits[k] = (char)('!' + value % 85);
                value /= 85;
            }
            output.Append(digits, 0, n + 1);
        }
        return output.Append("~>").ToString();
    }

    [Fact]
    public void An_unsupported_filter_on_page_content_is_not_inspectable()
    {
        var pdf = new PdfBuilder();
        var contents = pdf.AddStream("/Filter /JBIG2Decode", new byte[] { 1, 2, 3, 4 });
        var page = pdf.Add($"<< /Type /Page /Parent 1 0 R /Contents {contents} 0 R >>");
        var built = Encoding.Latin1.GetString(pdf.Build()).Replace("/Kids []", $"/Kids [{page} 0 R]");
        var parts = Parts(Encoding.Latin1.GetBytes(built));
        Assert.Contains(parts, p => p is OpaquePart { Path: "report.pdf#page1" });
    }

    [Fact]
    public void A_form_xobject_drawn_on_a_page_adds_its_text_to_the_page()
    {
        var pdf = new PdfBuilder();
        var font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var form = pdf.AddStream($"/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /Font << /F1 {font} 0 R >> >>",
            "BT /F1 10 Tf 0 0 Td (in a form 8.5) Tj ET"u8.ToArray(), flate: true);
        pdf.AddPage("q 1 0 0 1 50 600 cm /Fm1 Do Q", $"/F1 {font} 0 R", extra: $"/Resources << /XObject << /Fm1 {form} 0 R >> >> ");
        var parts = Parts(pdf.Build());
        Assert.Equal("in a form 8.5\n", PictureParts.TextAt(parts, "report.pdf#page1"));
        Assert.DoesNotContain(parts, p => p.Path == $"report.pdf#obj{form}");
    }

    [Fact]
    public void Bytes_after_the_end_are_a_file_of_their_own()
    {
        var pdf = new PdfBuilder();
        pdf.AddTextPage(Lines);
        var parts = Parts(pdf.Build(trailing: "a,b,c\n1,2,3\n4,5,6\n"u8.ToArray()));
        Assert.Equal("a,b,c\n1,2,3\n4,5,6\n", PictureParts.TextAt(parts, "report.pdf#after-EOF"));
        var noise = new byte[200];
        new Random(1).NextBytes(noise);
        Assert.Contains(Parts(new PdfBuilder().Build(trailing: noise)), p => p is OpaquePart && p.Path.StartsWith("report.pdf#after-EOF", StringComparison.Ordinal));
    }

    [Fact]
    public void A_jpeg_image_is_read_as_a_picture_and_raw_pixels_are_checked()
    {
        var pdf = new PdfBuilder();
        var jpeg = pdf.AddStream("/Type /XObject /Subtype /Image /Width 24 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", JpegFile.Build());
        var raw = pdf.AddStream("/Type /XObject /Subtype /Image /Width 4 /Height 2 /ColorSpace /DeviceRGB /BitsPerComponent 8", new byte[24], flate: true);
        var padded = pdf.AddStream("/Type /XObject /Subtype /Image /Width 4 /Height 2 /ColorSpace /DeviceRGB /BitsPerComponent 8", new byte[24 + 500], flate: true);
        pdf.AddTextPage(Lines);
        var parts = Parts(pdf.Build());
        Assert.True(PictureParts.Image(parts, $"report.pdf#image{jpeg}").Clean, PictureParts.Describe(parts));
        Assert.True(PictureParts.Image(parts, $"report.pdf#image{raw}").Clean);
        Assert.False(PictureParts.Image(parts, $"report.pdf#image{padded}").Clean);
    }

    [Fact]
    public void Every_truncation_gets_a_verdict()
    {
        var pdf = new PdfBuilder();
        pdf.AddTextPage(Lines, flate: true);
        pdf.Attach("a.csv", "x\n1\n"u8.ToArray());
        var bytes = pdf.Build();
        for (var length = 5; length < bytes.Length - 7; length++)
        {
            var parts = Parts(bytes[..length]);
            Assert.True(parts.Any(PictureParts.Withheld), $"cut at {length}: {PictureParts.Describe(parts)}");
        }
    }

    [Fact]
    public void Corrupt_bytes_anywhere_never_crash()
    {
        var pdf = new PdfBuilder();
        pdf.AddTextPage(Lines, flate: true);
        pdf.AddCompositeFontPage(Lines);
        pdf.Attach("a.csv", "x\n1\n"u8.ToArray());
        var bytes = pdf.Build();
        var random = new Random(7);
        for (var i = 0; i < 1500; i++)
        {
            var copy = (byte[])bytes.Clone();
            for (var k = 0; k < 1 + i % 4; k++) copy[8 + random.Next(copy.Length - 8)] = (byte)random.Next(256);
            Assert.NotEmpty(Parts(copy));
        }
    }

    [Fact]
    public void A_predictor_claiming_enormous_rows_is_damage_not_an_allocation()
    {
        var pdf = new PdfBuilder();
        var contents = pdf.AddStream("/DecodeParms << /Predictor 12 /Columns 16777216 /Colors 32 /BitsPerComponent 16 >>", "BT ET"u8.ToArray(), flate: true);
        var page = pdf.Add($"<< /Type /Page /Parent 1 0 R /Contents {contents} 0 R >>");
        var built = Encoding.Latin1.GetString(pdf.Build()).Replace("/Kids []", $"/Kids [{page} 0 R]");
        Assert.Contains(Parts(Encoding.Latin1.GetBytes(built)), PictureParts.Withheld);
    }

    [Fact]
    public void Deep_nesting_is_bounded()
    {
        var pdf = new PdfBuilder();
        pdf.AddTextPage(Lines);
        pdf.Add(new string('[', 100_000) + new string(']', 100_000));
        var parts = Parts(pdf.Build());
        Assert.Contains(parts, p => p is Notice { Kind: NoticeKind.Corrupt });
    }
}
