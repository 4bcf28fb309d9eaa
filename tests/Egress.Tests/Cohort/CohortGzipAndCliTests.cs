using Egress.Cli;
using Egress.Cohort;
using Xunit;

namespace Egress.Tests.Cohort;

public sealed class CohortGzipAndCliTests
{
    [Fact]
    public void GzipOutputHoldsTheSameCsv()
    {
        string plain = TempDirectory.Create("plain"), zipped = TempDirectory.Create("gz");
        try
        {
            var csv = CohortGenerator.Generate(new CohortSpec(3_000, 2, 11), plain);
            var gz = CohortGenerator.Generate(new CohortSpec(3_000, 2, 11, Gzip: true), zipped);
            Assert.EndsWith("master.csv.gz", gz.Master.Path);
            Assert.All(gz.Files, f => Assert.EndsWith(".csv.gz", f.Path));
            foreach (var (a, b) in csv.Files.Zip(gz.Files))
            {
                var x = CsvTable.Read(a.Path);
                var y = CsvTable.Read(b.Path);
                Assert.Equal(x.Header, y.Header);
                Assert.Equal(x.Rows.Select(r => string.Join(',', r)), y.Rows.Select(r => string.Join(',', r)));
            }
        }
        finally
        {
            TempDirectory.Delete(plain);
            TempDirectory.Delete(zipped);
        }
    }

    [Fact]
    public void CliWritesTheCohortAndRejectsBadCounts()
    {
        string dir = TempDirectory.Create("cli");
        try
        {
            Assert.Equal(0, Program.Main(["cohort", "generate", "--participants", "500", "--projects", "2", "--seed", "3", "--out", dir]));
            Assert.True(File.Exists(Path.Combine(dir, "master.csv")));
            Assert.True(File.Exists(Path.Combine(dir, "extract-B.csv")));
            Assert.True(File.Exists(Path.Combine(dir, "linkage-B.csv")));
            Assert.True(File.Exists(Path.Combine(dir, "manifest.json")));

            Assert.Equal(2, Program.Main(["cohort", "generate", "--participants", "0", "--out", dir]));
            Assert.Equal(2, Program.Main(["cohort", "generate", "--projects", "0", "--out", dir]));
            Assert.Equal(2, Program.Main(["cohort", "generate", "--participants", "10"]));
        }
        finally { TempDirectory.Delete(dir); }
    }
}
