using System.IO.Compression;
using System.Text;
using Egress.Cohort.Outputs;
using Egress.Tests.Support;

namespace Egress.Tests.Fuzz;

/// <summary>A valid input the fuzzer starts from: a leak (must never be released, mutated or not) or a legitimate output.</summary>
public sealed record FuzzSeed(string Name, byte[] Bytes, bool IsLeak);

/// <summary>
/// Seed files of every format the checker reads, each as a leak (a participant slice of project A)
/// and as a legitimate output, built from the generated cohort. Formats add their seeds here.
/// </summary>
public static class FuzzSeeds
{
    public static IReadOnlyList<FuzzSeed> Build(IndexedCohort cohort)
    {
        var (header, rows) = cohort.Extract("A");
        // IDs dropped: the record detector must find it, not the ID detector alone.
        var slice = rows.Take(60).Select(r => r[1..]).Prepend(header[1..]).ToList();
        var leakCsv = Encoding.UTF8.GetBytes(string.Join("\n", slice.Select(r => string.Join(",", r))) + "\n");
        var leakTsv = Encoding.UTF8.GetBytes(string.Join("\n", slice.Select(r => string.Join("\t", r))) + "\n");
        var leakText = Encoding.UTF8.GetBytes(string.Join("\n", slice.Skip(1).Take(20).Select(r => "participant record: " + string.Join(" ", r))) + "\n");
        var idList = Encoding.UTF8.GetBytes(string.Join("\n", rows.Take(200).Select(r => r[0])) + "\n");

        var legitDir = Directory.CreateTempSubdirectory("egress-fuzz-legit-").FullName;
        var legit = LegitimateOutputGenerator.Generate(cohort.Files.Directory, legitDir, 16, 5)
            .Select(o => new FuzzSeed("legit-" + o.FileName, File.ReadAllBytes(o.FullPath), false)).ToList();

        var seeds = new List<FuzzSeed>
        {
            new("leak.csv", leakCsv, true),
            new("leak.tsv", leakTsv, true),
            new("leak.txt", leakText, true),
            new("ids.txt", idList, true),
            new("leak.csv.gz", Gzip(leakCsv), true),
        };
        seeds.AddRange(legit);
        seeds.Add(new FuzzSeed("legit.csv.gz", Gzip(legit[0].Bytes), false));
        return seeds;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(bytes);
        return buffer.ToArray();
    }
}
