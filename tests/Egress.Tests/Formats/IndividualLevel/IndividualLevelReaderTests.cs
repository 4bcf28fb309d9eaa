using System.Text;
using Egress.Formats.Content;
using Xunit;
using W = Egress.Tests.Formats.IndividualLevel.GenomicFileWriter;

namespace Egress.Tests.Formats.IndividualLevel;

/// <summary>Each reader, through the unpacker, on small files built in the test: which parts come out.</summary>
public class IndividualLevelReaderTests
{
    private static readonly string[] People = Enumerable.Range(0, 40).Select(i => (3_000_001 + i * 7919).ToString()).ToArray();

    private static List<Part> Walk(byte[] bytes, string name)
    {
        var context = new UnpackContext(new UnpackLimits(), CancellationToken.None);
        return ContentReaders.Unpacker().Walk(new MemorySource(bytes), name, context).ToList();
    }

    private static List<Part> Walk(string text, string name) => Walk(Encoding.UTF8.GetBytes(text), name);

    private static IndividualLevelPart Single(List<Part> parts)
    {
        Assert.True(parts.OfType<IndividualLevelPart>().Count() == 1, string.Join("; ", parts));
        return parts.OfType<IndividualLevelPart>().Single();
    }

    [Fact]
    public void Vcf_with_sample_columns_is_individual_level_and_its_text_is_scanned_too()
    {
        var parts = Walk(W.Vcf(People[..12], 30), "calls.vcf");
        var part = Single(parts);
        Assert.Equal("VCF", part.Format);
        Assert.Equal("calls.vcf", part.Path);
        Assert.Contains("VCF with 12 sample columns (genotypes of individuals)", part.Reason);
        Assert.Single(parts.OfType<TextPart>());
    }

    [Fact]
    public void Sites_only_vcf_is_a_table()
    {
        var parts = Walk(W.Vcf([], 50), "sites.vcf");
        Assert.Empty(parts.OfType<IndividualLevelPart>());
        Assert.Equal("sites.vcf", Assert.Single(parts.OfType<TextPart>()).Path);
    }

    [Fact]
    public void Gwas_vcf_summary_statistics_are_a_table()
    {
        var parts = Walk(W.GwasVcf(40), "ieu-b-40.vcf");
        Assert.Empty(parts.OfType<IndividualLevelPart>());
        Assert.Single(parts.OfType<TextPart>());
    }

    [Fact]
    public void Genotype_columns_the_header_does_not_name_are_still_genotypes()
    {
        var vcf = W.Vcf(People[..5], 10);
        var lines = vcf.Split('\n').ToList();
        var header = lines.FindIndex(l => l.StartsWith("#CHROM"));
        lines[header] = string.Join('\t', lines[header].Split('\t').Take(8));
        var part = Single(Walk(string.Join('\n', lines), "renamed.vcf"));
        Assert.Contains("5 genotype columns that the #CHROM line does not name", part.Reason);
    }

    [Fact]
    public void Gzipped_and_bgzf_vcf_are_read_through_their_compression()
    {
        var vcf = Encoding.UTF8.GetBytes(W.Vcf(People[..20], 200));
        Assert.Equal("calls.vcf.gz/calls.vcf", Single(Walk(W.Gzip(vcf), "calls.vcf.gz")).Path);
        var bgzf = W.Bgzf(vcf, blockBytes: 1000);
        Assert.Equal(0x04, bgzf[3]); // FEXTRA: the "BC" field
        Assert.Contains("20 sample columns", Single(Walk(bgzf, "calls.vcf.gz")).Reason);
    }

    [Fact]
    public void Every_member_of_a_multi_member_gzip_is_read()
    {
        // The #CHROM line (and so the samples) lies only in the second member.
        var vcf = W.Vcf(People[..3], 5);
        var cut = vcf.IndexOf("#CHROM", StringComparison.Ordinal);
        var first = W.Gzip(Encoding.UTF8.GetBytes(vcf[..cut]));
        var second = W.Gzip(Encoding.UTF8.GetBytes(vcf[cut..]));
        Assert.Contains("3 sample columns", Single(Walk([.. first, .. second], "two.vcf.gz")).Reason);
        // BGZF blocks of 64 bytes: the header spans many members.
        Assert.Contains("3 sample columns", Single(Walk(W.Bgzf(Encoding.UTF8.GetBytes(vcf), 64), "many.vcf.gz")).Reason);
    }

