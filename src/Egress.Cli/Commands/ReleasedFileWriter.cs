using System.Security.Cryptography;

namespace Egress.Cli.Commands;

/// <summary>What became of one downloaded file: kept (its hash matched the receipt) or not, with both hashes.</summary>
public sealed record SavedFile(string Path, bool Kept, string ActualSha256, string ExpectedSha256, long Bytes);

/// <summary>
/// Writes a downloaded file into a folder while hashing it, and keeps it under its own name only when its SHA-256 is
/// the one its receipt gives: a file that does not match is deleted, never left where it could be taken for the
/// released one.
/// </summary>
public static class ReleasedFileWriter
{
    public static SavedFile Save(Stream content, string folder, string name, string expectedSha256)
    {
        // The name comes from the server: a bare file name only, never a path out of the folder.
        if (name.Length == 0 || name != Path.GetFileName(name) || name is "." or ".." || name.Contains('\\'))
            throw new ServerException($"the server sent an unusable file name '{name}'");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name);
        var partial = target + ".partial";
        string actual;
        long bytes;
        try
        {
            using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                bytes = 0;
                while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    output.Write(buffer, 0, read);
                    bytes += read;
                }
                output.Flush(flushToDisk: true);
                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            if (!string.Equals(actual, expectedSha256.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(partial);
                return new SavedFile(target, false, actual, expectedSha256, bytes);
            }
            File.Move(partial, target, overwrite: true);
            return new SavedFile(target, true, actual, expectedSha256, bytes);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
