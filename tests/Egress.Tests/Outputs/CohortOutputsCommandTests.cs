using Egress.Cli;
using Xunit;

namespace Egress.Tests.Outputs;

public sealed class CohortOutputsCommandTests
{
    [Fact]
    public void Writes_outputs_and_index()
    {
        using var folder = new TempFolder();
        TestCohort.Write(folder.Sub("cohort"), 1500, seed: 3);
        int code = Program.Main(["cohort", "outputs", "--cohort", folder.Sub("cohort"), "--out", folder.Sub("out"), "--count", "16", "--seed", "4"]);
        Assert.Equal(0, code);
        Assert.Equal(17, File.ReadAllLines(Path.Combine(folder.Sub("out"), "index.tsv")).Length);
    }

    [Fact]
    public void Missing_cohort_or_bad_count_is_a_usage_error()
    {
        using var folder = new TempFolder();
        Assert.Equal(2, Program.Main(["cohort", "outputs", "--cohort", folder.Sub("nope"), "--out", folder.Sub("out")]));
        Assert.Equal(2, Program.Main(["cohort", "outputs", "--cohort", folder.Path, "--out", folder.Sub("out")]));
        TestCohort.Write(folder.Sub("cohort"), 100, seed: 3);
        Assert.Equal(2, Program.Main(["cohort", "outputs", "--cohort", folder.Sub("cohort"), "--out", folder.Sub("out"), "--count", "0"]));
        Assert.Equal(2, Program.Main(["cohort", "outputs", "--out", folder.Sub("out")]));
    }
}
