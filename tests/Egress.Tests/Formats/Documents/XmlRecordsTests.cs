using System.Formats.Tar;
using System.IO.Compression;
using System.Security;
using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Formats.Content;
using Egress.Tests.Checks.Disguise.Adversary;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Documents;

/// <summary>
/// Generic XML: repeated elements are records (element or attribute form, whatever the line breaks), and every string a
/// structure holds is text to check — an archive's entry names included.
/// </summary>
[Collection("indexed-cohort")]
public class XmlRecordsTests(IndexedCohort cohort)
{
    [Theory]
    [InlineData("elements")]
    [InlineData("attributes")]
    [InlineData("elements, one line")]
    public void Repeated_elements_are_table_rows(string form)
    {
        var rows = new[] { new[] { "1.5", "a" }, ["2.5", "b"], ["3.5", "c"], ["4.5", "d"] };
        var xml = XmlRecords.Write(["sbp", "group"], rows, form, newline: !form.EndsWith("one line"));
        var parts = DocumentParts.Walk(Encoding.UTF8.GetBytes(xml), "data.xml");
        var table = Assert.Single(parts, p => p.Part is TablePart);
        Assert.Equal("data.xml#data/row", table.Path);
        Assert.Equal(["sbp", "group"], table.Rows![0]);
        Assert.Equal(rows, table.Rows.Skip(1));
        Assert.Contains(parts, p => p.Part is TextPart && p.Path == "data.xml");
    }

    [Fact]
    public void One_element_of_a_document_is_not_a_table_and_leaf_attributes_are_fields()
    {
        var xml = "<?xml version=\"1.0\"?><config><name>x</name><size>3</size><rows>" +
                  "<row><w unit=\"kg\">71.2</w><h>1.80</h></row><row><w unit=\"kg\">65.0</w><h>1.70</h></row><row><w unit=\"lb\">150</w><h>1.75</h></row></rows></config>";
        var tables = DocumentParts.Walk(Encoding.UTF8.GetBytes(xml), "c.xml").Where(p => p.Part is TablePart).ToList();
        var table = Assert.Single(tables);
        Assert.Equal("c.xml#config/rows/row", table.Path);
        Assert.Equal(["w", "w@unit", "h"], table.Rows![0]);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><a><b>1</b><b>2</b>")]
    [InlineData("<a><r x=\"1\" y=\"2\"/><r x=\"3\" y=\"4\"/><r x=\"5\" y=\"6\"/><r x=\"7\" <<<")]
    [InlineData("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>")]
    public void Malformed_xml_ends_the_records_without_an_exception(string xml)
    {
        var parts = DocumentParts.Walk(Encoding.UTF8.GetBytes(xml), "bad.xml");
        Assert.Contains(parts, p => p.Part is TextPart);
    }

    [Theory]
    [InlineData("elements")]
    [InlineData("attributes")]
    [InlineData("elements, one line")]
    public void Records_without_ids_in_xml_are_found(string form)
    {
        var (header, rows) = cohort.Extract("A");
        var slice = rows.Skip(500).Take(60).Select(r => r[1..]).ToList();
        var path = cohort.NewFile("export.xml");
        File.WriteAllText(path, XmlRecords.Write(header[1..].Select(XmlRecords.Tag).ToArray(), slice, form, newline: !form.EndsWith("one line")));
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.True(report.Participants >= 55, $"{report.Participants} of 60 found");
    }

    [Theory]
    [InlineData("zip of files")]
    [InlineData("zip of folders")]
    [InlineData("tar")]
    public void Ids_as_archive_entry_names_are_found(string kind)
    {
        var ids = cohort.Extract("A").Rows.Skip(900).Take(30).Select(r => r[0]).ToList();
        var path = cohort.NewFile(kind.StartsWith("tar") ? "out.tar" : "out.zip");
        using (var file = File.Create(path))
        {
            if (kind == "tar")
            {
                using var tar = new TarWriter(file);
                foreach (var id in ids)
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"results/sub_{id}.csv") { DataStream = new MemoryStream("n,mean\n120,3.1\n"u8.ToArray()) });
            }
            else
            {
                using var zip = new ZipArchive(file, ZipArchiveMode.Create);
                foreach (var id in ids) zip.CreateEntry(kind.EndsWith("folders") ? $"people/{id}/" : $"out/{id}.txt");
            }
        }
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Equal(30, report.Participants);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantIdDetector.Rule);
    }

    [Theory]
    [InlineData("defined name")]
    [InlineData("sheet names")]
    public void Ids_in_a_workbooks_names_are_found(string where)
    {
        var ids = cohort.Extract("A").Rows.Skip(1200).Take(25).Select(r => r[0]).ToList();
        var book = new XlsxWriter();
        if (where == "defined name")
        {
            book.AddSheet("Results").Row(1, "group", "n").Row(2, "a", "120");
            book.DefinedNames.Add(("keep", "{" + string.Join(",", ids) + "}"));
        }
        else
            foreach (var id in ids) book.AddSheet("p" + id).Row(1, "group", "n").Row(2, "a", "120");
        var path = cohort.NewFile("book.xlsx");
        File.WriteAllBytes(path, book.ToBytes());
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Equal(25, report.Participants);
    }

    [Fact]
    public void Legitimate_xml_and_archives_of_ordinary_names_are_not_blocked()
    {
        var summaries = new ManyDecimalSummaries().Make(new AdversaryCohort(cohort.Extract("A").Header, cohort.Extract("A").Rows), new Random(3))[0];
        var lines = Encoding.UTF8.GetString(summaries.Content).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var xml = XmlRecords.Write(lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList(), "elements", newline: true);
        var path = cohort.NewFile("summaries.xml");
        File.WriteAllText(path, xml);
        Assert.NotEqual(Verdict.Block, cohort.Check(path).Verdict);

        var zipPath = cohort.NewFile("outputs.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
            foreach (var name in new[] { "table_1.csv", "figures/fig2_2019-2020.png", "models/cox_model_12.txt", "output_2023_11_05.log", "run_1234/notes.md" })
                zip.CreateEntry(name);
        Assert.NotEqual(Verdict.Block, cohort.Check(zipPath).Verdict);
    }
}

