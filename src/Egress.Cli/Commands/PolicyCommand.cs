using System.CommandLine;
using Egress.Core;

namespace Egress.Cli.Commands;

/// <summary>`egress policy defaults|validate`: the policy file's documented defaults, and checking a file.</summary>
public static class PolicyCommand
{
    public static Command Create()
    {
        var defaults = new Command("defaults", "Print the default policy as JSON (a starting point for a policy file).");
        defaults.SetAction(_ =>
        {
            Console.WriteLine(Policy.Default.ToJson());
            return 0;
        });
        var file = new Argument<string>("file") { Description = "Policy file to validate." };
        var validate = new Command("validate", "Check a policy file and print it with defaults filled in.") { file };
        validate.SetAction(parse =>
        {
            Console.WriteLine(PolicyOption.Load(parse.GetValue(file)).ToJson());
            return 0;
        });
        var policy = new Command("policy", "Policy commands.");
        policy.Subcommands.Add(defaults);
        policy.Subcommands.Add(validate);
        return policy;
    }
}
