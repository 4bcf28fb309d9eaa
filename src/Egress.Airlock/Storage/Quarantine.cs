using System.Security.Cryptography;

namespace Egress.Airlock.Storage;

/// <summary>
/// Files waiting at the exit, content-addressed: DATA/quarantine/ab/&lt;sha256&gt;. An upload is written to a
/// temporary file with a byte cap (past it, nothing is kept), flushed to disk, and renamed into place, so a
/// stored file is always whole. Files are only read through the service's checks.
/// </summary>
public sealed class Quarantine
{
    private readonly string _root;
    private readonly string _incoming;

    public Quarantine(string root)
    {
        _root = root;
        _incoming = Path.Combine(root, "incoming");
        Directory.CreateDirectory(_incoming);
        RemoveStale(_incoming, TimeSpan.FromDays(1));
    }

    /// <summary>
    /// Uploads a crashed process left half-written. Only old ones: another process sharing the folder may be
    /// writing a fresh one right now.
    /// </summary>
    internal static void RemoveStale(string dir, TimeSpan age)
    {
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
        {
            if (DateTime.UtcNow - entry.LastWriteTimeUtc < age) continue;
            try
            {
                if (entry is DirectoryInfo d) d.Delete(recursive: true);
                else entry.Delete();
            }
            catch (IOException) { }
        }
    }

    public string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit)) throw new ArgumentException("not a SHA-256", nameof(sha256));
        return Path.Combine(_root, sha256[..2], sha256);
    }

    public bool Contains(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>
    /// Reads an upload into a temporary file, at most maxBytes (one byte more and it is deleted and the
    /// upload refused). The caller stores it with <see cref="Commit"/> or drops it with <see cref="Staged.Dispose"/>.
    /// </summary>
    public async Task<Staged> StageAsync(Stream content, long maxBytes, Func<long, LimitExceededException> tooLarge, CancellationToken ct)
    {
        var temp = Path.Combine(_incoming, $"{Guid.NewGuid():N}.part");
        var staged = new Staged(temp);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes) throw tooLarge(total);
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
                staged.Bytes = total;
            }
            staged.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    /// <summary>Moves a staged upload to its content address (atomic rename; an identical file already there is kept).</summary>
    public void Commit(Staged staged)
    {
        var target = PathOf(staged.Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target)) staged.Dispose();
        else
        {
            File.Move(staged.TempPath, target, overwrite: true);
            SyncDirectory(Path.GetDirectoryName(target)!);
        }
        staged.Committed = true;
    }

    /// <summary>Opens a stored file for reading, after checking it still has its hash (fail closed on damage).</summary>
    public async Task<Stream> OpenVerifiedAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        await using (var check = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous))
        {
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(check, ct));
            if (actual != sha256) throw new InvalidDataException($"quarantined file {sha256} is damaged (its content hashes to {actual})");
        }
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    /// <summary>Makes a rename durable: the directory entry is flushed too.</summary>
    private static void SyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using var handle = File.OpenHandle(dir, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>An upload read to a temporary file; deleted on dispose unless committed.</summary>
    public sealed class Staged(string tempPath) : IDisposable
    {
        public string TempPath { get; } = tempPath;
        public string Sha256 { get; internal set; } = "";
        public long Bytes { get; internal set; }
        internal bool Committed { get; set; }

        public void Dispose()
        {
            if (Committed) return;
            try { File.Delete(TempPath); } catch (IOException) { }
        }
    }
}
