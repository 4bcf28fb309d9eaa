using System.CommandLine;
using Egress.Cli.Commands;

namespace Egress.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Egress: the automated gate at the exit of a trusted research environment.");
        var cohort = new Command("cohort", "Synthetic UK Biobank-like cohorts and outputs for testing.");
        cohort.Subcommands.Add(CohortGenerateCommand.Create());
        cohort.Subcommands.Add(CohortOutputsCommand.Create());
        root.Subcommands.Add(cohort);
        root.Subcommands.Add(IndexBuildCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(RiskCommand.Create());
        root.Subcommands.Add(TraceCommand.Create());
        root.Subcommands.Add(FingerprintCommand.Create());
        root.Subcommands.Add(ScanRepoCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(DownloadCommand.Create());
        return CommandRunner.Run(root, args);
    }
}
