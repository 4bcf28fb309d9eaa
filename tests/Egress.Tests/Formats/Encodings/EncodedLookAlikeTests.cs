using System.Security.Cryptography;
using System.Text;
using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Formats.Content;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Encodings;

/// <summary>
/// Ordinary text that looks encoded (hashes, UUIDs, tokens, colours, identifiers) and legitimate outputs
/// carried encoded must not be blocked: at most a checker looks.
/// </summary>
[Collection("indexed-cohort")]
public class EncodedLookAlikeTests(IndexedCohort cohort)
{
    private string Write(string name, string text)
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Sha256(string s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToLowerInvariant();

    [Fact]
    public void A_build_log_full_of_look_alikes_is_released()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            var git = Sha256("commit" + i)[..40];
            text.Append($"2024-03-01 09:12:{i % 60:00} INFO commit {git} built image sha256:{Sha256("image" + i)}\n");
            text.Append($"2024-03-01 09:12:{i % 60:00} DEBUG request {Guid.NewGuid()} trace={Guid.NewGuid():N}\n");
            text.Append($"{Sha256("file" + i)}  output/tables/table_{i}.csv\n");
        }
        text.Append("Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyZXNlYXJjaGVyIiwiaWF0IjoxNzA5MjgzOTY1fQ.c2lnbmF0dXJlLXBsYWNlaG9sZGVy\n");
        text.Append("palette: #1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf\n");
        text.Append("----------------------------------------------------------------------------------------------------\n");
        text.Append("path: /home/researcher/projects/covid_vaccine_effectiveness/output/models/cox_model_over80s_postest_any_all_region_sensitivity\n");
        text.Append("class: UnivariableCoxProportionalHazardsModelWithTimeVaryingCovariatesAndStratificationByRegionFactory\n");
        text.Append("ENVIRONMENT_VARIABLE_NAME_FOR_THE_MAXIMUM_NUMBER_OF_PARALLEL_WORKERS_IN_THE_BOOTSTRAP_PROCEDURE=4\n");
        text.Append("id 1234567 and 7-digit numbers 2345678 3456789 are not hex\n");
        var report = cohort.Check(Write("build.log", text.ToString()));
        Assert.True(report.Verdict == Verdict.Release, string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.Location}: {f.Message}")));
    }

    /// <summary>
    /// File listings and logs full of long names written in the base64 alphabet (snake_case, SHOUTED names, CamelCase,
    /// paths with '/', '-' and '_'), generated: names keep their case for several letters, encoded bytes do not.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Long_generated_names_and_paths_are_not_encoded_payloads(int seed)
    {
        var random = new Random(seed);
        string[] words = ["output", "released", "outputs", "an", "multivariate", "cox", "models", "onscoviddeath", "agespline", "bmicat",
            "table", "contents", "HRtable", "all", "outcomes", "ANALYSES", "SENSE", "MAINFULLYADJMODEL", "CCeth", "descriptive", "tables",
            "Combined", "figures", "antipsychotics", "group", "Autism", "2021", "03092021", "15", "v2", "TPP", "EMIS"];
        string Name(int parts, string joiner) => string.Join(joiner, Enumerable.Range(0, parts).Select(_ => words[random.Next(words.Length)]));
        var text = new StringBuilder("path\trepository\tcommit\n");
        for (var i = 0; i < 60; i++)
        {
            var path = $"{Name(2, "-")}/{Name(3 + random.Next(6), random.Next(2) == 0 ? "__" : "_")}";
            text.Append($"{path}.txt\topensafely/{Name(3, "-")}\t{Sha256("c" + i)[..40]}\n");
            text.Append($"(note: file ./output/models/{Name(6 + random.Next(4), "_")}.ster not found)\n");
            text.Append($"E:\\analyses\\{Name(4, "-")}\\analysis\\output/{Name(5, "_")}.log\n");
        }
        var report = cohort.Check(Write("listing.tsv", text.ToString()));
        Assert.True(report.Verdict == Verdict.Release, string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.Location}: {f.Message}")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Base64_of_binary_among_such_names_is_still_not_released(int seed)
    {
        var random = new Random(seed);
        var payload = new byte[96];
        random.NextBytes(payload);
        var text = $"output/models/an_multivariate_cox_models_onscoviddeath_MAINFULLYADJMODEL_agespline_bmicat_CCeth.ster\nblob {Convert.ToBase64String(payload)}\n";
        var report = cohort.Check(Write("listing.txt", text));
        Assert.NotEqual(Verdict.Release, report.Verdict);
    }

    [Fact]
    public void A_manifest_of_file_hashes_is_released()
    {
        var text = new StringBuilder("{\n  \"files\": {\n");
        for (var i = 0; i < 150; i++)
            text.Append($"    \"output/table_{i}.csv\": {{ \"content_hash\": \"{Sha256("t" + i)}\", \"size\": {1000 + i} }},\n");
        text.Append("  }\n}\n");
        var report = cohort.Check(Write("manifest.json", text.ToString()));
        Assert.True(report.Verdict == Verdict.Release, string.Join("; ", report.Findings.Select(f => f.Message)));
    }

    [Fact]
    public void A_bare_list_of_hashes_one_per_line_is_not_one_opaque_payload()
    {
        var hashes = string.Join("\n", Enumerable.Range(0, 100).Select(i => Sha256("id" + i))) + "\n";
        var report = cohort.Check(Write("hashes.txt", hashes));
        Assert.Equal(Verdict.Release, report.Verdict);
    }

    [Fact]
    public void Very_many_random_fragments_go_to_review_not_block()
    {
        var hashes = string.Join("\n", Enumerable.Range(0, 400).Select(i => $"{Sha256("id" + i)}  file{i}.bin")) + "\n";
        var report = cohort.Check(Write("sums.txt", hashes));
        Assert.Equal(Verdict.Review, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("encoded-fragments", finding.Rule);
        Assert.Contains("400", finding.Message);
    }

    [Fact]
    public void Legitimate_outputs_carried_in_base64_hex_and_url_encoding_are_not_blocked()
    {
        var outDir = Directory.CreateTempSubdirectory("egress-legit-enc-").FullName;
        var outputs = LegitimateOutputGenerator.Generate(cohort.Files.Directory, outDir, 8, 3);
        foreach (var output in outputs)
        {
            var bytes = File.ReadAllBytes(output.FullPath);
            var text = "base64:\n" + EncodingWriters.Base64(bytes, 76) + "\n\nhex:\n" + EncodingWriters.Hex(bytes, 60) + "\n\nurl: https://example.org/share?t="
                       + EncodingWriters.UrlEncode(bytes) + "\n\n" + EncodingWriters.Xxd(bytes);
            var report = cohort.Check(Write(output.FileName + ".txt", text));
            Assert.True(report.Verdict != Verdict.Block, $"{output.FileName}: " + string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.Location}: {f.Message}")));
        }
        Directory.Delete(outDir, recursive: true);
    }

    [Fact]
    public void A_png_data_uri_of_a_clean_plot_is_not_blocked_once_pngs_are_read()
    {
        // A 1×1 PNG written by hand: signature, IHDR, IDAT (zlib of one filtered pixel row), IEND.
        var png = TinyPng();
        var html = "<html><body><h1>Figure 1</h1><img src=\"data:image/png;base64," + Convert.ToBase64String(png) + "\"></body></html>\n";
        var report = cohort.Check(Write("figure.html", html));
        if (!ContentReaders.All().Any(r => r.Format.Contains("png", StringComparison.OrdinalIgnoreCase)))
        {
            // Without a PNG reader the picture cannot be inspected: never released, and the report says what it is.
            Assert.NotEqual(Verdict.Release, report.Verdict);
            Assert.Contains(report.Findings, f => f.Location.StartsWith("figure.html#base64@", StringComparison.Ordinal) && f.Message.Contains("PNG"));
            return;
        }
        Assert.NotEqual(Verdict.Block, report.Verdict);
    }

    private static byte[] TinyPng()
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        using var zlib = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(zlib, System.IO.Compression.CompressionLevel.Optimal)) z.Write([0, 0x80]);
        Chunk(png, "IDAT", zlib.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var header = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        png.Write(header);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, Crc32(typed));
        png.Write(header);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
