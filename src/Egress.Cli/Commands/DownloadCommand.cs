using System.CommandLine;
using System.Text.Json;
using Egress.Airlock;
using Egress.Web.Api;

namespace Egress.Cli.Commands;

/// <summary>
/// `egress download ID [--out DIR]`: a released request's files and their receipts from an Egress server. Each file's
/// SHA-256 is checked against its receipt while it is written; a file that does not match is not kept (exit 1).
/// A request that is not released is a usage error (exit 2).
/// </summary>
public static class DownloadCommand
{
    /// <summary>A file's content did not match its receipt: it was not kept.</summary>
    public const int Mismatch = 1;

    public static Command Create()
    {
        var id = new Argument<long>("id") { Description = "The request's number (printed by `egress submit`)." };
        var output = new Option<string?>("--out") { Description = "Folder to write the files and their receipts (NAME.receipt.json) to. Default: ./egress-request-ID." };
        var server = ServerOptions.Server();
        var token = ServerOptions.Token();
        var command = new Command("download", "Download a released request's files with their receipts; each file's SHA-256 is checked against its receipt.")
        {
            id, output, server, token,
        };
        command.SetAction(parse =>
        {
            var requestId = parse.GetValue(id);
            var folder = parse.GetValue(output) ?? $"egress-request-{requestId}";
            using var client = new ApiClient(parse.GetValue(server), parse.GetValue(token));
            var request = client.Request(requestId);
            if (request.State is not (RequestState.Released or RequestState.Approved))
                throw new UsageException($"request {requestId} is {StatusCommand.StateName(request.State)}, not released: there is nothing to download yet (egress status {requestId})");
            var files = request.Files.Where(f => f.CanDownload).ToList();
            if (files.Count == 0) throw new UsageException($"request {requestId} has no file you may download (only its requester and auditors may)");
            var mismatches = 0;
            foreach (var file in files)
            {
                var receipt = client.Receipt(file.Id);
                if (!string.Equals(receipt.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    mismatches++;
                    Console.Error.WriteLine($"egress: {file.Name}: its receipt says sha256 {receipt.Sha256} but the request lists {file.Sha256}; not downloaded");
                    continue;
                }
                SavedFile saved;
                using (var content = client.Content(file.Id))
                    saved = ReleasedFileWriter.Save(content, folder, receipt.Name, receipt.Sha256);
                if (!saved.Kept)
                {
                    mismatches++;
                    Console.Error.WriteLine($"egress: {receipt.Name}: its SHA-256 is {saved.ActualSha256} but its receipt says {receipt.Sha256}; the file was not kept");
                    continue;
                }
                File.WriteAllText(saved.Path + ".receipt.json", JsonSerializer.Serialize(receipt, ReceiptJson) + "\n");
                Console.WriteLine($"{saved.Path}: {saved.Bytes:N0} bytes, sha256 {saved.ActualSha256} (matches its receipt)");
            }
            if (mismatches > 0) return Mismatch;
            Console.WriteLine($"request {requestId}: {files.Count} file(s) in {folder}, each with its receipt");
            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions ReceiptJson = new(ApiJson.Options) { WriteIndented = true };
}
