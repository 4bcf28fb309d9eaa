namespace Egress.Checks.Repositories;

/// <summary>
/// Reads blobs' contents through one long-running `git cat-file --batch`: ask for an object id, get its
/// header and exactly its size in bytes, copied to a stream as it comes (never held whole in memory).
/// </summary>
public sealed class BlobReader : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly Stream _output;
    private readonly Task<string> _error;

    public BlobReader(GitCommand git)
    {
        _process = git.Start("cat-file", "--batch");
        _output = _process.StandardOutput.BaseStream;
        _error = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>Copies one blob's bytes to <paramref name="destination"/>; returns the size git reported.</summary>
    public long CopyTo(string objectId, Stream destination)
    {
        _process.StandardInput.WriteLine(objectId);
        _process.StandardInput.Flush();
        var header = ReadLine();
        var fields = header.Split(' ');
        if (fields.Length < 3 || fields[1] != "blob" || !long.TryParse(fields[2], out var size))
            throw new GitException($"git cat-file --batch gave '{header}' for {objectId}");
        var buffer = new byte[1 << 16];
        var left = size;
        while (left > 0)
        {
            var n = _output.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n <= 0) throw new GitException($"git cat-file --batch ended inside {objectId}");
            destination.Write(buffer, 0, n);
            left -= n;
        }
        if (_output.ReadByte() != '\n') throw new GitException($"git cat-file --batch: no newline after {objectId}");
        return size;
    }

    private string ReadLine()
    {
        var bytes = new List<byte>(64);
        while (true)
        {
            var b = _output.ReadByte();
            if (b < 0) throw new GitException($"git cat-file --batch stopped: {_error.Result.Trim()}");
            if (b == '\n') return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
            bytes.Add((byte)b);
        }
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
