using System.Net;
using System.Net.Sockets;
using Egress.Cli.Commands;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.EndToEnd;

/// <summary>
/// A mistake on the command line is one plain sentence a person can act on and exit code 2: never a stack
/// trace or a .NET type name. The real CLI, as a process.
/// </summary>
public sealed class CliErrorMessageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("egress-cli-errors-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string At(string name) => Path.Combine(_dir, name);

    /// <summary>Runs egress, expects exit code 2 and <paramref name="expected"/> in what it printed; nothing .NET-shaped.</summary>
    private static string UsageError(string expected, params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.True(result.ExitCode == 2, $"egress {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Stdout}{result.Stderr}");
        Assert.Contains(expected, result.Stderr);
        AssertNothingForDevelopers(result.Stderr);
        return result.Stderr;
    }

    private static void AssertNothingForDevelopers(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("Egress.Core", text);
    }

    [Fact]
    public void An_unknown_command_suggests_the_closest_one()
    {
        var stderr = UsageError("egress: unknown command 'chek' (did you mean 'check'?)", "chek", "results.csv");
        Assert.DoesNotContain("results.csv", stderr); // the words after an unknown command are not told as errors of their own
        UsageError("unknown command 'index biuld' (did you mean 'index build'?)", "index", "biuld");
        UsageError("unknown command 'frobnicate' (commands: cohort, index, check", "frobnicate");
    }

    [Fact]
    public void An_unknown_option_suggests_the_closest_one_even_where_it_was_taken_for_a_file_name()
    {
        UsageError("unknown option '--polcy' for 'egress check' (did you mean '--policy'?)", "check", "x.csv", "--index", "i", "--project", "A", "--polcy", "p.json");
        UsageError("unknown option '--jsn' for 'egress check' (did you mean '--json'?)", "check", "--jsn", "x.csv", "--index", "i", "--project", "A");
    }

    [Fact]
    public void A_value_of_the_wrong_kind_names_its_option_or_argument()
    {
        UsageError("the id of 'egress status' must be a whole number, not 'abc'", "status", "abc");
        UsageError("--participants must be a whole number, not 'many'", "cohort", "generate", "--participants", "many", "--out", "x");
        UsageError("--wait must be a number, not 'soon'", "status", "1", "--wait", "soon");
    }

    [Fact]
    public void Check_on_a_path_that_does_not_exist_is_a_usage_error_not_a_verdict()
    {
        var result = CliRunner.Run("check", At("missing.csv"), "--index", At("index"), "--project", "A", "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"egress: no such file: {At("missing.csv")}\n", result.Stderr);
        Assert.Empty(result.Stdout); // no block verdict
    }

    [Fact]
    public void An_index_folder_that_does_not_exist_is_named()
    {
        File.WriteAllText(At("table.csv"), "sex,n\nfemale,2711\nmale,2289\n");
        UsageError($"egress: no index folder at {At("no-index")} (build one with `egress index build`)", "check", At("table.csv"), "--index", At("no-index"), "--project", "A");
        UsageError($"no index folder at {At("no-index")}", "index", "info", "--index", At("no-index"));
    }

    [Fact]
    public void An_unknown_key_in_a_policy_file_is_named_with_its_section_and_the_valid_keys()
    {
        File.WriteAllText(At("section.json"), "{ \"limits\": { \"maxFileByte\": 10 } }");
        UsageError("unknown key 'maxFileByte' in section 'limits' (valid keys: maxFileBytes, maxExpandedBytes,", "policy", "validate", At("section.json"));
        File.WriteAllText(At("top.json"), "{ \"limitz\": {} }");
        UsageError("unknown key 'limitz' at the top level (valid keys: limits, participantIds,", "policy", "validate", At("top.json"));
        File.WriteAllText(At("nested.json"), "{ \"sdc\": { \"minimumCellCount\": { \"thresold\": 5 } } }");
        UsageError("unknown key 'thresold' in section 'sdc.minimumCellCount' (valid keys: threshold,", "policy", "validate", At("nested.json"));
        File.WriteAllText(At("kind.json"), "{ \"limits\": { \"maxFileBytes\": \"big\" } }");
        UsageError("limits.maxFileBytes must be a whole number", "policy", "validate", At("kind.json"));
        File.WriteAllText(At("broken.json"), "{ \"limits\": \n { ");
        UsageError("is not valid JSON (line 2", "policy", "validate", At("broken.json"));
    }

    [Fact]
    public void A_port_in_use_is_one_line_naming_the_port_and_urls()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var result = CliRunner.Run("serve", "--data", At("airlock"), "--urls", $"http://127.0.0.1:{port}", "--workers", "0");
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"port {port}", line);
        Assert.Contains("--urls", line);
        AssertNothingForDevelopers(result.Stderr);
    }

    [Fact]
    public void A_folder_that_cannot_be_written_is_a_usage_error()
    {
        // /sys refuses new entries even to root, so this holds whoever runs the tests.
        var result = CliRunner.Run("cohort", "generate", "--participants", "100", "--out", "/sys/egress-test-cohort");
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        AssertNothingForDevelopers(result.Stderr);
    }

    [Fact]
    public void A_failure_that_is_not_a_usage_error_is_one_line_with_exit_code_1()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var result = CliRunner.Run("audit", "verify", "--data", At("airlock"), "--database", "postgres://egress@127.0.0.1:1/egress");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("egress: database: ", line);
        AssertNothingForDevelopers(result.Stderr);
    }

    [Theory]
    [InlineData("chek", "check", 1)]
    [InlineData("check", "check", 0)]
    [InlineData("chekc", "check", 1)] // a swapped pair is one slip
    [InlineData("sevre", "serve", 1)]
    [InlineData("", "abc", 3)]
    public void Edit_distance_counts_slips(string typed, string known, int distance) =>
        Assert.Equal(distance, Suggestions.Distance(typed, known));

    [Fact]
    public void A_word_far_from_every_command_gets_no_suggestion()
    {
        Assert.Null(Suggestions.Closest("frobnicate", ["check", "risk", "trace"]));
        Assert.Equal("--policy", Suggestions.Closest("--polcy", ["--index", "--policy", "--project"]));
    }
}