    [Fact]
    public void Bcf_with_samples_is_individual_level_and_without_is_not_inspectable()
    {
        Assert.Contains("7 sample columns", Single(Walk(W.Bgzf(W.Bcf(People[..7])), "calls.bcf")).Reason);
        var sites = Walk(W.Bgzf(W.Bcf([])), "sites.bcf");
        Assert.Empty(sites.OfType<IndividualLevelPart>());
        Assert.Contains("BCF", Assert.Single(sites.OfType<OpaquePart>()).Reason);
    }

    [Fact]
    public void Plink_bed_fam_and_ped_are_individual_level_and_bim_is_a_table()
    {
        var bed = Single(Walk(W.Bed(40, 100), "geno.bed"));
        Assert.Equal("PLINK .bed", bed.Format);
        Assert.Contains("variant-major", bed.Reason);
        var fam = Walk(W.Fam(People), "geno.fam");
        Assert.Equal("PLINK .fam", Single(fam).Format);
        Assert.Single(fam.OfType<TextPart>());
        Assert.Contains("25 genotypes each", Single(Walk(W.Ped(People[..10], 25), "geno.ped")).Reason);
        var bim = Walk(W.Bim(300), "geno.bim");
        Assert.Empty(bim.OfType<IndividualLevelPart>());
        Assert.Single(bim.OfType<TextPart>());
    }

    [Fact]
    public void A_ped_row_longer_than_the_sniffed_head_is_still_recognised()
    {
        var part = Single(Walk(W.Ped(People[..3], 20_000), "wide.ped"));
        Assert.Equal("PLINK .ped", part.Format);
    }

    [Fact]
    public void Plink2_pgen_and_psam_and_oxford_and_dosage_tables_are_individual_level()
    {
        var pgen = Single(Walk(W.Pgen(40, 90), "geno.pgen"));
        Assert.Equal("PLINK .pgen", pgen.Format);
        Assert.Contains("40 samples at 90 variants", pgen.Reason);
        Assert.Equal("PLINK .pgen", Single(Walk(W.Pgen(40, 90, mode: 0x10), "geno.pgen")).Format);
        Assert.Equal("PLINK .psam", Single(Walk(W.Psam(People), "geno.psam")).Format);
        Assert.Equal("Oxford .sample", Single(Walk(W.OxfordSample(People), "ukb.sample")).Format);
        Assert.Contains("30 variant columns", Single(Walk(W.PlinkRaw(People, 30), "dosage.raw")).Reason);
    }

    [Fact]
    public void Bgen_is_recognised_with_its_magic_and_without_it()
    {
        var bgen = Single(Walk(W.Bgen(People, 12), "imputed.bgen"));
        Assert.Equal("BGEN", bgen.Format);
        Assert.Contains("40 samples at 12 variants, with sample identifiers", bgen.Reason);
        Assert.Contains("40 samples at 12 variants", Single(Walk(W.Bgen(People, 12, zeroMagic: true), "old.bgen")).Reason);
    }

    [Fact]
    public void Medical_images_are_individual_level()
    {
        Assert.Equal("DICOM", Single(Walk(W.Dicom(), "IM0001")).Format);
        var nifti = Single(Walk(W.Nifti1([8, 9, 10]), "t1.nii"));
        Assert.Equal("NIfTI-1", nifti.Format);
        Assert.Contains("8×9×10 voxels", nifti.Reason);
        Assert.Contains("8×9×10", Single(Walk(W.Nifti1([8, 9, 10], bigEndian: true), "t1_be.nii")).Reason);
        Assert.Contains("header of a .hdr/.img pair", Single(Walk(W.Nifti1([8, 9, 10], magic: "ni1"), "t1.hdr")).Reason);
        Assert.Contains("statistical map", Single(Walk(W.Nifti1([8, 9, 10], intent: 3), "tstat.nii")).Reason);
        Assert.Equal("NIfTI-1", Single(Walk(W.Gzip(W.Nifti1([8, 9, 10])), "t1.nii.gz")).Format);
        Assert.Contains("4×5×6 voxels", Single(Walk(W.Nifti2([4, 5, 6]), "t1_n2.nii")).Reason);
        Assert.Equal("Analyze 7.5", Single(Walk(W.Nifti1([8, 9, 10], analyze: true), "old.hdr")).Format);
        Assert.Contains("6×7×8", Single(Walk(W.Mgh(6, 7, 8), "brain.mgh")).Reason);
        Assert.Equal("MGH", Single(Walk(W.Gzip(W.Mgh(6, 7, 8)), "brain.mgz")).Format);
    }