/// <summary>Writes rows as XML records: leaf elements or attributes, one record per line or all on one line.</summary>
public static class XmlRecords
{
    /// <summary>A column name as an element or attribute name (letters, digits, '_'; a letter first).</summary>
    public static string Tag(string name)
    {
        var tag = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return char.IsAsciiLetter(tag[0]) ? tag : "f" + tag;
    }

    public static string Write(IReadOnlyList<string> header, IEnumerable<string[]> rows, string form, bool newline)
    {
        var text = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").Append(newline ? "\n<data>\n" : "<data>");
        foreach (var row in rows)
        {
            if (form.StartsWith("attributes"))
                text.Append("<row ").AppendJoin(' ', row.Select((v, c) => $"{header[c]}=\"{SecurityElement.Escape(v)}\"")).Append("/>");
            else
                text.Append("<row>").AppendJoin("", row.Select((v, c) => $"<{header[c]}>{SecurityElement.Escape(v)}</{header[c]}>")).Append("</row>");
            if (newline) text.Append('\n');
        }
        return text.Append("</data>\n").ToString();
    }
}

/// <summary>The adversary's XML: the table as records on one line, so that no line is a row.</summary>
public sealed class XmlOneLine : ILeakWriter
{
    public string Name => "XML records on one line";
    public string Item => "11 every token, wherever it sits";

    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var header = table.Header.Select(XmlRecords.Tag).ToArray();
        var form = random.Next(2) == 0 ? "elements" : "attributes";
        return [new LeakFile("export.xml", Encoding.UTF8.GetBytes(XmlRecords.Write(header, table.Rows, form, newline: false)))];
    }
}
