using System.CommandLine;

namespace Egress.Cli.Commands;

/// <summary>`egress cohort generate`: writes a synthetic cohort (see docs/cohort-format.md).</summary>
public static class CohortGenerateCommand
{
    public static Command Create()
    {
        var command = new Command("generate", "Write a synthetic UK Biobank-like master cohort and per-project extracts.");
        var participants = new Option<int>("--participants") { Description = "Participants in the master cohort.", DefaultValueFactory = _ => 10_000 };
        command.Options.Add(participants);
        command.SetAction(parse => { Console.WriteLine(parse.GetValue(participants)); return 0; });
        return command;
    }
}
