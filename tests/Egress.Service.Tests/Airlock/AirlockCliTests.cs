using Egress.Airlock;
using Egress.Airlock.Storage;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Airlock;

/// <summary>`egress worker` and `egress audit verify` as real processes on a real store.</summary>
public sealed class AirlockCliTests
{
    [Fact]
    public async Task Audit_verify_says_ok_and_names_the_seq_of_an_edited_row_in_the_sqlite_file()
    {
        await using var h = await AirlockHarness.CreateAsync(postgres: false);
        await h.SubmitAndCheckAsync("alice", "A", ("ages.csv", ServiceCohort.CleanTable()));
        var events = (await h.Service.VerifyAuditAsync(h["audrey"])).Events;
        var ok = await EgressProcess.RunAsync(["audit", "verify", "--data", h.DataDir]);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains($"ok {events} events", ok.Output);

        // Edit event 7 straight in the SQLite file (dropping the trigger that refuses it).
        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(h.DataDir, "egress.db")};Pooling=False"))
        {
            await c.OpenAsync();
            using var edit = c.CreateCommand();
            edit.CommandText = "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET details_json = '{}' WHERE seq = 7;";
            await edit.ExecuteNonQueryAsync();
        }
        var broken = await EgressProcess.RunAsync(["audit", "verify", "--data", h.DataDir]);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("broken at seq 7", broken.Output);

        var missing = await EgressProcess.RunAsync(["audit", "verify", "--data", Path.Combine(h.DataDir, "nothing-here")]);
        Assert.Equal(2, missing.ExitCode);
    }

    [Fact]
    public Task A_worker_process_checks_what_was_submitted_on_sqlite() => WorkerProcessChecks(postgres: false);

    [PostgresFact]
    public Task A_worker_process_checks_what_was_submitted_on_postgresql() => WorkerProcessChecks(postgres: true);

    private static async Task WorkerProcessChecks(bool postgres)
    {
        await using var h = await AirlockHarness.CreateAsync(postgres);
        // The CLI finds the index where the data folder keeps it: DATA/index, its key beside it.
        TestIndex.Copy(ServiceCohort.Shared.IndexDir, Path.Combine(h.DataDir, "index"));
        var released = await h.SubmitAsync("alice", "A", ("ages.csv", ServiceCohort.CleanTable()));
        var blocked = await h.SubmitAsync("alice", "A", ("ids.txt", ServiceCohort.Shared.Ids("A", 0, 30)));
        string[] store = postgres ? ["--data", h.DataDir, "--database", h.DatabaseConnection!] : ["--data", h.DataDir];
        await using (var worker = EgressProcess.Start(["worker", .. store, "--workers", "2"], null))
        {
            await worker.WaitForOutputAsync("egress worker: 2 worker(s)", TimeSpan.FromSeconds(60));
            await worker.WaitForOutputAsync("checked job 1", TimeSpan.FromSeconds(120));
            await worker.WaitForOutputAsync("checked job 2", TimeSpan.FromSeconds(120));
            worker.KillHard();
        }
        Assert.Equal(RequestState.Released, (await h.Service.GetRequestAsync(h["alice"], released.Id)).Request.State);
        Assert.Equal(RequestState.Blocked, (await h.Service.GetRequestAsync(h["alice"], blocked.Id)).Request.State);
        var verify = await EgressProcess.RunAsync(["audit", "verify", .. store]);
        Assert.Equal(0, verify.ExitCode);
    }

    [Fact]
    public void A_postgres_url_becomes_an_npgsql_connection_string()
    {
        var cs = PostgresDialect.ConnectionStringFrom("postgres://egress:p%40ss@127.0.0.1:5433/airlock?Pooling=false");
        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        Assert.Equal(("127.0.0.1", 5433, "airlock", "egress", "p@ss", false), (parsed.Host, parsed.Port, parsed.Database, parsed.Username, parsed.Password, parsed.Pooling));
        Assert.Equal("Host=h;Database=d", PostgresDialect.ConnectionStringFrom("Host=h;Database=d"));
    }
}
