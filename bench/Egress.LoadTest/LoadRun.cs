using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Egress.LoadTest;

/// <summary>
/// N researchers, each in a loop for the duration: submit a fresh ~1 MB table, poll the request until it
/// has a verdict, submit the next. Then waits for what is still being checked, and looks every accepted
/// request up again as an auditor: lost = accepted but no longer there; unfinished = still without a verdict.
/// </summary>
public static class LoadRun
{
    private static readonly HashSet<string> Pending = ["submitted", "checking", "resubmitted"];

    public static async Task<int> RunAsync(CommandLine options)
    {
        var server = new Uri(options.Required("server").TrimEnd('/') + "/");
        var tokens = (await File.ReadAllLinesAsync(options.Required("tokens"))).Select(l => l.Split(' ')).ToList();
        var seconds = options.Int("seconds", 60);
        var concurrency = options.Int("concurrency", 50);
        var bytes = options.Int("bytes", 1024 * 1024);
        var pollMs = options.Int("poll-ms", 250);
        var drainSeconds = options.Int("drain-seconds", 300);
        var label = options.Optional("label") ?? "run";
        var researchers = tokens.Where(t => t[0] == "researcher").Take(concurrency).ToList();
        var auditor = tokens.First(t => t[0] == "auditor")[3];
        if (researchers.Count < concurrency) throw new CommandLineException($"only {researchers.Count} researcher tokens for --concurrency {concurrency}");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(120),
        };
        var results = new ConcurrentBag<Outcome>();
        var errors = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        var window = TimeSpan.FromSeconds(seconds);
        var drainDeadline = window + TimeSpan.FromSeconds(drainSeconds);
        var workers = researchers.Select((r, i) => Task.Run(() =>
            ResearcherAsync(http, r[2], r[3], i, bytes, pollMs, clock, window, drainDeadline, results, errors))).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;

        // Every accepted request, looked up one by one as an auditor (the list answers only the newest 500).
        var accepted = results.Where(o => o.Id is not null).ToList();
        var listed = await LookUpAsync(http, auditor, accepted.Select(o => o.Id!.Value).ToList());
        var lost = accepted.Count(o => !listed.ContainsKey(o.Id!.Value));
        var unfinished = listed.Values.Count(s => Pending.Contains(s));
        var verdicts = accepted.Where(o => o.VerdictAt is not null).ToList();
        var latencies = verdicts.Select(o => (o.VerdictAt!.Value - o.SubmittedAt).TotalMilliseconds).Order().ToArray();
        var lastVerdict = verdicts.Count == 0 ? elapsed : verdicts.Max(o => o.VerdictAt!.Value);
        var inWindow = verdicts.Count(o => o.VerdictAt <= window);
        var states = listed.Values.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");

        var summary = new
        {
            label,
            researchers = concurrency,
            seconds,
            fileBytes = bytes,
            submitted = results.Count,
            accepted = accepted.Count,
            verdicts = verdicts.Count,
            verdictsPerSecondInWindow = Math.Round(inWindow / window.TotalSeconds, 2),
            verdictsPerSecondOverall = Math.Round(verdicts.Count / lastVerdict.TotalSeconds, 2),
            megabytesPerSecond = Math.Round(verdicts.Count * (double)bytes / (1024 * 1024) / lastVerdict.TotalSeconds, 2),
            p50Ms = Percentile(latencies, 0.50),
            p99Ms = Percentile(latencies, 0.99),
            maxMs = latencies.Length == 0 ? 0 : Math.Round(latencies[^1]),
            errors = errors.Values.Sum(),
            errorKinds = errors.ToDictionary(e => e.Key, e => e.Value),
            lost,
            unfinished,
            serverStates = string.Join(", ", states),
            elapsedSeconds = Math.Round(elapsed.TotalSeconds, 1),
        };
        Console.WriteLine(JsonSerializer.Serialize(summary));
        return summary.errors == 0 && lost == 0 && unfinished == 0 ? 0 : 1;
    }

    private sealed record Outcome(long? Id, TimeSpan SubmittedAt, TimeSpan? VerdictAt, string? State);

    private static async Task ResearcherAsync(HttpClient http, string project, string token, int index, int bytes, int pollMs,
        Stopwatch clock, TimeSpan window, TimeSpan drainDeadline, ConcurrentBag<Outcome> results, ConcurrentDictionary<string, int> errors)
    {
        var random = new Random(index * 7919 + 17);
        for (var n = 0; clock.Elapsed < window; n++)
        {
            var content = Table(random, bytes, index, n);
            var submittedAt = clock.Elapsed;
            long? id = null;
            try
            {
                using var form = new MultipartFormDataContent();
                form.Add(new StringContent(project), "project");
                form.Add(new StringContent($"load test: researcher {index}, output {n}"), "description");
                var file = new ByteArrayContent(content);
                file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                form.Add(file, "files", $"table-{index}-{n}.csv");
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/requests") { Content = form };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    errors.AddOrUpdate($"submit {(int)response.StatusCode}", 1, (_, c) => c + 1);
                    results.Add(new Outcome(null, submittedAt, null, null));
                    continue;
                }
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                id = json.RootElement.GetProperty("id").GetInt64();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                errors.AddOrUpdate($"submit {e.GetType().Name}", 1, (_, c) => c + 1);
                results.Add(new Outcome(null, submittedAt, null, null));
                continue;
            }

            string? state = null;
            TimeSpan? verdictAt = null;
            while (clock.Elapsed < drainDeadline)
            {
                await Task.Delay(pollMs);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/requests/{id}");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await http.SendAsync(request);
                    if (!response.IsSuccessStatusCode)
                    {
                        errors.AddOrUpdate($"status {(int)response.StatusCode}", 1, (_, c) => c + 1);
                        continue;
                    }
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    state = json.RootElement.GetProperty("state").GetString();
                    if (state is not null && !Pending.Contains(state))
                    {
                        verdictAt = clock.Elapsed;
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    errors.AddOrUpdate($"status {e.GetType().Name}", 1, (_, c) => c + 1);
                }
            }
            results.Add(new Outcome(id, submittedAt, verdictAt, state));
        }
    }

    /// <summary>A summary table of floats (what an analysis writes out), unique per output so nothing is deduplicated.</summary>
    private static byte[] Table(Random random, int bytes, int researcher, int output)
    {
        var text = new StringBuilder(bytes + 128);
        text.Append("model,term,estimate,std_error,statistic,p_value\n");
        var row = 0;
        while (text.Length < bytes)
        {
            text.Append(CultureInfo.InvariantCulture, $"m{researcher}_{output},x{row++},");
            text.Append(CultureInfo.InvariantCulture, $"{random.NextDouble() * 4 - 2:F6},{random.NextDouble():F6},{random.NextDouble() * 8 - 4:F5},{random.NextDouble():F6}\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>The state of each request the server still has (a 404 or any failure leaves it out: lost).</summary>
    private static async Task<Dictionary<long, string>> LookUpAsync(HttpClient http, string auditorToken, IReadOnlyList<long> ids)
    {
        var found = new ConcurrentDictionary<long, string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/requests/{id}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auditorToken);
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode) return;
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            found[id] = json.RootElement.GetProperty("state").GetString() ?? "";
        });
        return new Dictionary<long, string>(found);
    }

    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)]);
    }
}
