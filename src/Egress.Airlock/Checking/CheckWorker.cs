using System.Security.Cryptography;
using Egress.Checks;

namespace Egress.Airlock.Checking;

/// <summary>
/// Claims checks from the queue and runs the engine on them, one at a time, renewing its lease while it
/// checks. Runs in-process (egress serve) or alone (egress worker); any number share one database.
/// A failure around the engine (a damaged quarantined file, a full disk) blocks the file; a crash leaves
/// the job to be claimed again when its lease expires.
/// </summary>
public sealed class CheckWorker
{
    private readonly AirlockService _service;
    private readonly CheckEngine? _engine;

    internal CheckWorker(AirlockService service, string name)
    {
        _service = service;
        Name = name;
        if (service.Index is { } index) _engine = new CheckEngine(index, service.Policy) { Workers = Math.Max(1, service.Options.EngineThreads) };
    }

    public string Name { get; }

    /// <summary>One line per claim and per completion, and the problems (the database unreachable and the like) the loop carries on after.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Checks until cancelled; waits the poll interval when the queue is empty.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await RunOnceAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log?.Invoke($"worker {Name}: {e.GetType().Name}: {e.Message}");
                worked = false;
            }
            if (!worked)
            {
                try { await Task.Delay(_service.Options.PollInterval, _service.Options.Clock, stop); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Claims and checks one job; false when there was none (or no index to check against).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct = default)
    {
        if (_engine is null) return false;
        var job = await _service.Queue.ClaimAsync(Name, ct);
        if (job is null) return false;
        if (job.Cancelled) return true;
        Log?.Invoke($"worker {Name}: claimed job {job.JobId} (file {job.FileId}, attempt {job.Attempts})");
        var result = job.Attempts > CheckQueue.MaxAttempts
            ? CheckResult.Failed($"started {job.Attempts - 1} times without finishing")
            : await CheckWithLeaseAsync(job, ct);
        if (!await _service.Queue.CompleteAsync(job, result, ct))
            Log?.Invoke($"worker {Name}: lost the lease on job {job.JobId}; another worker checks it");
        else
            Log?.Invoke($"worker {Name}: checked job {job.JobId}: {(result.Outcome?.Report.Verdict.ToString() ?? "failed").ToLowerInvariant()}");
        return true;
    }

    /// <summary>Runs the check while a timer renews the lease at a third of its length.</summary>
    internal async Task<CheckResult> CheckWithLeaseAsync(ClaimedJob job, CancellationToken ct)
    {
        var every = _service.Options.CheckLease / 3;
        using var renewing = new CancellationTokenSource();
        var renewer = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(every, _service.Options.Clock, renewing.Token);
                    if (!await _service.Queue.RenewAsync(job, renewing.Token)) return;
                }
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { Log?.Invoke($"worker {Name}: renewing job {job.JobId}: {e.Message}"); }
        }, CancellationToken.None);
        try
        {
            return await CheckAsync(job, ct);
        }
        finally
        {
            renewing.Cancel();
            await renewer;
        }
    }

    /// <summary>
    /// Copies the quarantined file under its own name into a private work folder (so findings name the
    /// file as the researcher did), checking its hash on the way, and runs the engine on the copy. A file of a
    /// request of several files is checked with the others (<see cref="CheckEngine.CheckRequest"/>): IDs and records
    /// split across the request's files are judged on their total, and this file's outcome is taken from that check.
    /// </summary>
    internal async Task<CheckResult> CheckAsync(ClaimedJob job, CancellationToken ct)
    {
        var (name, sha256, project) = await _service.FileForCheckAsync(job.FileId, ct);
        var (siblings, own) = await _service.RequestFilesForCheckAsync(job.FileId, ct);
        var together = siblings.Count >= 2 && own >= 0 && siblings.Sum(f => f.Bytes) <= CheckEngine.MaxPooledBytes;
        var work = Path.Combine(_service.WorkDir, $"{job.JobId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(work);
            var engine = _engine!;
            if (!together)
            {
                var copy = Path.Combine(work, name);
                if (!await CopyCheckedAsync(sha256, copy, ct)) return CheckResult.Failed("the quarantined copy does not have the hash it was stored with");
                var outcome = await Task.Run(() => engine.CheckDetailed(copy, project), ct);
                return CheckResult.From(outcome);
            }
            // Each file in a folder of its own, under its own name (names are unique within a request).
            var copies = new List<string>();
            for (var i = 0; i < siblings.Count; i++)
            {
                var folder = Path.Combine(work, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                var copy = Path.Combine(folder, siblings[i].Name);
                if (!await CopyCheckedAsync(siblings[i].Sha256, copy, ct))
                    return CheckResult.Failed(i == own ? "the quarantined copy does not have the hash it was stored with"
                        : $"the quarantined copy of {siblings[i].Name}, checked with this file, does not have the hash it was stored with");
                copies.Add(copy);
            }
            var pooled = await Task.Run(() => engine.CheckRequestFile(copies, own, project), ct);
            return CheckResult.From(pooled);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CheckResult.Failed($"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Copies a quarantined file, checking its hash on the way; false when the copy does not have the hash it was stored with.</summary>
    private async Task<bool> CopyCheckedAsync(string sha256, string copy, CancellationToken ct)
    {
        await using var source = new FileStream(_service.Quarantine.PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using var target = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset()) == sha256;
    }
}

/// <summary>In-process check workers; disposing stops them (a check in progress is left to be claimed again).</summary>
public sealed class CheckWorkerPool : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];

    private CheckWorkerPool() { }

    public int Count => _running.Count;

    internal static CheckWorkerPool Start(AirlockService service, int count, Action<string>? log = null)
    {
        var pool = new CheckWorkerPool();
        for (var i = 0; i < count; i++)
        {
            var worker = new CheckWorker(service, $"{Environment.MachineName}/{Environment.ProcessId}/{i}/{Guid.NewGuid():N}") { Log = log ?? (m => Console.Error.WriteLine(m)) };
            pool._running.Add(Task.Run(() => worker.RunAsync(pool._stop.Token)));
        }
        return pool;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        _stop.Dispose();
    }
}
