using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Formats.Content;
using Xunit;
using W = Egress.Tests.Formats.IndividualLevel.GenomicFileWriter;

namespace Egress.Tests.Formats.IndividualLevel;

/// <summary>
/// Deterministic mutations of valid seed files (flipped, cut, duplicated, inserted and zeroed bytes): the
/// readers and the minor-allele counter take every one to parts or notices, never to an exception.
/// </summary>
public class IndividualLevelMutationTests
{
    private const int MutationsPerSeed = 150;
    private static readonly string[] People = Enumerable.Range(0, 30).Select(i => (4_000_001 + i * 104_729).ToString()).ToArray();

    private static IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var gwas = new StringBuilder("CHR\tBP\tSNP\tA1\tA2\tAF\tBETA\tSE\tP\tN\n");
        for (var i = 0; i < 200; i++) gwas.Append($"1\t{20_000_000 + i * 3_001}\trs{i + 100}\tA\tG\t{(i % 17 == 0 ? "0.0001" : "0.2100")}\t0.012\t0.010\t0.45\t20000\n");
        yield return ("gwas.tsv", Encoding.UTF8.GetBytes(gwas.ToString()));
        yield return ("calls.vcf", Encoding.UTF8.GetBytes(W.Vcf(People, 20)));
        yield return ("calls.vcf.gz", W.Bgzf(Encoding.UTF8.GetBytes(W.Vcf(People, 20)), 512));
        yield return ("sites.vcf", Encoding.UTF8.GetBytes(W.Vcf([], 40)));
        yield return ("calls.bcf", W.Bcf(People));
        yield return ("geno.bed", W.Bed(30, 20));
        yield return ("geno.fam", Encoding.UTF8.GetBytes(W.Fam(People)));
        yield return ("geno.ped", Encoding.UTF8.GetBytes(W.Ped(People, 12)));
        yield return ("geno.pgen", W.Pgen(30, 20));
        yield return ("geno.psam", Encoding.UTF8.GetBytes(W.Psam(People)));
        yield return ("ukb.sample", Encoding.UTF8.GetBytes(W.OxfordSample(People)));
        yield return ("dosage.raw", Encoding.UTF8.GetBytes(W.PlinkRaw(People, 10)));
        yield return ("imputed.bgen", W.Bgen(People, 5));
        yield return ("old.bgen", W.Bgen(People, 5, zeroMagic: true));
        yield return ("IM0001.dcm", W.Dicom());
        yield return ("t1.nii", W.Nifti1([6, 6, 5]));
        yield return ("t1_n2.nii", W.Nifti2([6, 6, 5]));
        yield return ("old.hdr", W.Nifti1([6, 6, 5], analyze: true));
        yield return ("brain.mgh", W.Mgh(6, 6, 5));
        yield return ("reads.bam", W.Bam());
        yield return ("data.h5", W.Hdf5(512));
    }

    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var bytes = seed.ToList();
        var edits = 1 + rng.Next(4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = rng.Next(bytes.Count);
            switch (rng.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes.RemoveRange(at, bytes.Count - at); break;
                case 2: bytes.InsertRange(at, bytes.Skip(at).Take(rng.Next(1, 200)).ToList()); break;
                case 3: bytes.InsertRange(at, Enumerable.Range(0, rng.Next(1, 16)).Select(_ => (byte)rng.Next(256))); break;
                case 4: for (var i = at; i < Math.Min(bytes.Count, at + rng.Next(1, 64)); i++) bytes[i] = 0; break;
                default: bytes[at] = (byte)"\t\n ,0129#-."[rng.Next(11)]; break;
            }
        }
        return [.. bytes];
    }

    [Fact]
    public void Mutated_files_never_throw_out_of_the_readers_or_the_counter()
    {
        var rule = new MinorAlleleCountRule(new GwasPolicy());
        var inputs = 0;
        foreach (var (name, seed) in Seeds())
        {
            var rng = new Random(name.Length * 7919 + seed.Length);
            for (var m = 0; m < MutationsPerSeed; m++)
            {
                var bytes = Mutate(seed, rng);
                inputs++;
                var context = new UnpackContext(new UnpackLimits(), CancellationToken.None);
                var parts = ContentReaders.Unpacker().Walk(new MemorySource(bytes), name, context).ToList();
                foreach (var text in parts.OfType<TextPart>())
                {
                    try
                    {
                        using var stream = rule.Watch(text.Source.Open(), null, out var counter);
                        stream.CopyTo(Stream.Null);
                        rule.For(counter, Egress.Checks.PartLocation.WholeFile);
                    }
                    catch (InvalidDataException) { } // a damaged compressed layer, reported by the scanner
                }
            }
        }
        Assert.Equal(Seeds().Count() * MutationsPerSeed, inputs);
    }
}
