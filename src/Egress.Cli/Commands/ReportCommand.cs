using System.CommandLine;
using Egress.Airlock;
using Egress.Airlock.Monitoring;

namespace Egress.Cli.Commands;

/// <summary>`egress report daily`: the daily monitoring report, read straight from the airlock's store (docs/monitoring.md).</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var data = StoreOptions.Data("The airlock's data folder (quarantine and index for the re-scan; egress.db for SQLite).");
        var database = StoreOptions.Database();
        var date = new Option<string?>("--date") { Description = "The day to report, yyyy-mm-dd (UTC); default yesterday, the last whole day." };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object (as GET /api/v1/reports/daily)." };
        var noRescan = new Option<bool>("--no-rescan") { Description = "Do not check the day's released files again." };
        var policyFile = new Option<string?>("--policy") { Description = "Policy file (JSON) in force: the re-scan and the monitoring settings use it." };
        var daily = new Command("daily", "Per project and researcher: files, bytes, verdicts, near-limit and unusual-hour files, exposure growth; " +
                                         "anomalies against each project's own baseline first; the day's released files re-scanned.")
            { data, database, date, json, noRescan, policyFile };
        daily.SetAction(parse =>
        {
            var dir = parse.GetValue(data)!;
            var conn = parse.GetValue(database);
            StoreOptions.RequireExisting(dir, conn);
            var options = new AirlockOptions { DataDir = dir, Database = conn, Policy = PolicyOption.Load(parse.GetValue(policyFile)) };
            using var service = AirlockService.Open(options);
            var day = parse.GetValue(date) is { } text ? ParseDay(text) : service.DefaultReportDay;
            // Whoever can open the store holds everything in it already: the CLI reads as the system.
            var report = service.DailyReportAsync(Actor.System, day, rescan: !parse.GetValue(noRescan)).GetAwaiter().GetResult();
            Console.Write(parse.GetValue(json) ? DailyReportJson.Write(report) + "\n" : DailyReportText.Write(report));
            return 0;
        });
        var command = new Command("report", "Monitoring reports over the airlock's store.");
        command.Subcommands.Add(daily);
        return command;
    }

    private static DateOnly ParseDay(string text)
    {
        try
        {
            return ReportDay.Parse(text);
        }
        catch (InvalidInputException e)
        {
            throw new UsageException($"--date: {e.Message}");
        }
    }
}
