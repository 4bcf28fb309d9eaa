using System.CommandLine;
using System.Runtime.InteropServices;
using Egress.Airlock;

namespace Egress.Cli.Commands;

/// <summary>`egress worker`: claims checks from the airlock's database and runs them, until stopped.</summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var data = StoreOptions.Data("The airlock's data folder (quarantine, index; egress.db for SQLite).");
        var database = StoreOptions.Database();
        var workers = new Option<int>("--workers") { Description = "Checks run at once in this process.", DefaultValueFactory = _ => 1 };
        var policyFile = new Option<string?>("--policy") { Description = "Policy file (JSON); defaults apply to anything it leaves out." };
        var lease = StoreOptions.CheckLease();
        var command = new Command("worker", "Run airlock check workers against a shared database until stopped (Ctrl+C).") { data, database, workers, policyFile, lease };
        command.SetAction(parse =>
        {
            var count = parse.GetValue(workers);
            if (count is < 1 or > 64) throw new UsageException("--workers must be between 1 and 64");
            var options = new AirlockOptions { DataDir = parse.GetValue(data)!, Database = parse.GetValue(database), Policy = PolicyOption.Load(parse.GetValue(policyFile)),
                CheckLease = StoreOptions.Lease(parse.GetValue(lease)),
            };
            using var service = AirlockService.Open(options);
            if (service.Index is null) throw new UsageException($"no cohort index in {options.IndexDir} (with its key beside it): nothing can be checked");
            using var stop = new CancellationTokenSource();
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            var runs = Enumerable.Range(0, count).Select(_ => service.CreateWorker(log: Console.WriteLine)).ToList();
            Console.WriteLine($"egress worker: {count} worker(s) on {service.Database.Dialect.Name}, data {options.DataDir}");
            Task.WaitAll([.. runs.Select(w => w.RunAsync(stop.Token))]);
            return 0;
        });
        return command;
    }
}