    [Fact]
    public void Sequence_reads_are_individual_level_and_a_damaged_hdf5_is_not_inspectable()
    {
        Assert.Equal("BAM", Single(Walk(W.Bam(), "reads.bam")).Format);
        Assert.Equal("CRAM", Single(Walk(W.Cram(), "reads.cram")).Format);
        Assert.Equal("SAM", Single(Walk(W.Sam(), "reads.sam")).Format);
        foreach (var userBlock in new[] { 0, 512 })
        {
            var parts = Walk(W.Hdf5(userBlock), "data.h5");
            Assert.Equal(NoticeKind.Corrupt, Assert.Single(parts.OfType<Notice>()).Kind);
            Assert.Empty(parts.OfType<IndividualLevelPart>());
        }
    }

    [Theory]
    [InlineData("id x1 x2 x3 x4 x5\n1 2 0 0 1 5\n2 3 0 0 2 6\n3 4 0 0 1 7\n")]
    [InlineData("1 2 3 4 1 5\n2 3 4 5 2 6\n3 4 5 6 1 7\n4 5 6 7 2 8\n")]
    [InlineData("sex,n,pct,a,b,c\n1,120,40.0,1,2,3\n2,180,60.0,4,5,6\n")]
    [InlineData("       term estimate std.error statistic p.value conf\n(Intercept) 1.2 0.1 12.0 1e-30 x\nage 0.02 0.001 20.0 1e-60 y\nsex -0.3 0.04 -7.5 1e-12 z\n")]
    public void Ordinary_tables_are_not_taken_for_pedigree_or_sample_files(string text)
    {
        var parts = Walk(text, "table.txt");
        Assert.Empty(parts.OfType<IndividualLevelPart>());
        Assert.Single(parts.OfType<TextPart>());
    }

    [Fact]
    public void Truncated_and_corrupt_files_end_in_a_notice_or_an_uninspectable_part_never_in_clean_text()
    {
        var vcf = Encoding.UTF8.GetBytes(W.Vcf(People[..4], 20));
        var chrom = W.Vcf(People[..4], 20).IndexOf("#CHROM", StringComparison.Ordinal);
        Assert.Equal(NoticeKind.Corrupt, Assert.Single(Walk(vcf[..(chrom - 3)], "cut.vcf").OfType<Notice>()).Kind);
        Assert.Single(Walk(vcf[..(vcf.Length - 40)], "cut_records.vcf").OfType<IndividualLevelPart>());
        Assert.Equal(NoticeKind.Corrupt, Assert.Single(Walk("##fileformat=VCFv4.2\n22\t1\t.\tA\tC\t.\t.\t.\n", "bad.vcf").OfType<Notice>()).Kind);
        var gz = W.Gzip(vcf);
        // Cut inside the records: the samples were seen before the cut.
        Assert.Contains(Walk(gz[..(gz.Length / 2)], "cut.vcf.gz"), p => p is IndividualLevelPart);
        // Cut inside the meta lines: the #CHROM line is never reached.
        Assert.Contains(Walk(gz[..(chrom / 4)], "cut_header.vcf.gz"), p => p is Notice);
        var bcf = W.Bgzf(W.Bcf(People[..4]));
        Assert.NotEmpty(Walk(W.Bgzf(W.Bcf(People[..4])[..40]), "cut.bcf").OfType<Notice>());
        Assert.Equal(NoticeKind.Corrupt, Assert.Single(Walk(new byte[] { 0x6C, 0x1B }, "cut.bed").OfType<Notice>()).Kind);
        Assert.Contains("header cut short", Single(Walk(W.Pgen(40, 90)[..6], "cut.pgen")).Reason);
        foreach (var (bytes, name) in new[] { (W.Bgen(People, 3)[..12], "cut.bgen"), (W.Dicom()[..100], "cut.dcm"), (W.Nifti1([8, 9, 10])[..200], "cut.nii") })
            Assert.Contains(Walk(bytes, name), p => p is OpaquePart or Notice or IndividualLevelPart);
        Assert.NotEmpty(bcf);
    }
}
