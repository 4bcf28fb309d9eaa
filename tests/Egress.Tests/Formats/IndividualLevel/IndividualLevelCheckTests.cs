using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using W = Egress.Tests.Formats.IndividualLevel.GenomicFileWriter;

namespace Egress.Tests.Formats.IndividualLevel;

/// <summary>Individual-level formats through the whole check against the shared indexed cohort.</summary>
[Collection("indexed-cohort")]
public class IndividualLevelCheckTests(IndexedCohort cohort)
{
    private string[] Eids(int count) => cohort.Extract("A").Rows.Take(count).Select(r => r[0]).ToArray();

    private string Write(string name, byte[] bytes)
    {
        var path = cohort.NewFile(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    private static Finding AssertIndividualLevel(CheckReport report, string format, string location)
    {
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ContentFindings.IndividualLevelRule);
        Assert.StartsWith(format, finding.Message);
        Assert.Equal(location, finding.Location);
        return finding;
    }

    public static TheoryData<string, string> Formats => new()
    {
        { "calls.vcf", "VCF" }, { "calls.vcf.gz", "VCF" }, { "calls.bcf", "BCF" }, { "geno.bed", "PLINK .bed" }, { "geno.fam", "PLINK .fam" },
        { "geno.ped", "PLINK .ped" }, { "geno.pgen", "PLINK .pgen" }, { "geno.psam", "PLINK .psam" }, { "ukb.sample", "Oxford .sample" },
        { "dosage.raw", "PLINK .raw" }, { "imputed.bgen", "BGEN" }, { "IM0001.dcm", "DICOM" }, { "t1.nii", "NIfTI-1" },
        { "t1.nii.gz", "NIfTI-1" }, { "t1_n2.nii", "NIfTI-2" }, { "brain.mgz", "MGH" }, { "reads.bam", "BAM" }, { "reads.cram", "CRAM" },
    };

    private byte[] Build(string name)
    {
        var ids = Eids(50);
        return name switch
        {
            "calls.vcf" => Encoding.UTF8.GetBytes(W.Vcf(ids, 40)),
            "calls.vcf.gz" => W.Bgzf(Encoding.UTF8.GetBytes(W.Vcf(ids, 40))),
            "calls.bcf" => W.Bgzf(W.Bcf(ids)),
            "geno.bed" => W.Bed(ids.Length, 200),
            "geno.fam" => Encoding.UTF8.GetBytes(W.Fam(ids)),
            "geno.ped" => Encoding.UTF8.GetBytes(W.Ped(ids, 30)),
            "geno.pgen" => W.Pgen(ids.Length, 200),
            "geno.psam" => Encoding.UTF8.GetBytes(W.Psam(ids)),
            "ukb.sample" => Encoding.UTF8.GetBytes(W.OxfordSample(ids)),
            "dosage.raw" => Encoding.UTF8.GetBytes(W.PlinkRaw(ids, 20)),
            "imputed.bgen" => W.Bgen(ids, 20),
            "IM0001.dcm" => W.Dicom(ids[0]),
            "t1.nii" => W.Nifti1([16, 16, 12]),
            "t1.nii.gz" => W.Gzip(W.Nifti1([16, 16, 12])),
            "t1_n2.nii" => W.Nifti2([16, 16, 12]),
            "brain.mgz" => W.Gzip(W.Mgh(16, 16, 12)),
            "reads.bam" => W.Bam(),
            "reads.cram" => W.Cram(),
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Each_individual_level_format_is_blocked_with_its_name(string name, string format)
    {
        var report = cohort.Check(Write(name, Build(name)));
        var compressed = name is "calls.vcf.gz" or "t1.nii.gz" or "brain.mgz" or "calls.bcf" or "reads.bam";
        var location = !compressed ? name : name.EndsWith(".gz") ? $"{name}/{name[..^3]}" : $"{name}/(gunzipped)";
        AssertIndividualLevel(report, format, location);
    }

    [Fact]
    public void A_fam_of_project_A_names_the_participants_as_well()
    {
        var report = cohort.Check(Write("cohort.fam", W.Fam(Eids(300))));
        AssertIndividualLevel(report, "PLINK .fam", "cohort.fam");
        var ids = Assert.Single(report.Findings, f => f.Rule == ParticipantIdDetector.Rule);
        Assert.Contains("A", ids.Projects);
        Assert.True(report.Participants >= 290, $"{report.Participants} participants");
    }

    [Fact]
    public void A_participant_slice_in_a_gzipped_psam_is_blocked_as_records_at_the_part()
    {
        var (header, rows) = cohort.Extract("A");
        var text = new StringBuilder("#IID\t").Append(string.Join('\t', header[1..])).Append('\n');
        var k = 0;
        foreach (var row in rows.Take(200)) text.Append($"S{++k:D4}\t").Append(string.Join('\t', row[1..])).Append('\n');
        var report = cohort.Check(Write("slice.psam.gz", W.Gzip(Encoding.UTF8.GetBytes(text.ToString()))));
        AssertIndividualLevel(report, "PLINK .psam", "slice.psam.gz/slice.psam");
        var records = Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule);
        Assert.StartsWith("slice.psam.gz/slice.psam", records.Location);
        Assert.True(records.Participants >= 190, $"{records.Participants} participants");
    }

    [Fact]
    public void A_participant_slice_in_the_columns_of_a_sites_only_vcf_is_blocked_as_records()
    {
        // Extra "INFO-like" columns after INFO with the header cut to 8 names would be genotype columns; here the
        // slice rides in the ID and INFO cells of a sites-only VCF, one participant per record.
        var (header, rows) = cohort.Extract("A");
        var vcf = new StringBuilder("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        var pos = 1_000_000;
        foreach (var row in rows.Take(200))
            vcf.Append($"1\t{pos += 997}\t.\tA\tG\t.\tPASS\t").Append(string.Join(' ', row[1..])).Append('\n');
        var report = cohort.Check(Write("slice.vcf.gz", W.Bgzf(Encoding.UTF8.GetBytes(vcf.ToString()))));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.DoesNotContain(report.Findings, f => f.Rule == ContentFindings.IndividualLevelRule);
        var records = Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule);
        Assert.StartsWith("slice.vcf.gz/slice.vcf", records.Location);
    }

    [Fact]
    public void Variant_tables_are_not_blocked()
    {
        foreach (var (name, bytes) in new[]
                 {
                     ("sites.vcf.gz", W.Bgzf(Encoding.UTF8.GetBytes(W.Vcf([], 3000)))),
                     ("sites.vcf", Encoding.UTF8.GetBytes(W.Vcf([], 500))),
                     ("geno.bim", Encoding.UTF8.GetBytes(W.Bim(5000))),
                     ("ieu-b-40.vcf", Encoding.UTF8.GetBytes(W.GwasVcf(2000))),
                 })
        {
            var report = cohort.Check(Write(name, bytes));
            Assert.True(report.Verdict != Verdict.Block, $"{name}: {string.Join("; ", report.Findings.Select(f => f.Message))}");
        }
    }

    [Fact]
    public void A_manifest_of_bulk_file_names_with_project_A_eids_is_blocked_as_participant_ids()
    {
        var names = Eids(200).Select((eid, i) => $"{eid}_20252_2_{i % 2}.zip");
        var report = cohort.Check(Write("bulk_files.txt", string.Join('\n', names) + "\n"));
        Assert.Equal(Verdict.Block, report.Verdict);
        var ids = Assert.Single(report.Findings, f => f.Rule == ParticipantIdDetector.Rule);
        Assert.Contains("A", ids.Projects);
    }

    [Fact]
    public void A_csv_manifest_of_bulk_file_names_with_sizes_is_blocked_as_participant_ids()
    {
        var rows = Eids(200).Select((eid, i) => $"{eid}_20252_2_0.zip,{18_000_000 + i * 37}");
        var report = cohort.Check(Write("bulk_files.csv", "file,bytes\n" + string.Join('\n', rows) + "\n"));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains("A", Assert.Single(report.Findings, f => f.Rule == ParticipantIdDetector.Rule).Projects);
    }

    [Fact]
    public void Truncated_and_corrupt_files_get_a_verdict_that_is_not_release()
    {
        var ids = Eids(50);
        var vcf = Encoding.UTF8.GetBytes(W.Vcf(ids, 40));
        var chrom = Encoding.UTF8.GetString(vcf).IndexOf("#CHROM", StringComparison.Ordinal);
        var cases = new (string Name, byte[] Bytes)[]
        {
            ("cut_header.vcf", vcf[..(chrom - 2)]),
            ("cut_records.vcf", vcf[..(vcf.Length / 2)]),
            ("cut.vcf.gz", W.Bgzf(vcf)[..200]),
            ("cut.bcf", W.Bgzf(W.Bcf(ids))[..60]),
            ("magic_only.bed", [0x6C, 0x1B]),
            ("cut.bed", W.Bed(50, 100)[..40]),
            ("cut.pgen", W.Pgen(50, 100)[..7]),
            ("cut.bgen", W.Bgen(ids, 10)[..18]),
            ("zero_magic_cut.bgen", W.Bgen(ids, 10, zeroMagic: true)[..30]),
            ("cut.dcm", W.Dicom()[..130]),
            ("cut.nii", W.Nifti1([16, 16, 12])[..300]),
            ("cut.nii.gz", W.Gzip(W.Nifti1([16, 16, 12]))[..100]),
            ("cut.mgh", W.Mgh(16, 16, 12)[..200]),
            ("cut.bam", W.Bam()[..30]),
            ("garbled.vcf", Encoding.UTF8.GetBytes("##fileformat=VCFv4.2\n\u0001\u0002 not a header\n")),
        };
        foreach (var (name, bytes) in cases)
        {
            var report = cohort.Check(Write(name, bytes));
            Assert.True(report.Verdict != Verdict.Release, $"{name} was released: {report.Format}");
        }
    }
}
