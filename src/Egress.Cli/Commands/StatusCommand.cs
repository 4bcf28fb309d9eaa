using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Egress.Airlock;
using Egress.Web.Api;

namespace Egress.Cli.Commands;

/// <summary>`egress status ID`: a request's state and each file's verdict with reasons, from an Egress server.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var id = new Argument<long>("id") { Description = "The request's number (printed by `egress submit`)." };
        var server = ServerOptions.Server();
        var token = ServerOptions.Token();
        var json = new Option<bool>("--json") { Description = "Print the request as JSON." };
        var wait = new Option<double>("--wait")
        {
            Description = "Wait up to this many seconds while the request is still being checked.",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("status", "Show an export request's state and each file's verdict with reasons.") { id, server, token, json, wait };
        command.SetAction(parse =>
        {
            using var client = new ApiClient(parse.GetValue(server), parse.GetValue(token));
            var request = client.Request(parse.GetValue(id));
            var clock = Stopwatch.StartNew();
            while (IsBeingChecked(request.State) && clock.Elapsed.TotalSeconds < parse.GetValue(wait))
            {
                Thread.Sleep(250);
                request = client.Request(request.Id);
            }
            Console.Write(parse.GetValue(json) ? JsonSerializer.Serialize(request, ApiJson.Options) + "\n" : Text(request));
            return 0;
        });
        return command;
    }

    public static bool IsBeingChecked(RequestState state) => state is RequestState.Submitted or RequestState.Checking or RequestState.Resubmitted;

    public static string StateName(RequestState state) => RequestTransitions.Name(state);

    public static string Text(RequestDto r)
    {
        var w = new StringWriter();
        w.WriteLine($"request {r.Id}: {StateName(r.State)}");
        w.WriteLine($"  project {r.Project}, by {r.Requester}, revision {r.Revision}, updated {r.Updated:yyyy-MM-dd HH:mm:ss} UTC");
        if (r.Description.Length > 0) w.WriteLine($"  description: {r.Description}");
        foreach (var f in r.Files)
        {
            var verdict = f.Verdict is { } v ? v.ToString().ToLowerInvariant() : "not checked yet";
            w.WriteLine();
            w.WriteLine($"  {f.Name}: {f.State.ToString().ToLowerInvariant()} (engine: {verdict}), {f.Bytes:N0} bytes, sha256 {f.Sha256}");
            if (f.ApprovalsNeeded > 0 && f.State == FileState.Review)
                w.WriteLine($"    approvals: {f.Approvals} of {f.ApprovalsNeeded}");
            foreach (var finding in f.Findings)
            {
                w.WriteLine($"    [{finding.Severity.ToString().ToLowerInvariant()}] {finding.Rule}: {finding.Message}");
                w.WriteLine($"      where: {finding.Location}");
                if (!string.IsNullOrWhiteSpace(finding.Guidance)) w.WriteLine($"      how to fix: {finding.Guidance}");
            }
            foreach (var vote in f.Votes)
                w.WriteLine($"    {vote.Checker} voted {vote.Decision.ToString().ToLowerInvariant()}{(vote.Comment.Length > 0 ? ": " + vote.Comment : "")}");
            if (f.CanDownload) w.WriteLine($"    released: download it with its receipt: egress download {r.Id} (or from the request's page)");
        }
        return w.ToString();
    }
}
