using System.Globalization;
using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Encodings;

/// <summary>A participant slice written with other digits, invisible characters or local number formats is still blocked.</summary>
[Collection("indexed-cohort")]
public class UnicodeLeakTests(IndexedCohort cohort)
{
    private const int Rows = 100;

    private string WriteSlice(string name, Func<string, string> cell, char delimiter = ',')
    {
        var (header, rows) = cohort.Extract("A");
        var text = new StringBuilder(string.Join(delimiter, header[1..])).Append('\n');
        foreach (var row in rows.Take(Rows)) text.Append(string.Join(delimiter, row[1..].Select(cell))).Append('\n');
        var path = cohort.NewFile(name);
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    private static string Digits(string cell, char zero) => new(cell.Select(c => c is >= '0' and <= '9' ? (char)(zero + (c - '0')) : c).ToArray());

    /// <summary>A number with its integer part grouped by <paramref name="group"/> and <paramref name="point"/> as the decimal point.</summary>
    private static string Grouped(string cell, string group, string point)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || cell.Contains('e')) return cell;
        var negative = cell.StartsWith('-');
        var body = negative ? cell[1..] : cell;
        var dot = body.IndexOf('.');
        var integer = dot < 0 ? body : body[..dot];
        var grouped = new StringBuilder();
        for (var i = 0; i < integer.Length; i++)
        {
            if (i > 0 && (integer.Length - i) % 3 == 0) grouped.Append(group);
            grouped.Append(integer[i]);
        }
        return (negative ? "-" : "") + grouped + (dot < 0 ? "" : point + body[(dot + 1)..]);
    }

    private void AssertBlocked(string path)
    {
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Projects.Contains("A"));
        Assert.True(finding.Participants >= Rows * 9 / 10, $"{finding.Participants} participants: {finding.Message}");
    }

    [Fact]
    public void Full_width_digits_are_blocked() => AssertBlocked(WriteSlice("fullwidth.csv", c => Digits(c, '０').Replace('.', '．')));

    [Fact]
    public void Arabic_indic_digits_with_the_arabic_decimal_separator_are_blocked() =>
        AssertBlocked(WriteSlice("arabic.csv", c => Digits(c, '٠').Replace('.', '٫')));

    [Fact]
    public void Devanagari_digits_are_blocked() => AssertBlocked(WriteSlice("devanagari.csv", c => Digits(c, '०')));

    [Fact]
    public void Invisible_characters_inside_values_are_blocked() =>
        AssertBlocked(WriteSlice("invisible.csv", c => c.Length < 2 ? c : c[..1] + "\u200B" + c[1..^1] + "\u00AD\u200D" + c[^1..]));

    [Fact]
    public void Decimal_commas_in_a_semicolon_csv_are_blocked() => AssertBlocked(WriteSlice("comma.csv", c => c.Replace('.', ','), ';'));

    [Fact]
    public void Thousands_separators_with_a_decimal_point_are_blocked() => AssertBlocked(WriteSlice("thousands.csv", c => Grouped(c, ",", "."), ';'));

    [Theory]
    [InlineData(" ")]
    [InlineData("\u00A0")]
    [InlineData("\u202F")]
    [InlineData("\u2009")]
    public void Space_grouped_thousands_with_decimal_commas_are_blocked(string space) =>
        AssertBlocked(WriteSlice("french.csv", c => Grouped(c, space, ","), ';'));

    [Fact]
    public void Swiss_apostrophes_are_blocked() => AssertBlocked(WriteSlice("swiss.csv", c => Grouped(c, "'", "."), ';'));

    [Fact]
    public void Ids_written_with_thousands_separators_are_an_id_list()
    {
        var (_, rows) = cohort.Extract("A");
        var path = cohort.NewFile("ids.txt");
        File.WriteAllText(path, "Participants to follow up:\n" + string.Join("\n", rows.Take(60).Select(r => Grouped(r[0], "\u00A0", "."))) + "\n");
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantIdDetector.Rule && f.Projects.Contains("A"));
    }
}
