using System.CommandLine;
using Egress.Airlock.Audit;
using Egress.Airlock.Storage;

namespace Egress.Cli.Commands;

/// <summary>`egress audit verify`: walks the airlock's audit chain and names the first broken link.</summary>
public static class AuditCommand
{
    public const int Broken = 1;

    public static Command Create()
    {
        var data = StoreOptions.Data("The airlock's data folder (egress.db for SQLite).");
        var database = StoreOptions.Database();
        var verify = new Command("verify", "Check every event's hash and link: prints 'ok N events', or the seq of the first broken link (exit 1).") { data, database };
        verify.SetAction(parse =>
        {
            var dir = parse.GetValue(data)!;
            var conn = parse.GetValue(database);
            StoreOptions.RequireExisting(dir, conn);
            using var db = AirlockDatabase.OpenAsync(SqlDialect.For(dir, conn)).GetAwaiter().GetResult();
            var result = AuditLog.VerifyAsync(db).GetAwaiter().GetResult();
            Console.WriteLine(result.Message);
            return result.Ok ? 0 : Broken;
        });
        var audit = new Command("audit", "The airlock's audit log.");
        audit.Subcommands.Add(verify);
        return audit;
    }
}
