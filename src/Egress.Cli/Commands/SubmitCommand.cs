using System.CommandLine;
using System.Text.Json;
using Egress.Web.Api;

namespace Egress.Cli.Commands;

/// <summary>`egress submit FILE… --project P`: sends files to an Egress server as one export request.</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "The files to take out.", Arity = ArgumentArity.OneOrMore };
        var project = new Option<string>("--project") { Description = "The project the files come from.", Required = true };
        var description = new Option<string?>("--description") { Description = "What the files are, for the output checker (needed)." };
        var server = ServerOptions.Server();
        var token = ServerOptions.Token();
        var json = new Option<bool>("--json") { Description = "Print the request as JSON." };
        var command = new Command("submit", "Submit files to an Egress server as one export request (needs an API token).")
        {
            files, project, description, server, token, json,
        };
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(files)!;
            foreach (var path in paths)
                if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            // The server needs a description (the checker's context); say so before uploading anything.
            var what = parse.GetValue(description);
            if (string.IsNullOrWhiteSpace(what)) throw new UsageException("pass --description TEXT: what the files are, for the output checker");
            using var client = new ApiClient(parse.GetValue(server), parse.GetValue(token));
            var request = client.Submit(paths, parse.GetValue(project)!, what);
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(request, ApiJson.Options));
            else
                Console.WriteLine($"request {request.Id} submitted: project {request.Project}, {request.Files.Count} file(s), {StatusCommand.StateName(request.State)}. Follow it with: egress status {request.Id}");
            return 0;
        });
        return command;
    }
}

/// <summary>The --server and --token options shared by the commands that talk to a server.</summary>
public static class ServerOptions
{
    public static Option<string?> Server() => new("--server")
    {
        Description = $"The Egress server's URL. Default: EGRESS_SERVER, else {ApiClient.DefaultServer}.",
    };

    public static Option<string?> Token() => new("--token")
    {
        Description = "An API token (egt_…). Default: EGRESS_TOKEN. Prefer the variable: a command line is visible to other users.",
    };
}
