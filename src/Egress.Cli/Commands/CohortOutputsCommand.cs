using System.CommandLine;

namespace Egress.Cli.Commands;

/// <summary>`egress cohort outputs`: writes legitimate aggregate outputs computed from a generated cohort.</summary>
public static class CohortOutputsCommand
{
    public static Command Create()
    {
        var command = new Command("outputs", "Write legitimate aggregate research outputs computed from a generated cohort.");
        command.SetAction(_ => 0);
        return command;
    }
}
