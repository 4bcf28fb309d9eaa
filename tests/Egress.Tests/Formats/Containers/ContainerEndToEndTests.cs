using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Egress.Checks;
using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Containers;

/// <summary>
/// Containers end to end through the check engine: a participant slice hidden in zip (deflate and
/// stored), tar, tar.gz and zip-in-tar.gz is blocked with its nested path; legitimate outputs in the
/// same containers are not.
/// </summary>
[Collection("indexed-cohort")]
public class ContainerEndToEndTests(IndexedCohort cohort)
{
    private static readonly Lock OutputsLock = new();
    private static List<(string Name, byte[] Bytes)>? _outputs;

    /// <summary>200 rows of project A's extract, IDs dropped.</summary>
    private byte[] Slice()
    {
        var (header, rows) = cohort.Extract("A");
        var text = new StringBuilder();
        foreach (var row in rows.Take(200).Prepend(header)) text.Append(string.Join(',', row[1..])).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>One legitimate output of each kind, from the generator.</summary>
    private List<(string Name, byte[] Bytes)> Legitimate()
    {
        lock (OutputsLock)
        {
            if (_outputs is not null) return _outputs;
            var folder = Directory.CreateTempSubdirectory("egress-legit-containers-").FullName;
            _outputs = LegitimateOutputGenerator.Generate(cohort.Files.Directory, folder, 8, 11)
                .Select(o => (o.FileName, File.ReadAllBytes(o.FullPath))).ToList();
            return _outputs;
        }
    }

    public static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> files, CompressionLevel level = CompressionLevel.Optimal)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in files)
            {
                using var entry = zip.CreateEntry(name, level).Open();
                entry.Write(bytes);
            }
        return output.ToArray();
    }

    public static byte[] Tar(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        var output = new MemoryStream();
        using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var (name, bytes) in files)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        return output.ToArray();
    }

    public static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(bytes);
        return output.ToArray();
    }

    /// <summary>The files packed the named way, the file's name, and the path inside at which a file named NAME lands.</summary>
    private static (byte[] Bytes, string FileName, Func<string, string> PathOf) Pack(string container, List<(string Name, byte[] Bytes)> files) => container switch
    {
        "zip-deflate" => (Zip(files), "export.zip", n => "export.zip/" + n),
        "zip-stored" => (Zip(files, CompressionLevel.NoCompression), "export.zip", n => "export.zip/" + n),
        "tar" => (Tar(files), "export.tar", n => "export.tar/" + n),
        "tar.gz" => (Gzip(Tar(files)), "export.tar.gz", n => "export.tar.gz/export.tar/" + n),
        "zip-in-tar.gz" => (Gzip(Tar([("inner.zip", Zip(files))])), "outer.tar.gz", n => "outer.tar.gz/outer.tar/inner.zip/" + n),
        _ => throw new ArgumentException(container),
    };

    private string Write(string name, byte[] bytes)
    {
        var path = cohort.NewFile(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("zip-deflate")]
    [InlineData("zip-stored")]
    [InlineData("tar")]
    [InlineData("tar.gz")]
    [InlineData("zip-in-tar.gz")]
    public void A_participant_slice_inside_is_blocked_where_it_lies(string container)
    {
        var files = new List<(string, byte[])> { ("summary.txt", "Models fitted on the analysis sample.\n"u8.ToArray()), ("slice.csv", Slice()) };
        var (bytes, fileName, pathOf) = Pack(container, files);
        var report = cohort.Check(Write(fileName, bytes));
        Assert.Equal(Verdict.Block, report.Verdict);
        var records = Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule);
        Assert.StartsWith(pathOf("slice.csv"), records.Location);
        Assert.True(records.Participants >= 190, $"{records.Participants} participants");
        Assert.Contains(report.Parts, p => p.Path == pathOf("summary.txt"));
    }

    [Theory]
    [InlineData("zip-deflate")]
    [InlineData("zip-stored")]
    [InlineData("tar")]
    [InlineData("tar.gz")]
    [InlineData("zip-in-tar.gz")]
    public void Legitimate_outputs_inside_are_not_blocked(string container)
    {
        var files = Legitimate();
        var (bytes, fileName, pathOf) = Pack(container, files);
        var report = cohort.Check(Write(fileName, bytes));
        Assert.True(report.Verdict != Verdict.Block, string.Join("\n", report.Findings.Select(f => $"{f.Rule} {f.Location}: {f.Message}")));
        // Each file is inspected, whole or as the parts a document reader finds in it (a log's tables: name#table1).
        foreach (var (name, _) in files) Assert.Contains(report.Parts, p => p.Path == pathOf(name) || p.Path.StartsWith(pathOf(name) + "#"));
    }

    [Fact]
    public void A_per_participant_bulk_file_in_an_archive_is_blocked_without_printing_the_eid()
    {
        var eid = cohort.Extract("A").Rows[0][0];
        var bulk = Zip([("scan.txt", "acquisition notes\n"u8.ToArray())]);
        var report = cohort.Check(Write("imaging.zip", Zip([($"{eid}_20252_2_0.zip", bulk), .. Legitimate().Take(2)])));
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ContentFindings.IndividualLevelRule);
        Assert.Contains("field 20252", finding.Message);
        Assert.DoesNotContain(eid, finding.Message);
        Assert.Contains(report.Parts, p => p.Path == $"imaging.zip/{eid}_20252_2_0.zip/scan.txt");
    }

    [Fact]
    public void An_encrypted_entry_is_blocked_with_advice_to_export_it_unencrypted()
    {
        var bytes = new ZipBuilder().Add(new ZipItem("results.csv", "a,b\n1,2\n") { Flags = 1 }).Build();
        var report = cohort.Check(Write("secret.zip", bytes));
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ContentFindings.EncryptedRule);
        Assert.Equal("secret.zip/results.csv", finding.Location);
        Assert.Contains("unencrypted", finding.Guidance);
    }

    [Fact]
    public void An_archive_Egress_cannot_open_is_blocked_and_named()
    {
        byte[] sevenZip = [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4, .. new byte[200]];
        var report = cohort.Check(Write("results.csv", sevenZip));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains("7z archive", Assert.Single(report.Findings, f => f.Rule == ContentFindings.UnsupportedRule).Message);
    }
}
