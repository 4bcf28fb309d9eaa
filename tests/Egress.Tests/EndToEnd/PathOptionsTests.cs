using System.CommandLine;
using Egress.Cli.Commands;
using Xunit;

namespace Egress.Tests.EndToEnd;

/// <summary>Path options, given or defaulted, come out of the parser as full paths against the current directory.</summary>
public sealed class PathOptionsTests
{
    private static (RootCommand Root, Option<string> Out, Option<string> Data, Option<string?> Policy, Option<string> Project) Tree()
    {
        var output = new Option<string>("--out");
        var data = new Option<string>("--data") { DefaultValueFactory = _ => ".egress/airlock" };
        var policy = new Option<string?>("--policy");
        var project = new Option<string>("--project");
        var leaf = new Command("build") { output, data, policy, project };
        var root = new RootCommand { new Command("index") { leaf } };
        PathOptions.ResolveAgainstCurrentDirectory(root);
        return (root, output, data, policy, project);
    }

    [Fact]
    public void Given_and_defaulted_paths_are_resolved_in_every_subcommand_and_other_options_are_left_alone()
    {
        var (root, output, data, policy, project) = Tree();
        var parsed = root.Parse(["index", "build", "--out", "data/index", "--project", "data/A"]);
        Assert.Empty(parsed.Errors);
        Assert.Equal(Path.GetFullPath("data/index"), parsed.GetValue(output));
        Assert.Equal(Path.GetFullPath(".egress/airlock"), parsed.GetValue(data));
        Assert.Null(parsed.GetValue(policy));
        Assert.Equal("data/A", parsed.GetValue(project));
    }

    [Fact]
    public void A_full_path_stays_as_it_is_and_a_dash_still_means_standard_output()
    {
        var (root, output, _, policy, _) = Tree();
        var parsed = root.Parse(["index", "build", "--out", "-", "--policy", "/etc/egress/policy.json"]);
        Assert.Equal("-", parsed.GetValue(output));
        Assert.Equal("/etc/egress/policy.json", parsed.GetValue(policy));
    }

    [Fact]
    public void An_empty_path_is_a_parse_error_naming_the_option()
    {
        var (root, _, _, _, _) = Tree();
        var parsed = root.Parse(["index", "build", "--out", ""]);
        Assert.Contains(parsed.Errors, e => e.Message == "--out needs a path");
    }
}
